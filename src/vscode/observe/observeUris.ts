// Addresses of the read-only documents: a container's log,
// `podpatch-logs:/<context>/<namespace>/<pod>/<container>/<pod> · <container>.log` (the last
// segment is the tab's title; `(previous)` in it for the last terminated instance), and a pod's
// description, `podpatch-describe:/<context>/<namespace>/<pod>.describe`. Only `%` and `/` are
// escaped in a segment (context names hold `/`): the last segment is the tab's title as written.
import * as vscode from 'vscode';
import type { PodAddress } from '../documents/podUri';

export const logsScheme = 'podpatch-logs';
export const describeScheme = 'podpatch-describe';

export type LogAddress = PodAddress & { container: string; previous: boolean };

export function logUri(a: LogAddress): vscode.Uri {
  const title = `${a.name} · ${a.container}${a.previous ? ' (previous)' : ''}.log`;
  return vscode.Uri.from({ scheme: logsScheme, path: '/' + [a.context, a.namespace, a.name, a.container, title].map(segment).join('/') });
}

export function parseLogUri(uri: vscode.Uri): LogAddress | undefined {
  if (uri.scheme !== logsScheme) return undefined;
  const parts = decodedParts(uri);
  if (parts?.length !== 5) return undefined;
  const [context, namespace, name, container, title] = parts;
  return { context, namespace, name, container, previous: title.endsWith(' (previous).log') };
}

export function describeUri(a: PodAddress): vscode.Uri {
  return vscode.Uri.from({ scheme: describeScheme, path: '/' + [a.context, a.namespace, `${a.name}.describe`].map(segment).join('/') });
}

export function parseDescribeUri(uri: vscode.Uri): PodAddress | undefined {
  if (uri.scheme !== describeScheme) return undefined;
  const parts = decodedParts(uri);
  if (parts?.length !== 3 || !parts[2].endsWith('.describe')) return undefined;
  return { context: parts[0], namespace: parts[1], name: parts[2].slice(0, -'.describe'.length) };
}

function segment(text: string): string {
  return text.replace(/%/g, '%25').replace(/\//g, '%2F');
}

function decodedParts(uri: vscode.Uri): string[] | undefined {
  try {
    return uri.path.split('/').filter((p) => p.length > 0).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

/** Whether any tab still shows `uri` (closing the last one ends what feeds the document). */
export function isShownInTab(uri: vscode.Uri): boolean {
  const key = uri.toString();
  return vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key));
}
