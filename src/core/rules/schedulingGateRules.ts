// spec.schedulingGates: an update may only remove gates (validateOnlyDeletedSchedulingGates); the
// list itself must hold unique qualified names (validateSchedulingGates).
import { duplicate, forbidden, invalid, type Finding } from './finding';
import { isQualifiedName } from './nameValidation';
import { list, obj, str } from './ruleContext';

export function validateOnlyDeletedSchedulingGates(newGates: unknown, oldGates: unknown): Finding[] {
  const next = list(newGates).map((g) => str(obj(g).name));
  if (!next.length) return [];
  const old = new Set(list(oldGates).map((g) => str(obj(g).name)));
  // Upstream keys a map by name, so a repeated new name is reported once, at its last index.
  const added = new Map<string, number>();
  next.forEach((name, i) => { if (!old.has(name)) added.set(name, i); });
  return [...added].map(([name, i]) => forbidden(`spec.schedulingGates[${i}].name`, `only deletion is allowed, but found new scheduling gate '${name}'`, {
    rule: 'schedulingGates.onlyDeletion', fix: { kind: 'revert', path: `spec.schedulingGates[${i}]`, original: undefined },
  }));
}

export function validateSchedulingGates(gates: unknown): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  list(gates).forEach((g, i) => {
    const name = str(obj(g).name);
    const at = `spec.schedulingGates[${i}]`;
    for (const msg of isQualifiedName(name)) out.push(invalid(at, name, msg, { rule: 'schedulingGates.valid' }));
    if (seen.has(name)) out.push(duplicate(at, name, { rule: 'schedulingGates.valid' }));
    seen.add(name);
  });
  return out;
}
