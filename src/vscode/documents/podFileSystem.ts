// `podpatch:/<context>/<namespace>/<name>.yaml`: a live pod as a file, a thin adapter on the
// tracked documents. Reading fetches the pod and makes it the document's base; writing (saving) hands the text to the save handler, which patches.
// A save never fails here for a tracked document: the handler answers every outcome itself with
// one podpatch message, so VS Code never adds its own "Unable to write file" (whose Revert would
// throw the edits away); what must stay unsaved is made dirty again once the save is done.
import * as vscode from 'vscode';
import { ApiError } from '../../core/cluster/apiError';
import type { ClusterService } from '../cluster/clusterService';
import { messageOf } from '../cluster/clusterService';
import { DisposableBase } from '../lifecycle/disposableBase';
import { ResourceMap } from '../lifecycle/resourceMap';
import type { PodDocuments } from './podDocuments';
import type { TrackedPodDocument } from './trackedPodDocument';
import { parsePodUri, podScheme } from './podUri';
import { renderPodYaml } from './podYaml';

/** Handles the save of a tracked document's text; never throws (it reports outcomes itself). */
export type SaveHandler = (doc: TrackedPodDocument, text: string) => Promise<void>;

const fetchTimeoutMs = 30_000;

export class PodFileSystem extends DisposableBase implements vscode.FileSystemProvider {
  private readonly changeEmitter = this.register(new vscode.EventEmitter<vscode.FileChangeEvent[]>());
  readonly onDidChangeFile = this.changeEmitter.event;
  /**
   * The mtime stat() last reported per URI. VS Code stats, then reads, and keeps the stat from
   * before the read: the base a read records must carry that same mtime, or VS Code's next save
   * fails with "File Modified Since". Kept here because the first stat comes before the document is tracked.
   */
  private readonly statTimes = new ResourceMap<number>();
  private save: SaveHandler = async () => undefined;

  constructor(private readonly clusters: ClusterService, private readonly documents: PodDocuments, private readonly log: vscode.LogOutputChannel) {
    super();
    this.register(vscode.workspace.registerFileSystemProvider(podScheme, this, { isCaseSensitive: true }));
    this.register(documents.onDidChange((e) => { if (e.reason === 'closed') this.statTimes.delete(e.uri); }));
  }

  /** The patch features install their save handler (they are created after the file system). */
  setSaveHandler(save: SaveHandler): void {
    this.save = save;
  }

  /** Makes VS Code read a clean document again (the live pod changed). */
  reload(uri: vscode.Uri): void {
    const doc = this.documents.get(uri);
    if (doc) doc.fileTime = Math.max(doc.fileTime + 1, Date.now());
    this.changeEmitter.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined); // changes are announced by the pod watch instead
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    if (!parsePodUri(uri)) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const doc = this.documents.get(uri);
    const mtime = doc?.fileTime ?? Date.now();
    this.statTimes.set(uri, mtime);
    return { type: vscode.FileType.File, ctime: mtime, mtime, size: doc?.size ?? 0 };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const address = parsePodUri(uri);
    if (!address) throw vscode.FileSystemError.FileIsADirectory(uri);
    const { context, namespace, name, workload } = address;
    const noun = workload ?? 'pod';
    let pod;
    try {
      const client = this.clusters.getClient(context);
      const signal = AbortSignal.timeout(fetchTimeoutMs);
      pod = await (workload ? client.getWorkload(workload, namespace, name, { signal }) : client.getPod(namespace, name, { signal }));
    } catch (err) {
      this.log.error(`Cannot open ${noun} ${namespace}/${name} of ${context}: ${messageOf(err)}`);
      if (err instanceof ApiError && err.code === 404) throw vscode.FileSystemError.FileNotFound(`${workload ?? 'Pod'} ${namespace}/${name} does not exist in context ${context}.`);
      throw vscode.FileSystemError.Unavailable(`Cannot fetch ${noun} ${namespace}/${name} from ${context}: ${messageOf(err)}`);
    }
    const doc = this.documents.opened(uri, address, pod, this.statTimes.get(uri));
    const bytes = new TextEncoder().encode(renderPodYaml(pod, context));
    doc.size = bytes.byteLength;
    this.log.info(`Read ${noun} ${namespace}/${name} of ${context} at resourceVersion ${doc.resourceVersion}`);
    return bytes;
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const doc = parsePodUri(uri) ? this.documents.get(uri) : undefined;
    if (!doc) {
      throw vscode.FileSystemError.NoPermissions('Only a pod opened from the podpatch view can be saved here (saving patches it); creating pods this way is not supported.');
    }
    await doc.track(() => this.save(doc, new TextDecoder().decode(content)));
    doc.size = content.byteLength;
  }

  readDirectory(uri: vscode.Uri): [string, vscode.FileType][] {
    const parts = uri.path.split('/').filter((p) => p).map(decodeURIComponent);
    if (parts.length === 0) return this.clusters.contexts.map((c) => [encodeURIComponent(c.name), vscode.FileType.Directory]);
    const cache = this.clusters.getWatchCache(parts[0]);
    if (!cache) return [];
    if (parts.length === 1) return cache.namespaces().map((ns) => [encodeURIComponent(ns), vscode.FileType.Directory]);
    if (parts.length > 2) return []; // a workload folder: its objects are opened by name, not listed
    return cache.pods(parts[1]).map((p) => [encodeURIComponent(`${p.name}.yaml`), vscode.FileType.File]);
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
}
