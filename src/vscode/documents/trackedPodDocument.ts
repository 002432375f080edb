// One open pod document and everything known about it (as GitLens's trackers/trackedDocument.ts
// owns a document's state): the pod it was opened from or last patched to (its base), the newest
// live resourceVersion the watch saw, the file time and size the file system reports, whether a send is in
// flight, the server's 422 causes, the follow-up of a save, and the inverse of the last patch.
// The file system provider, the diagnostics, the watcher and the commands read and change it here.
import type * as vscode from 'vscode';
import type { Pod } from '../../core/pod';
import type { PodPatch } from '../../core/patch/podPatch';
import type { PlacedCause } from '../../core/lint/statusCauses';
import type { PodAddress } from './podUri';
import type { WorkloadKind } from '../../core/cluster/workloadResources';
import { isNewer } from '../../core/cluster/resourceVersion';

export type DocumentChangeReason = 'opened' | 'base' | 'live' | 'podDeleted' | 'busy' | 'causes' | 'closed';

/** The inverse of the last patch sent from this document, and the resourceVersion that patch produced. */
export type LastPatch = { inverse: PodPatch; producedResourceVersion: string; paths: string[] };

export function resourceVersionOf(pod: Pod | undefined): string {
  return pod?.metadata?.resourceVersion ?? '';
}

export class TrackedPodDocument implements PodAddress {
  readonly context: string;
  readonly namespace: string;
  readonly name: string;
  /** A workload's document (its pods' owner); absent for a pod. */
  readonly workload?: WorkloadKind;
  private currentBase: Pod;
  /** The mtime stat() reports: every new base that the buffer does not already show gets a newer one. */
  fileTime: number;
  /** Bytes of the last text served or saved (stat reports them). */
  size = 0;
  /** The newest resourceVersion the watch saw when it is newer than the base (the watch keeps summaries: Rebase fetches the pod). */
  liveResourceVersion?: string;
  /** The live pod at `liveResourceVersion`, once fetched (the resize lens and diagnostics read it). */
  live?: Pod;
  /** The watch saw the pod deleted: saving cannot patch it any more. */
  deleted = false;
  lastPatch?: LastPatch;
  /** The server's 422 causes, shown until the text changes from `version`. */
  serverCauses?: { version: number; causes: PlacedCause[] };
  /** What to do once VS Code has finished the save that is under way (set by the save, run on onDidSave). */
  afterSave?: (document: vscode.TextDocument) => Promise<void>;
  private busyCount = 0;

  constructor(
    readonly uri: vscode.Uri,
    address: PodAddress,
    base: Pod,
    fileTime: number,
    private readonly changed: (doc: TrackedPodDocument, reason: DocumentChangeReason) => void,
  ) {
    this.context = address.context;
    this.namespace = address.namespace;
    this.name = address.name;
    if (address.workload) this.workload = address.workload;
    this.currentBase = base;
    this.fileTime = fileTime;
  }

  get base(): Pod {
    return this.currentBase;
  }

  get resourceVersion(): string {
    return resourceVersionOf(this.currentBase);
  }

  get label(): string {
    return `${this.namespace}/${this.name}`;
  }

  /** What the document holds, for messages: 'pod' or the workload's kind. */
  get noun(): string {
    return this.workload ?? 'pod';
  }

  /** True while a save, patch, rebase or recreate of this document is in flight. */
  get busy(): boolean {
    return this.busyCount > 0;
  }

  /** The live pod really differs from the base (a newer resourceVersion seen by the watch). */
  get stale(): boolean {
    return this.liveResourceVersion !== undefined && isNewer(this.liveResourceVersion, this.resourceVersion);
  }

  /**
   * A new base. `showsBase`: the buffer already holds it (or is dirty and keeps its text), so the
   * file time stays: VS Code would otherwise call the next save "modified since". Otherwise the
   * time moves on so a clean document is read again.
   */
  setBase(pod: Pod, opts: { keepFileTime: boolean }): void {
    this.currentBase = pod;
    if (!opts.keepFileTime) this.fileTime = nextTime(this.fileTime);
    if (this.liveResourceVersion && !isNewer(this.liveResourceVersion, resourceVersionOf(pod))) { this.liveResourceVersion = undefined; this.live = undefined; }
    this.deleted = false;
    this.changed(this, 'base');
  }

  /** Re-read from the cluster (readFile): the base and file time VS Code's stat saw. */
  opened(pod: Pod, fileTime: number | undefined): void {
    this.currentBase = pod;
    this.fileTime = fileTime ?? nextTime(this.fileTime);
    this.liveResourceVersion = undefined;
    this.live = undefined;
    this.deleted = false;
    this.changed(this, 'opened');
  }

  /** The watch saw the pod at `rv`: remembered when newer than the base. True when that is news. */
  noteLive(rv: string): boolean {
    if (!isNewer(rv, this.resourceVersion) || rv === this.liveResourceVersion) return false;
    this.liveResourceVersion = rv;
    this.deleted = false;
    this.changed(this, 'live');
    return true;
  }

  /** The pod fetched for the newest version the watch saw (an older fetch that arrives late is dropped). */
  noteLivePod(pod: Pod): void {
    if (resourceVersionOf(pod) !== this.liveResourceVersion && !isNewer(resourceVersionOf(pod), this.liveResourceVersion ?? '')) return;
    this.live = pod;
    this.changed(this, 'live');
  }

  notePodDeleted(): boolean {
    if (this.deleted) return false;
    this.deleted = true;
    this.changed(this, 'podDeleted');
    return true;
  }

  setServerCauses(version: number, causes: PlacedCause[]): void {
    this.serverCauses = causes.length ? { version, causes } : undefined;
    this.changed(this, 'causes');
  }

  /** Marks the document busy while `work` runs: the watch's news about its own patch is not news. */
  async track<T>(work: () => Promise<T>): Promise<T> {
    this.busyCount++;
    try {
      return await work();
    } finally {
      this.busyCount--;
      if (!this.busyCount) this.changed(this, 'busy');
    }
  }
}

// VS Code compares mtimes to detect "changed on disk": every new time must be strictly newer.
function nextTime(old: number): number {
  const now = Date.now();
  return old >= now ? old + 1 : now;
}
