// The read-only log documents (`podpatch-logs:`): a TextDocumentContentProvider over one
// ContainerLogSession per document (DocumentFeeds: coalesced updates, the stream ended with the
// last tab); an editor whose cursor sits on the last line follows the new lines. The context key `podpatch.logsFollowing`
// shows Stop Following in the title bar of a streaming document.
import * as vscode from 'vscode';
import type { ClusterService } from '../cluster/clusterService';
import { DisposableBase } from '../lifecycle/disposableBase';
import { ResourceMap } from '../lifecycle/resourceMap';
import { DocumentFeeds } from './documentFeeds';
import { ContainerLogSession, type LogOptions } from './containerLogSession';
import { logUri, logsScheme, parseLogUri, type LogAddress } from './observeUris';

const renderIntervalMs = 100;
const logLanguage = 'podpatch-log';

export class ContainerLogDocuments extends DisposableBase implements vscode.TextDocumentContentProvider {
  private readonly sessions: DocumentFeeds<ContainerLogSession>;
  /** Editors (by document) whose cursor was on the last line before the latest update. */
  private readonly followers = new ResourceMap<vscode.TextEditor[]>();
  private readonly changeEmitter = this.register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly clusters: ClusterService, private readonly log: vscode.LogOutputChannel) {
    super();
    this.sessions = this.register(new DocumentFeeds<ContainerLogSession>(renderIntervalMs, (uri) => this.render(uri), (uri) => {
      this.followers.delete(uri);
      this.updateContext();
    }));
    this.register(vscode.workspace.registerTextDocumentContentProvider(logsScheme, this));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.followEnd(e.document)));
    this.register(vscode.window.onDidChangeActiveTextEditor(() => this.updateContext()));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const session = this.sessions.get(uri);
    if (session) return session.text();
    // A log tab restored after a reload has no stream: say how to start one.
    return parseLogUri(uri) ? '[podpatch] Not streaming: run "podpatch: Show Container Logs" (or Reload Container Logs) to read this container again.\n' : '';
  }

  /** The session feeding `uri` (tests wait on its `done`). */
  session(uri: vscode.Uri): ContainerLogSession | undefined {
    return this.sessions.get(uri);
  }

  /** Starts (or restarts, with new options) the stream of a container and shows its document. */
  async open(address: LogAddress, options: LogOptions): Promise<vscode.TextEditor> {
    const uri = logUri(address);
    const client = this.clusters.getClient(address.context);
    const session: ContainerLogSession = new ContainerLogSession(address, options, client, () => this.sessions.changed(uri, session), (line) => this.log.info(line));
    this.sessions.set(uri, session);
    let doc = await vscode.workspace.openTextDocument(uri);
    // Its own language: podpatch's lines stand out, and long lines wrap (configurationDefaults).
    if (doc.languageId !== logLanguage) doc = await vscode.languages.setTextDocumentLanguage(doc, logLanguage);
    // A new stream starts at its end: the cursor on the last line follows what arrives. The
    // selection goes with the open (a reveal sent right after opening is lost to the editor's
    // own restore of its view state).
    const endOf = (d: vscode.TextDocument) => d.lineAt(d.lineCount - 1).range.end;
    const end = endOf(doc);
    const editor = await vscode.window.showTextDocument(doc, { preview: false, selection: new vscode.Range(end, end) });
    // A change announced while the language was being set can be lost with the document VS Code
    // closes and reopens for it: announce again, this editor following the end.
    this.followers.set(uri, [editor]);
    this.changeEmitter.fire(uri);
    this.updateContext();
    return editor;
  }

  /** Stop Following: the stream ends, the document stays with its last line saying so. */
  stop(uri: vscode.Uri): boolean {
    const session = this.sessions.get(uri);
    if (!session || session.state === 'ended') return false;
    session.stop();
    return true;
  }

  /** Notes which editors follow the end (cursor on the last line), then asks VS Code for the new text. */
  private render(uri: vscode.Uri): void {
    this.followers.set(uri, vscode.window.visibleTextEditors.filter((e) => e.document.uri.toString() === uri.toString() && e.selection.active.line >= e.document.lineCount - 1));
    this.changeEmitter.fire(uri);
    this.updateContext();
  }

  private followEnd(doc: vscode.TextDocument): void {
    if (doc.uri.scheme !== logsScheme) return;
    const editors = this.followers.get(doc.uri);
    if (!editors) return;
    this.followers.delete(doc.uri);
    const end = doc.lineAt(doc.lineCount - 1).range.end;
    for (const editor of editors) {
      editor.selection = new vscode.Selection(end, end);
      editor.revealRange(new vscode.Range(end, end), vscode.TextEditorRevealType.Default);
    }
  }

  private updateContext(): void {
    if (this.isDisposed) return;
    const active = vscode.window.activeTextEditor?.document.uri;
    const following = !!active && this.sessions.get(active)?.state === 'following';
    void vscode.commands.executeCommand('setContext', 'podpatch.logsFollowing', following);
  }
}
