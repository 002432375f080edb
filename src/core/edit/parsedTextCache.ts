// Parse once: one parsed manifest per (document, text version), as yaml-language-server's
// parser/yaml-documents.ts keeps one. The linter, the quick fixes' edits, the preview, the 422
// mapping and the rebase all ask here, so they see the same tree the diagnostics came from.
// A new version is spliced from the document's last full parse when the edit allows it
// (manifestSplice.ts): re-linting after a keystroke re-parses only the block that changed.
import { parseManifest, type ParsedManifest } from '../yaml/manifestParser';
import { spliceManifest, type SpliceAnchor } from '../yaml/manifestSplice';

type Entry = { version: number; text: string; parsed: ParsedManifest; anchor: SpliceAnchor };

export class ParsedTextCache {
  private readonly entries = new Map<string, Entry>();

  /** The parse of `text`, the content of document `key` at `version`; parsed only when new. */
  get(key: string, version: number, text: string): ParsedManifest {
    const hit = this.entries.get(key);
    // A version bump with the same text (a reload, undo to the same text) needs no new parse.
    if (hit && (hit.version === version || hit.text === text)) {
      if (hit.version !== version) this.entries.set(key, { ...hit, version });
      if (hit.text === text) return hit.parsed;
    }
    // Back to the last full parse's text (an undo): that parse is still good.
    if (hit?.anchor.text === text) {
      this.entries.set(key, { version, text, parsed: hit.anchor.parsed, anchor: hit.anchor });
      return hit.anchor.parsed;
    }
    const spliced = hit && spliceManifest(hit.anchor, text);
    const parsed = spliced ?? parseManifest(text);
    this.entries.set(key, { version, text, parsed, anchor: spliced ? hit.anchor : { text, parsed } });
    return parsed;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
