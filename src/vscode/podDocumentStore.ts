// Remembers, per open pod document, the pod it was opened from (its base and resourceVersion):
// what diagnostics compare against, what a patch is computed from, what a rebase starts from.
import * as vscode from 'vscode';
import type { Pod } from '../core/pod';
import { parsePodUri, podUri, type PodAddress } from './podUri';

export type PodDocumentEntry = {
  context: string;
  namespace: string;
  name: string;
  /** The pod as fetched when the document was opened, or as returned by the last successful patch. */
  base: Pod;
  resourceVersion: string;
  /** When the base was last set (ms since epoch): the document's mtime for the file system provider. */
  baseTime: number;
  /** The newest live pod seen by the watch when it differs from the base (the document is stale). */
  live?: Pod;
  /** The watch saw the pod deleted: saving cannot patch it any more. */
  deleted?: boolean;
};

export type PodDocumentChange = { uri: vscode.Uri; entry: PodDocumentEntry | undefined; reason: 'set' | 'base' | 'live' | 'podDeleted' | 'delete' };

/** What the store needs to find the live pod for a local YAML file (satisfied by ClusterService). */
export interface LivePodSource {
  readonly currentContext: string | undefined;
  getWatchCache(context?: string): { get(ns: string, name: string): Pod | undefined } | undefined;
}

export function resourceVersionOf(pod: Pod | undefined): string {
  return pod?.metadata?.resourceVersion ?? '';
}

export class PodDocumentStore implements vscode.Disposable {
  private readonly entries = new Map<string, PodDocumentEntry>();
  private readonly changeEmitter = new vscode.EventEmitter<PodDocumentChange>();
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly live: LivePodSource) {}

  get(uri: vscode.Uri): PodDocumentEntry | undefined {
    return this.entries.get(uri.toString());
  }

  /** Records the base of a document (readFile calls this with the pod it rendered). */
  set(uri: vscode.Uri, entry: Omit<PodDocumentEntry, 'baseTime' | 'live'> & { baseTime?: number }): PodDocumentEntry {
    const full: PodDocumentEntry = { ...entry, baseTime: entry.baseTime ?? nextTime(this.entries.get(uri.toString())) };
    this.entries.set(uri.toString(), full);
    this.changeEmitter.fire({ uri, entry: full, reason: 'set' });
    return full;
  }

  /** After a successful patch or a rebase: the pod the server returned becomes the new base. */
  updateBase(uri: vscode.Uri, pod: Pod): PodDocumentEntry | undefined {
    const old = this.entries.get(uri.toString());
    if (!old) return undefined;
    const entry: PodDocumentEntry = { ...old, base: pod, resourceVersion: resourceVersionOf(pod), baseTime: nextTime(old), live: undefined, deleted: undefined };
    this.entries.set(uri.toString(), entry);
    this.changeEmitter.fire({ uri, entry, reason: 'base' });
    return entry;
  }

  /**
   * The watch saw the pod behind a document: remembers it when it is newer than the base
   * (the document is stale), forgets it when it is the base itself. Returns true when the
   * document just became stale or moved further behind.
   */
  noteLive(uri: vscode.Uri, pod: Pod): boolean {
    const old = this.entries.get(uri.toString());
    if (!old) return false;
    const rv = resourceVersionOf(pod);
    if (!isNewer(rv, old.resourceVersion) || rv === resourceVersionOf(old.live)) return false;
    const entry: PodDocumentEntry = { ...old, live: pod, deleted: undefined };
    this.entries.set(uri.toString(), entry);
    this.changeEmitter.fire({ uri, entry, reason: 'live' });
    return true;
  }

  /** The watch saw the pod behind the document deleted. Returns false when already known. */
  notePodDeleted(uri: vscode.Uri): boolean {
    const old = this.entries.get(uri.toString());
    if (!old || old.deleted) return false;
    const entry: PodDocumentEntry = { ...old, deleted: true };
    this.entries.set(uri.toString(), entry);
    this.changeEmitter.fire({ uri, entry, reason: 'podDeleted' });
    return true;
  }

  delete(uri: vscode.Uri): void {
    if (this.entries.delete(uri.toString())) this.changeEmitter.fire({ uri, entry: undefined, reason: 'delete' });
  }

  /** Every open pod document (uri string → entry). */
  all(): ReadonlyMap<string, PodDocumentEntry> {
    return this.entries;
  }

  uriFor(context: string, namespace: string, name: string): vscode.Uri {
    return podUri(context, namespace, name);
  }

  parseUri(uri: vscode.Uri): PodAddress | undefined {
    return parsePodUri(uri);
  }

  /** For a local YAML file holding a Pod: the live pod of that name in the current context's watch cache. */
  baseForLocalFile(namespace: string, name: string): Pod | undefined {
    return this.live.getWatchCache(this.live.currentContext)?.get(namespace, name);
  }

  dispose(): void {
    this.changeEmitter.dispose();
    this.entries.clear();
  }
}

// VS Code compares mtimes to detect "changed on disk": every new base must get a strictly newer one.
function nextTime(old: PodDocumentEntry | undefined): number {
  const now = Date.now();
  return old && old.baseTime >= now ? old.baseTime + 1 : now;
}

/**
 * Whether `rv` is a later version than `than`. resourceVersions are opaque, but every server we
 * talk to (etcd-backed, and the sandbox) issues increasing integers; comparing them keeps a
 * late-arriving older watch event from marking a freshly patched document stale.
 */
export function isNewer(rv: string, than: string): boolean {
  if (rv === than) return false;
  if (/^\d+$/.test(rv) && /^\d+$/.test(than)) return BigInt(rv) > BigInt(than);
  return true;
}
