// The exact fields where two pods (or specs) differ under semantic equality: what the catch-all
// reports field by field so an editor can underline each change. Lists of equal length are
// compared item by item (upstream matches containers by index); a list whose length changed is
// one difference on the list itself.
import { isPlainObject } from '../pod';
import { joinChild, joinIndex } from '../yaml/fieldPath';
import { semanticEqual } from './semanticEquality';

export type FieldChange = { path: string; before: unknown; after: unknown };

/** `name`/`parentName`: the field names of `before`/`after` and of their parent, for path and equality rules. */
export function diffFields(before: unknown, after: unknown, path: string, name?: string, parentName?: string): FieldChange[] {
  const out: FieldChange[] = [];
  walk(before, after, path, name, parentName, out);
  return out;
}

function walk(before: unknown, after: unknown, path: string, name: string | undefined, parentName: string | undefined, out: FieldChange[]): void {
  if (semanticEqual(before, after, name, parentName)) return;
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of keys) walk(before[key], after[key], joinChild(path, name, parentName, key), key, name, out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    // Items keep the list's field name as their "parent" so quantity/map rules still apply inside.
    for (let i = 0; i < after.length; i++) walk(before[i], after[i], joinIndex(path, i), undefined, name, out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && after.length > before.length &&
      before.every((item, i) => semanticEqual(item, after[i], undefined, name))) {
    // Items appended to an unchanged list: each new item is its own change (revert = remove it).
    for (let i = before.length; i < after.length; i++) out.push({ path: joinIndex(path, i), before: undefined, after: after[i] });
    return;
  }
  out.push({ path, before, after });
}

/** A short, cmp.Diff-like rendering of the changes: "-" old value, "+" new value, per field. */
export function renderChanges(changes: readonly FieldChange[], root: string): string {
  const lines = [`  ${root}{`];
  for (const c of changes) {
    if (c.before !== undefined) lines.push(`- \t${c.path}: ${render(c.before)},`);
    if (c.after !== undefined) lines.push(`+ \t${c.path}: ${render(c.after)},`);
  }
  lines.push('  }');
  return lines.join('\n');
}

function render(v: unknown): string {
  const s = JSON.stringify(v) ?? 'null';
  return s.length > 200 ? s.slice(0, 197) + '...' : s;
}
