// The `code` link of each diagnostic: docs/rules.md (shipped in the extension) opened at the
// rule's heading. A file URI with an `L<line>` fragment is what VS Code's opener turns into
// "open at that line", so the index of rule id → line is read once from the file.
import * as fs from 'node:fs';
import * as vscode from 'vscode';

export class RuleLinks {
  private lines: Map<string, number> | undefined;
  private readonly docUri: vscode.Uri;

  constructor(extensionUri: vscode.Uri) {
    this.docUri = vscode.Uri.joinPath(extensionUri, 'docs', 'rules.md');
  }

  target(rule: string): vscode.Uri {
    const line = this.index().get(rule);
    return line === undefined ? this.docUri : this.docUri.with({ fragment: `L${line + 1}` });
  }

  private index(): Map<string, number> {
    if (this.lines) return this.lines;
    this.lines = new Map();
    try {
      const text = fs.readFileSync(this.docUri.fsPath, 'utf8');
      text.split('\n').forEach((line, i) => {
        // Headings name their rule id in backticks: "### `containers.count`: ...".
        const m = /^#{2,4}\s+`([^`]+)`/.exec(line);
        if (m && !this.lines!.has(m[1])) this.lines!.set(m[1], i);
      });
    } catch {
      // No docs in this build: links open nothing more specific than the file.
    }
    return this.lines;
  }
}
