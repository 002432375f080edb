// Parse once: one parsed manifest per (document, text version), as yaml-language-server's
// parser/yaml-documents.ts keeps one. The linter, the quick fixes' edits, the preview, the 422
// mapping and the rebase all ask here, so they see the same tree the diagnostics came from.
import { parseManifest, type ParsedManifest } from '../yaml/manifestParser';

type Entry = { version: number; text: string; parsed: ParsedManifest };

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
    const parsed = parseManifest(text);
    this.entries.set(key, { version, text, parsed });
    return parsed;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
