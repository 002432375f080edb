// What the read-only log and describe documents share: one feed (a session that fills the
// document) per URI, changes announced at most once per interval (a chatty container or a burst
// of events re-renders the editor once), and a feed ended when no tab shows its document any more.
// Tabs, not onDidCloseTextDocument: setting a document's language closes and reopens it.
import * as vscode from 'vscode';
import { ResourceMap } from '../lifecycle/resourceMap';
import { isShownInTab } from './observeUris';

export class DocumentFeeds<S extends vscode.Disposable> implements vscode.Disposable {
  private readonly feeds = new ResourceMap<S>();
  private readonly pending = new ResourceMap<NodeJS.Timeout>();
  private readonly tabs: vscode.Disposable;
  private disposed = false;

  /** `announce` runs (coalesced) after a feed changed; `ended` after a feed was ended. */
  constructor(private readonly intervalMs: number, private readonly announce: (uri: vscode.Uri) => void, private readonly ended: (uri: vscode.Uri) => void = () => undefined) {
    this.tabs = vscode.window.tabGroups.onDidChangeTabs((e) => {
      if (!e.closed.length) return;
      for (const [uri] of [...this.feeds.entries()]) if (!isShownInTab(uri)) this.end(uri);
    });
  }

  get(uri: vscode.Uri): S | undefined {
    return this.feeds.get(uri);
  }

  /** Makes `feed` the one of `uri`, ending the one before. */
  set(uri: vscode.Uri, feed: S): void {
    this.end(uri);
    this.feeds.set(uri, feed);
  }

  /** Announces a change of `feed` within the interval, unless it is no longer the feed of `uri`. */
  changed(uri: vscode.Uri, feed: S): void {
    if (this.disposed || this.feeds.get(uri) !== feed || this.pending.has(uri)) return;
    this.pending.set(uri, setTimeout(() => {
      this.pending.delete(uri);
      if (this.feeds.get(uri) === feed) this.announce(uri);
    }, this.intervalMs));
  }

  end(uri: vscode.Uri): void {
    const feed = this.feeds.get(uri);
    if (!feed) return;
    this.feeds.delete(uri);
    const timer = this.pending.get(uri);
    if (timer) clearTimeout(timer);
    this.pending.delete(uri);
    feed.dispose();
    this.ended(uri);
  }

  dispose(): void {
    this.disposed = true;
    this.tabs.dispose();
    for (const [uri] of [...this.feeds.entries()]) this.end(uri);
  }
}
