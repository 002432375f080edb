// Server-owned fields: the API server resets whatever an update sends for them, so changing them is
// information (the change will not stick), never an error.
import type { Finding } from './finding';
import { obj, type UpdateContext } from './ruleContext';
import { semanticEqual } from './semanticEquality';
import { SERVER_OWNED_METADATA_FIELDS } from '../patch/serverOwnedFields';

export function serverOwnedChanges(ctx: UpdateContext): Finding[] {
  const out: Finding[] = [];
  const note = (path: string, what: string, original: unknown) => out.push({
    path, type: 'Forbidden', severity: 'info', rule: 'serverOwned',
    message: `the server ignores this change: ${what}`,
    fix: { kind: 'revert', path, original: original ?? undefined },
  });
  for (const f of SERVER_OWNED_METADATA_FIELDS) {
    if (!semanticEqual(ctx.oldMeta[f], ctx.newMeta[f], f)) note(`metadata.${f}`, `metadata.${f} is set by the server`, ctx.oldMeta[f]);
  }
  if (!semanticEqual(obj(ctx.oldPod).status, obj(ctx.newPod).status)) {
    note('status', 'status is reported by the server and cannot be changed through an update of the pod', ctx.oldPod.status);
  }
  return out;
}
