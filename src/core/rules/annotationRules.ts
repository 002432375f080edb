// Pod-specific annotations: the mirror-pod and (deprecated beta) AppArmor annotations cannot be
// added, removed or changed by an update (ValidatePodSpecificAnnotationUpdates); the values of a
// few annotations are checked on the new pod (ValidatePodSpecificAnnotations).
import { forbidden, invalid, type Finding } from './finding';
import { obj, findingsInKeyOrder, str, type UpdateContext } from './ruleContext';

export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';
const APPARMOR_BETA_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

const path = (key: string) => `metadata.annotations[${key}]`;

export function validateAnnotationUpdates(ctx: UpdateContext): Finding[] {
  const out: Finding[] = [];
  const oldA = obj(ctx.oldMeta.annotations);
  const newA = obj(ctx.newMeta.annotations);
  out.push(...findingsInKeyOrder(oldA, (k) => {
    if (k in newA && str(newA[k]) === str(oldA[k])) return [];
    const fix = { kind: 'revert' as const, path: path(k), original: oldA[k] };
    const found: Finding[] = [];
    if (k.startsWith(APPARMOR_BETA_PREFIX)) found.push(forbidden(path(k), 'may not remove or update AppArmor annotations', { rule: 'annotations.apparmor', fix }));
    if (k === MIRROR_POD_ANNOTATION) found.push(forbidden(path(k), 'may not remove or update mirror pod annotation', { rule: 'annotations.mirror', fix }));
    return found;
  }));
  out.push(...findingsInKeyOrder(newA, (k) => {
    if (k in oldA) return [];
    const fix = { kind: 'revert' as const, path: path(k), original: undefined };
    const found: Finding[] = [];
    if (k.startsWith(APPARMOR_BETA_PREFIX)) found.push(forbidden(path(k), 'may not add AppArmor annotations', { rule: 'annotations.apparmor', fix }));
    if (k === MIRROR_POD_ANNOTATION) found.push(forbidden(path(k), 'may not add mirror pod annotation', { rule: 'annotations.mirror', fix }));
    return found;
  }));
  out.push(...validatePodSpecificAnnotations(ctx));
  return out;
}

export function validatePodSpecificAnnotations(ctx: UpdateContext): Finding[] {
  const out: Finding[] = [];
  const annotations = obj(ctx.newMeta.annotations);
  if (MIRROR_POD_ANNOTATION in annotations && !str(ctx.newSpec.nodeName)) {
    out.push(invalid(path(MIRROR_POD_ANNOTATION), str(annotations[MIRROR_POD_ANNOTATION]), 'must set spec.nodeName if mirror pod annotation is set', { rule: 'annotations.mirror' }));
  }
  if (POD_DELETION_COST_ANNOTATION in annotations && !ctx.opts.allowInvalidPodDeletionCost) {
    const value = str(annotations[POD_DELETION_COST_ANNOTATION]);
    if (!isInt32(value)) out.push(invalid(path(POD_DELETION_COST_ANNOTATION), value, 'must be a 32bit integer', { rule: 'annotations.podDeletionCost' }));
  }
  // Filter before sorting: a pod with 100k annotations has few (if any) AppArmor ones.
  const names = [...containerNames(ctx.newSpec.containers), ...containerNames(ctx.newSpec.initContainers), ...containerNames(ctx.newSpec.ephemeralContainers)];
  for (const k of Object.keys(annotations).filter((key) => key.startsWith(APPARMOR_BETA_PREFIX)).sort()) {
    const container = k.slice(APPARMOR_BETA_PREFIX.length);
    if (!names.includes(container)) out.push(invalid(path(k), container, 'container not found', { rule: 'annotations.apparmor' }));
    const value = str(annotations[k]);
    if (value !== '' && value !== 'runtime/default' && value !== 'unconfined' && !value.startsWith('localhost/')) {
      out.push(invalid(path(k), value, `invalid AppArmor profile name: ${JSON.stringify(value)}`, { rule: 'annotations.apparmor' }));
    }
  }
  return out;
}

/** Upstream strconv.ParseInt(v, 10, 32). */
export function isInt32(v: string): boolean {
  if (!/^[+-]?\d+$/.test(v)) return false;
  const n = Number(v);
  return n >= -2147483648 && n <= 2147483647;
}

function containerNames(v: unknown): string[] {
  return Array.isArray(v) ? v.map((c) => str(obj(c).name)) : [];
}
