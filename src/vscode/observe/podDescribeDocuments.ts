// The read-only `podpatch-describe:` documents: `kubectl describe pod` text that stays current
// while a tab shows it (one PodDescribeSession per document; closing the last tab ends its watches).
import * as vscode from 'vscode';
import type { ClusterService } from '../cluster/clusterService';
import type { PodAddress } from '../documents/podUri';
import { DisposableBase } from '../lifecycle/disposableBase';
import { ResourceMap } from '../lifecycle/resourceMap';
import { describeScheme, describeUri, isShownInTab, parseDescribeUri } from './observeUris';
import { PodDescribeSession } from './podDescribeSession';

const renderIntervalMs = 200;

export class PodDescribeDocuments extends DisposableBase implements vscode.TextDocumentContentProvider {
  private readonly sessions = new ResourceMap<PodDescribeSession>();
  private readonly pending = new ResourceMap<NodeJS.Timeout>();
  private readonly changeEmitter = this.register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly clusters: ClusterService) {
    super();
    this.register(vscode.workspace.registerTextDocumentContentProvider(describeScheme, this));
    this.register(vscode.window.tabGroups.onDidChangeTabs((e) => {
      if (!e.closed.length) return;
      for (const [uri] of [...this.sessions.entries()]) if (!isShownInTab(uri)) this.end(uri);
    }));
    this.register(vscode.workspace.onDidCloseTextDocument((d) => { if (d.uri.scheme === describeScheme) this.end(d.uri); }));
    this.register({ dispose: () => { for (const [uri] of [...this.sessions.entries()]) this.end(uri); } });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const session = this.sessions.get(uri) ?? this.start(uri);
    return session ? session.text() : '';
  }

  session(uri: vscode.Uri): PodDescribeSession | undefined {
    return this.sessions.get(uri);
  }

  async open(pod: PodAddress): Promise<vscode.TextEditor> {
    const doc = await vscode.workspace.openTextDocument(describeUri(pod));
    return vscode.window.showTextDocument(doc, { preview: false });
  }

  private start(uri: vscode.Uri): PodDescribeSession | undefined {
    const address = parseDescribeUri(uri);
    if (!address || this.isDisposed) return undefined;
    let client;
    try {
      client = this.clusters.getClient(address.context);
    } catch {
      return undefined;
    }
    const session: PodDescribeSession = new PodDescribeSession(address, client, () => this.schedule(uri, session));
    this.sessions.set(uri, session);
    return session;
  }

  private schedule(uri: vscode.Uri, session: PodDescribeSession): void {
    if (this.isDisposed || this.sessions.get(uri) !== session || this.pending.has(uri)) return;
    this.pending.set(uri, setTimeout(() => {
      this.pending.delete(uri);
      if (this.sessions.get(uri) === session) this.changeEmitter.fire(uri);
    }, renderIntervalMs));
  }

  private end(uri: vscode.Uri): void {
    const session = this.sessions.get(uri);
    if (!session) return;
    this.sessions.delete(uri);
    const timer = this.pending.get(uri);
    if (timer) clearTimeout(timer);
    this.pending.delete(uri);
    session.dispose();
  }
}
