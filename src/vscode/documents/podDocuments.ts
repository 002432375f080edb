// The open pod documents: one TrackedPodDocument per `podpatch:` URI, created when the file system
// provider first reads it and dropped when VS Code closes it. One change event for all of them.
import * as vscode from 'vscode';
import type { Pod } from '../../core/pod';
import { DisposableBase } from '../lifecycle/disposableBase';
import { ResourceMap } from '../lifecycle/resourceMap';
import { parsePodUri, podUri, type PodAddress } from './podUri';
import { TrackedPodDocument, type DocumentChangeReason } from './trackedPodDocument';
import { LocalFileBases, type LivePodSource } from './localFileBases';

export type PodDocumentChange = { uri: vscode.Uri; document: TrackedPodDocument | undefined; reason: DocumentChangeReason };

export class PodDocuments extends DisposableBase {
  private readonly tracked = new ResourceMap<TrackedPodDocument>();
  private readonly changeEmitter = this.register(new vscode.EventEmitter<PodDocumentChange>());
  readonly onDidChange = this.changeEmitter.event;
  /** The live pods local YAML files are compared with (fetched on demand: the watch keeps summaries). */
  readonly localBases: LocalFileBases;

  constructor(live: LivePodSource) {
    super();
    this.localBases = this.register(new LocalFileBases(live));
  }

  get(uri: vscode.Uri): TrackedPodDocument | undefined {
    return this.tracked.get(uri);
  }

  /** readFile fetched the pod: the document's base (a new tracked document on first read). */
  opened(uri: vscode.Uri, address: PodAddress, pod: Pod, fileTime: number | undefined): TrackedPodDocument {
    const known = this.tracked.get(uri);
    if (known) {
      known.opened(pod, fileTime);
      return known;
    }
    const doc = new TrackedPodDocument(uri, address, pod, fileTime ?? Date.now(), (d, reason) => this.changeEmitter.fire({ uri: d.uri, document: d, reason }));
    this.tracked.set(uri, doc);
    this.changeEmitter.fire({ uri, document: doc, reason: 'opened' });
    return doc;
  }

  close(uri: vscode.Uri): void {
    if (this.tracked.delete(uri)) this.changeEmitter.fire({ uri, document: undefined, reason: 'closed' });
  }

  all(): IterableIterator<TrackedPodDocument> {
    return this.tracked.values();
  }

  get size(): number {
    return this.tracked.size;
  }

  uriFor(context: string, namespace: string, name: string): vscode.Uri {
    return podUri(context, namespace, name);
  }

  parseUri(uri: vscode.Uri): PodAddress | undefined {
    return parsePodUri(uri);
  }

  /** For a local YAML file holding a Pod: the live pod of that name in the current context ('fetching' while its GET is under way). */
  baseForLocalFile(namespace: string, name: string): Pod | 'fetching' | undefined {
    return this.localBases.get(namespace, name);
  }

  override dispose(): void {
    this.tracked.clear();
    super.dispose();
  }
}
