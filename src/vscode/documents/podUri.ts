// The address of a pod document: `podpatch:/<context>/<namespace>/<name>.yaml`, and of a workload
// document (the owner of pods): `podpatch:/<context>/<namespace>/<plural>/<name>.yaml`, e.g.
// `.../default/deployments/web.yaml`. Context names can hold `/` or `:` (EKS ARNs,
// `user@cluster`), so each segment is percent-encoded.
import * as vscode from 'vscode';
import { kindOfPlural, isWorkloadKind, ownerPlural, type WorkloadKind } from '../../core/cluster/workloadResources';

export const podScheme = 'podpatch';

/** `workload` absent: a pod. */
export type PodAddress = { context: string; namespace: string; name: string; workload?: WorkloadKind };

export function podUri(context: string, namespace: string, name: string, workload?: WorkloadKind): vscode.Uri {
  const segments = workload ? [context, namespace, ownerPlural(workload), name + '.yaml'] : [context, namespace, name + '.yaml'];
  return vscode.Uri.from({ scheme: podScheme, path: '/' + segments.map(encodeURIComponent).join('/') });
}

/** The pod or workload a `podpatch:` URI names, or undefined for any other URI (or a folder-like one). */
export function parsePodUri(uri: vscode.Uri): PodAddress | undefined {
  if (uri.scheme !== podScheme) return undefined;
  const parts = uri.path.split('/').filter((p) => p.length > 0);
  if ((parts.length !== 3 && parts.length !== 4) || !parts[parts.length - 1].endsWith('.yaml')) return undefined;
  try {
    const decoded = parts.map(decodeURIComponent);
    const name = decoded[decoded.length - 1].slice(0, -'.yaml'.length);
    if (decoded.length === 3) return { context: decoded[0], namespace: decoded[1], name };
    const workload = kindOfPlural(decoded[2]);
    return workload && isWorkloadKind(workload) ? { context: decoded[0], namespace: decoded[1], name, workload } : undefined;
  } catch {
    return undefined; // malformed percent-encoding: not one of ours
  }
}
