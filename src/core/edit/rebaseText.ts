// Carrying the server's changes into a buffer without losing what the user typed: the user's
// edits (base → edited) are re-applied on top of the latest pod (core rebaseEdits, 3-way), and
// only the values the server changed are written into the text, so layout and comments stay.
import type { Pod } from '../pod';
import { rebaseEdits, type RebaseResult } from '../patch/rebase';
import { applyTextEdit, editForValueChanges, type TextEdit, type ValueChange } from '../lint/yamlEdits';
import { getAtPath } from '../yaml/fieldPath';
import { deepEqualJson } from '../patch/jsonEquality';
import type { ManifestDocument } from '../yaml/manifestParser';

// Never written into a buffer: pod documents leave them out.
const hiddenPrefixes = ['metadata.managedFields'];

export type TextRebase = RebaseResult & {
  /** The one edit of the text that carries the server's changes (undefined: none needed). */
  edit?: TextEdit;
  /** The rebased text. */
  text: string;
};

/** Rebases `text` (whose Pod is `document`, edited from `base`) onto `latest`. */
export function rebaseText(text: string, document: ManifestDocument, edited: Pod, base: Pod, latest: Pod): TextRebase {
  const result = rebaseEdits(base, edited, latest);
  const conflicted = new Set(result.conflicts.map((c) => c.path));
  const changes: ValueChange[] = [];
  for (const c of result.serverChanges) {
    if (conflicted.has(c.path) || hiddenPrefixes.some((p) => c.path.startsWith(p))) continue;
    const inBuffer = getAtPath(edited, c.segments);
    // Already what the server has (the user made the same change): leave the text alone.
    if (c.present && inBuffer.found && deepEqualJson(inBuffer.value, c.value)) continue;
    if (!c.present && !inBuffer.found) continue;
    changes.push(c.present ? { segments: c.segments, present: true, value: c.value } : { segments: c.segments, present: false });
  }
  if (!changes.length) return { ...result, text };
  const edit = editForValueChanges(text, changes, { documentOffset: document.range.start.offset, document: document.tree });
  return { ...result, edit, text: applyTextEdit(text, edit) };
}

/** A short account of what the server changed, for a notification. */
export function describeServerChanges(result: RebaseResult, max = 4): string {
  const visible = result.serverChanges.map((c) => c.path).filter((p) => p !== 'metadata.resourceVersion' && !p.startsWith('status') && !hiddenPrefixes.some((h) => p.startsWith(h)));
  if (!visible.length) return 'the server changed only its own fields (status, resourceVersion)';
  const shown = visible.slice(0, max).join(', ');
  return `the server changed ${shown}${visible.length > max ? ` and ${visible.length - max} more` : ''}`;
}
