// `podpatch:/<context>/<namespace>/<name>.yaml`: a live pod as a file. Reading fetches the pod and
// records it as the document's base; writing (saving) hands the buffer to the patch flow, so a
// save is a patch and a failed save leaves the buffer dirty and intact.
import * as vscode from 'vscode';
import { ApiError } from '../core/cluster/apiError';
import type { ClusterService } from './clusterService';
import { messageOf } from './clusterService';
import type { PodDocumentStore } from './podDocumentStore';
import { resourceVersionOf } from './podDocumentStore';
import { parsePodUri, podScheme } from './podUri';
import { renderPodYaml } from './podYaml';

export type SavePodDocument = (uri: vscode.Uri, content: Uint8Array) => Promise<void>;

const fetchTimeoutMs = 30_000;

export class PodFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changeEmitter.event;
  /** Sizes of the last text served per document (stat reports them). */
  private readonly sizes = new Map<string, number>();
  /** Documents asked to reload: stat reports a newer mtime so VS Code reads them again. */
  private readonly reloadTimes = new Map<string, number>();
  /**
   * The mtime stat() last reported per document. VS Code stats, then reads, and keeps the stat
   * from before the read: the base a read records must carry that same mtime, or VS Code's next
   * save of the document fails with "File Modified Since" (mtime newer and size changed).
   */
  private readonly statTimes = new Map<string, number>();
  /** Documents being saved: the watch reports their own patch before the response lands. */
  private readonly saving = new Set<string>();
  private readonly savedEmitter = new vscode.EventEmitter<vscode.Uri>();
  /** A save finished (patched or failed): the document's base is final again. */
  readonly onDidFinishSave = this.savedEmitter.event;

  constructor(
    private readonly clusters: ClusterService,
    private readonly documents: PodDocumentStore,
    private readonly log: vscode.LogOutputChannel,
    private readonly save: SavePodDocument,
  ) {}

  static register(fs: PodFileSystem): vscode.Disposable {
    return vscode.workspace.registerFileSystemProvider(podScheme, fs, { isCaseSensitive: true });
  }

  /** Makes VS Code read a (clean) document again, e.g. after the live pod changed. */
  reload(uri: vscode.Uri): void {
    this.reloadTimes.set(uri.toString(), Date.now() + 1);
    this.changeEmitter.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined); // changes are announced by the pod watch instead
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    const address = parsePodUri(uri);
    if (!address) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const entry = this.documents.get(uri);
    const mtime = Math.max(entry?.baseTime ?? 0, this.reloadTimes.get(uri.toString()) ?? 0) || Date.now();
    this.statTimes.set(uri.toString(), mtime);
    return { type: vscode.FileType.File, ctime: mtime, mtime, size: this.sizes.get(uri.toString()) ?? 0 };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const address = parsePodUri(uri);
    if (!address) throw vscode.FileSystemError.FileIsADirectory(uri);
    const { context, namespace, name } = address;
    let pod;
    try {
      pod = await this.clusters.getClient(context).getPod(namespace, name, { signal: AbortSignal.timeout(fetchTimeoutMs) });
    } catch (err) {
      this.log.error(`Cannot open pod ${namespace}/${name} of ${context}: ${messageOf(err)}`);
      if (err instanceof ApiError && err.code === 404) throw vscode.FileSystemError.FileNotFound(`Pod ${namespace}/${name} does not exist in context ${context}.`);
      throw vscode.FileSystemError.Unavailable(`Cannot fetch pod ${namespace}/${name} from ${context}: ${messageOf(err)}`);
    }
    const statTime = this.statTimes.get(uri.toString());
    const entry = this.documents.set(uri, { context, namespace, name, base: pod, resourceVersion: resourceVersionOf(pod), baseTime: statTime });
    this.reloadTimes.delete(uri.toString());
    const bytes = new TextEncoder().encode(renderPodYaml(pod, context));
    this.sizes.set(uri.toString(), bytes.byteLength);
    this.log.info(`Opened pod ${namespace}/${name} of ${context} at resourceVersion ${entry.resourceVersion}`);
    return bytes;
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    if (!parsePodUri(uri) || !this.documents.get(uri)) {
      throw vscode.FileSystemError.NoPermissions('Only a pod opened from the podpatch view can be saved here (saving patches it); creating pods this way is not supported.');
    }
    this.saving.add(uri.toString());
    try {
      await this.save(uri, content);
      this.sizes.set(uri.toString(), content.byteLength);
    } finally {
      this.saving.delete(uri.toString());
      this.savedEmitter.fire(uri);
    }
  }

  isSaving(uri: vscode.Uri): boolean {
    return this.saving.has(uri.toString());
  }

  readDirectory(uri: vscode.Uri): [string, vscode.FileType][] {
    const parts = uri.path.split('/').filter((p) => p).map(decodeURIComponent);
    if (parts.length === 0) return this.clusters.contexts.map((c) => [encodeURIComponent(c.name), vscode.FileType.Directory]);
    const cache = this.clusters.getWatchCache(parts[0]);
    if (!cache) return [];
    if (parts.length === 1) return cache.namespaces().map((ns) => [encodeURIComponent(ns), vscode.FileType.Directory]);
    return cache.pods(parts[1]).map((p) => [encodeURIComponent(`${p.metadata?.name ?? ''}.yaml`), vscode.FileType.File]);
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('Namespaces cannot be created from podpatch.');
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions('Use "podpatch: Delete Pod" to delete a pod.');
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('Pods cannot be renamed.');
  }

  /** Forgets what it kept for a closed document. */
  forget(uri: vscode.Uri): void {
    this.sizes.delete(uri.toString());
    this.reloadTimes.delete(uri.toString());
    this.statTimes.delete(uri.toString());
  }

  dispose(): void {
    this.changeEmitter.dispose();
    this.savedEmitter.dispose();
  }
}
