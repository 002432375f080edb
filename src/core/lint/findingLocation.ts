// Where a finding points in an edited manifest when printed as `FILE:line:column: path: message`.
// One function for every CLI command (check, diff, apply, and apply's 422 causes), so the same
// finding shows the same position everywhere: the field's key (where a reader's eye starts on
// the line), or the closest ancestor still in the file when the field was deleted. The editor
// underlines a range instead (lintPodText's rangeForPath), which starts at the value.
import type { ManifestDocument } from '../yaml/manifestParser';
import type { Position } from '../yaml/range';

export function findingPosition(document: ManifestDocument, path: string): Position {
  const loc = document.sourceMap.lookup(path) ?? document.sourceMap.nearest(path);
  return (loc?.keyRange ?? loc?.valueRange ?? document.range).start;
}

/** `FILE:line:column: path: message`, 1-based as compilers print it. */
export function findingLine(file: string, document: ManifestDocument, path: string, message: string): string {
  const at = findingPosition(document, path);
  return `${file}:${at.line + 1}:${at.column + 1}: ${path}: ${message}`;
}
