// Every message the editing loop shows goes through here: one notification per outcome, with
// the choices that outcome offers. Tests (and the log) see each notice as it is shown, since a
// notification's text cannot be read back from VS Code.
import * as vscode from 'vscode';
import { DisposableBase } from '../lifecycle/disposableBase';

export type NoticeSeverity = 'info' | 'warning' | 'error';
export type Notice = { severity: NoticeSeverity; message: string; actions: string[] };

export class PatchNotices extends DisposableBase {
  private readonly shownEmitter = this.register(new vscode.EventEmitter<Notice>());
  /** A notice was shown (its text and buttons). */
  readonly onDidShow = this.shownEmitter.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    super();
  }

  /** Shows the notice; runs the chosen action's handler. Never awaited by a save (it must not hang on it). */
  show(severity: NoticeSeverity, message: string, actions: Record<string, () => unknown> = {}): Promise<void> {
    const labels = Object.keys(actions);
    this.shownEmitter.fire({ severity, message, actions: labels });
    this.log.info(`Notice (${severity}): ${message}${labels.length ? ` [${labels.join(' | ')}]` : ''}`);
    const show = severity === 'error' ? vscode.window.showErrorMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    return Promise.resolve(show(message, ...labels)).then(async (choice) => {
      if (choice) await actions[choice]();
    });
  }
}
