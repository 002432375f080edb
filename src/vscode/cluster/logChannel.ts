// The extension's one LogOutputChannel ("podpatch" in the Output view). Lines from the cluster
// client go through redact() first, so a token or a password never reaches the log.
import * as vscode from 'vscode';
import { redactText } from '../../core/cluster/redact';

export function createLogChannel(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('podpatch', { log: true });
}

/** Removes credentials from a line: Authorization headers, tokens, passwords, userinfo in URLs. */
export function redact(line: string): string {
  return redactText(line);
}

/** A logger for the cluster client: one request per line, at debug level, redacted. */
export function clusterLogger(log: vscode.LogOutputChannel): (line: string) => void {
  return (line) => log.debug(redact(line));
}
