// The address of a pod document: `podpatch:/<context>/<namespace>/<name>.yaml`. Context names can
// hold `/` or `:` (EKS ARNs, `user@cluster`), so each segment is percent-encoded.
import * as vscode from 'vscode';

export const podScheme = 'podpatch';

export type PodAddress = { context: string; namespace: string; name: string };

export function podUri(context: string, namespace: string, name: string): vscode.Uri {
  const path = '/' + [context, namespace, name + '.yaml'].map(encodeURIComponent).join('/');
  return vscode.Uri.from({ scheme: podScheme, path });
}

/** The pod a `podpatch:` URI names, or undefined for any other URI (or a folder-like one). */
export function parsePodUri(uri: vscode.Uri): PodAddress | undefined {
  if (uri.scheme !== podScheme) return undefined;
  const parts = uri.path.split('/').filter((p) => p.length > 0);
  if (parts.length !== 3 || !parts[2].endsWith('.yaml')) return undefined;
  try {
    const [context, namespace, file] = parts.map(decodeURIComponent);
    return { context, namespace, name: file.slice(0, -'.yaml'.length) };
  } catch {
    return undefined; // malformed percent-encoding: not one of ours
  }
}
