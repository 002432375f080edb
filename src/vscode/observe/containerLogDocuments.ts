// The read-only log documents (`podpatch-logs:`): a TextDocumentContentProvider over one
// ContainerLogSession per document. Updates are coalesced (a chatty container does not re-render
// the editor per line); an editor whose cursor sits on the last line follows the new lines;
// closing the last tab of a document ends its stream. The context key `podpatch.logsFollowing`
// shows Stop Following in the title bar of a streaming document.
import * as vscode from 'vscode';
import type { ClusterService } from '../cluster/clusterService';
import { DisposableBase } from '../lifecycle/disposableBase';
import { ResourceMap } from '../lifecycle/resourceMap';
import { ContainerLogSession, type LogOptions } from './containerLogSession';
import { isShownInTab, logUri, logsScheme, parseLogUri, type LogAddress } from './observeUris';

const renderIntervalMs = 100;
const logLanguage = 'podpatch-log';

export class ContainerLogDocuments extends DisposableBase implements vscode.TextDocumentContentProvider {
  private readonly sessions = new ResourceMap<ContainerLogSession>();
  private readonly pending = new ResourceMap<NodeJS.Timeout>();
  /** Editors (by document) whose cursor was on the last line before the latest update. */
  private readonly followers = new ResourceMap<vscode.TextEditor[]>();
  private readonly changeEmitter = this.register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly clusters: ClusterService, private readonly log: vscode.LogOutputChannel) {
    super();
    this.register(vscode.workspace.registerTextDocumentContentProvider(logsScheme, this));
    this.register(vscode.window.tabGroups.onDidChangeTabs((e) => { if (e.closed.length) this.closeUnshown(); }));
    // Tabs, not onDidCloseTextDocument: setting the document's language closes and reopens it.
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.followEnd(e.document)));
    this.register(vscode.window.onDidChangeActiveTextEditor(() => this.updateContext()));
    this.register({ dispose: () => { for (const uri of [...this.sessions.entries()].map(([u]) => u)) this.endSession(uri); } });
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
    this.endSession(uri);
    const client = this.clusters.getClient(address.context);
    const session = new ContainerLogSession(address, options, client, () => this.scheduleRender(uri, session), (line) => this.log.info(line));
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

  private scheduleRender(uri: vscode.Uri, session: ContainerLogSession): void {
    if (this.isDisposed || this.sessions.get(uri) !== session || this.pending.has(uri)) return;
    this.pending.set(uri, setTimeout(() => {
      this.pending.delete(uri);
      if (this.sessions.get(uri) !== session) return;
      this.followers.set(uri, vscode.window.visibleTextEditors.filter((e) => e.document.uri.toString() === uri.toString() && e.selection.active.line >= e.document.lineCount - 1));
      this.changeEmitter.fire(uri);
      this.updateContext();
    }, renderIntervalMs));
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

  private closeUnshown(): void {
    for (const [uri] of [...this.sessions.entries()]) if (!isShownInTab(uri)) this.endSession(uri);
  }

  private endSession(uri: vscode.Uri): void {
    const session = this.sessions.get(uri);
    if (!session) return;
    this.sessions.delete(uri);
    const timer = this.pending.get(uri);
    if (timer) clearTimeout(timer);
    this.pending.delete(uri);
    this.followers.delete(uri);
    session.dispose();
    this.updateContext();
  }

  private updateContext(): void {
    if (this.isDisposed) return;
    const active = vscode.window.activeTextEditor?.document.uri;
    const following = !!active && this.sessions.get(active)?.state === 'following';
    void vscode.commands.executeCommand('setContext', 'podpatch.logsFollowing', following);
  }
}
