// Bridges VS Code's CancellationToken to the AbortSignal every network request takes.
import * as vscode from 'vscode';

/** An AbortSignal that aborts when the token is cancelled (already aborted if it is). */
export function toAbortSignal(token: vscode.CancellationToken | undefined): AbortSignal {
  const controller = new AbortController();
  if (!token) return controller.signal;
  if (token.isCancellationRequested) {
    controller.abort(new vscode.CancellationError());
    return controller.signal;
  }
  const sub = token.onCancellationRequested(() => {
    sub.dispose();
    controller.abort(new vscode.CancellationError());
  });
  return controller.signal;
}

/** An AbortSignal for the token, also aborting after `ms` so a hung server cannot stall the UI. */
export function toAbortSignalWithTimeout(token: vscode.CancellationToken | undefined, ms: number): AbortSignal {
  return AbortSignal.any([toAbortSignal(token), AbortSignal.timeout(ms)]);
}
