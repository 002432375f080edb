// The extension's one LogOutputChannel ("podpatch" in the Output view). Lines from the cluster
// client go through redact() first, so a token or a password never reaches the log.
import * as vscode from 'vscode';

export function createLogChannel(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('podpatch', { log: true });
}

const secretPatterns: [RegExp, string][] = [
  [/(authorization:\s*)(bearer|basic)\s+\S+/gi, '$1$2 <redacted>'],
  [/\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 <redacted>'],
  [/("?(?:token|password|client-key-data|client-certificate-data)"?\s*[:=]\s*)"?[^\s",}]+"?/gi, '$1<redacted>'],
  [/(\/\/[^:/@\s]+:)[^@/\s]+@/g, '$1<redacted>@'],
];

/** Removes credentials from a line: Authorization headers, tokens, passwords, userinfo in URLs. */
export function redact(line: string): string {
  let out = line;
  for (const [pattern, replacement] of secretPatterns) out = out.replace(pattern, replacement);
  return out;
}

/** A logger for the cluster client: one request per line, at debug level, redacted. */
export function clusterLogger(log: vscode.LogOutputChannel): (line: string) => void {
  return (line) => log.debug(redact(line));
}
