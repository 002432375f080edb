// Keeping a buffer current with the server without losing what the user typed: after a 409 (or
// when the live pod changed under an open document) the user's edits are re-applied on top of
// the latest pod (core rebaseEdits, 3-way), and only the values the server changed are written
// into the buffer, so the user's layout and comments stay.
import * as vscode from 'vscode';
import type { Pod } from '../core/pod';
import { rebaseEdits, type RebaseResult } from '../core/patch/rebase';
import { editForValueChanges, type ValueChange } from '../core/lint/yamlEdits';
import { getAtPath } from '../core/lint/fieldPath';
import { parsePodManifest } from '../core/yaml/manifestParser';

// Never written into a buffer: the pod documents leave them out.
const hiddenPrefixes = ['metadata.managedFields'];

export type BufferRebase = RebaseResult & { applied: boolean };

/**
 * Rebases the buffer of `document` (edited from `base`) onto `latest`. Returns undefined when
 * the buffer does not parse as a Pod (then nothing is touched).
 */
export async function rebaseBuffer(document: vscode.TextDocument, base: Pod, latest: Pod): Promise<BufferRebase | undefined> {
  const text = document.getText();
  const parsed = parsePodManifest(text);
  if (!parsed.ok) return undefined;
  const result = rebaseEdits(base, parsed.pod, latest);
  const conflicted = new Set(result.conflicts.map((c) => c.path));
  const changes: ValueChange[] = [];
  for (const c of result.serverChanges) {
    if (conflicted.has(c.path) || hiddenPrefixes.some((p) => c.path.startsWith(p))) continue;
    const inBuffer = getAtPath(parsed.pod, c.segments);
    // Already what the server has (the user made the same change): leave the text alone.
    if (c.present && inBuffer.found && JSON.stringify(inBuffer.value) === JSON.stringify(c.value)) continue;
    if (!c.present && !inBuffer.found) continue;
    changes.push(c.present ? { segments: c.segments, present: true, value: c.value } : { segments: c.segments, present: false });
  }
  const applied = await applyChanges(document, text, changes, parsed.document.range.start.offset);
  return { ...result, applied };
}

async function applyChanges(document: vscode.TextDocument, text: string, changes: ValueChange[], documentOffset: number): Promise<boolean> {
  if (!changes.length) return true;
  const edit = editForValueChanges(text, changes, { documentOffset });
  if (document.getText() !== text) return false; // the user typed meanwhile: do not clobber it
  const we = new vscode.WorkspaceEdit();
  we.replace(document.uri, new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end)), edit.newText);
  return vscode.workspace.applyEdit(we);
}

/** A short account of what the server changed, for the notification. */
export function describeServerChanges(result: RebaseResult, max = 4): string {
  const visible = result.serverChanges.map((c) => c.path).filter((p) => p !== 'metadata.resourceVersion' && !p.startsWith('status') && !hiddenPrefixes.some((h) => p.startsWith(h)));
  if (!visible.length) return 'the server changed only its own fields (status, resourceVersion)';
  const shown = visible.slice(0, max).map((p) => `\`${p}\``).join(', ');
  return `the server changed ${shown}${visible.length > max ? ` and ${visible.length - max} more` : ''}`;
}
