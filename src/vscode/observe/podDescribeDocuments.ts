// The read-only `podpatch-describe:` documents: `kubectl describe pod` text that stays current
// while a tab shows it (one PodDescribeSession per document in DocumentFeeds: closing the last
// tab ends its watches).
import * as vscode from 'vscode';
import type { ClusterService } from '../cluster/clusterService';
import type { PodAddress } from '../documents/podUri';
import { DisposableBase } from '../lifecycle/disposableBase';
import { DocumentFeeds } from './documentFeeds';
import { describeScheme, describeUri, parseDescribeUri } from './observeUris';
import { PodDescribeSession } from './podDescribeSession';

const renderIntervalMs = 200;

export class PodDescribeDocuments extends DisposableBase implements vscode.TextDocumentContentProvider {
  private readonly changeEmitter = this.register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changeEmitter.event;
  private readonly sessions = this.register(new DocumentFeeds<PodDescribeSession>(renderIntervalMs, (uri) => this.changeEmitter.fire(uri)));

  constructor(private readonly clusters: ClusterService) {
    super();
    this.register(vscode.workspace.registerTextDocumentContentProvider(describeScheme, this));
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
    const session: PodDescribeSession = new PodDescribeSession(address, client, () => this.sessions.changed(uri, session));
    this.sessions.set(uri, session);
    return session;
  }
}
