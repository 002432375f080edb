// ObjectMeta rules: ValidateObjectMetaAccessorUpdate (immutables, finalizers while deleting) and
// ValidateObjectMeta on the new pod (name, namespace, generateName, labels, annotations, finalizers).
import { formatValue, forbidden, invalid, required, tooLong, type Finding } from './finding';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from './nameValidation';
import { findingsInKeyOrder, list, obj, str, type UpdateContext } from './ruleContext';
import { semanticEqual } from './semanticEquality';
import { goTime } from './goValue';

const IMMUTABLE = 'field is immutable';
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);
const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** Updates to metadata (the server-owned fields are handled as information elsewhere). */
export function validateObjectMetaUpdate(ctx: UpdateContext): Finding[] {
  const { oldMeta, newMeta } = ctx;
  const out: Finding[] = [];
  if (oldMeta.deletionTimestamp) {
    const oldFinalizers = list(oldMeta.finalizers).map(str);
    const added = list(newMeta.finalizers).map(str).filter((f) => !oldFinalizers.includes(f));
    if (added.length) {
      out.push(forbidden('metadata.finalizers', `no new finalizers can be added if the object is being deleted, found new finalizers ${formatValue(added)}`, {
        rule: 'metadata.finalizers.whileDeleting', fix: { kind: 'revert', path: 'metadata.finalizers', original: oldMeta.finalizers ?? undefined },
      }));
    }
  }
  for (const name of ['name', 'namespace'] as const) {
    if (str(newMeta[name]) !== str(oldMeta[name])) {
      out.push(invalid(`metadata.${name}`, str(newMeta[name]), IMMUTABLE, { rule: `metadata.${name}.immutable`, fix: revertOrRecreate(`metadata.${name}`, oldMeta[name]) }));
    }
  }
  // ValidateImmutableField: adding, changing or removing either field is an error. (Over HTTP the
  // server would restore an existing value it finds removed; the validator still refuses.)
  for (const name of ['deletionTimestamp', 'deletionGracePeriodSeconds'] as const) {
    if (!semanticEqual(oldMeta[name], newMeta[name], name)) {
      out.push(invalid(`metadata.${name}`, name === 'deletionTimestamp' ? goTime(newMeta[name]) : newMeta[name] ?? null, IMMUTABLE, {
        rule: `metadata.${name}.immutable`, fix: { kind: 'revert', path: `metadata.${name}`, original: oldMeta[name] ?? undefined },
      }));
    }
  }
  out.push(...newLabelFindings(ctx), ...newAnnotationFindings(ctx));
  return out;
}

/** ValidateObjectMeta on the new pod, as validatePodMetadataAndSpec runs it. */
export function validateNewObjectMeta(ctx: UpdateContext): Finding[] {
  const meta = ctx.newMeta;
  const out: Finding[] = [];
  const generateName = str(meta.generateName);
  if (generateName) {
    // Prefix names may end in "-": mask the trailing dash before validating.
    const masked = generateName.endsWith('-') ? generateName.slice(0, -1) + 'a' : generateName;
    for (const msg of isDNS1123Subdomain(masked)) out.push(invalid('metadata.generateName', generateName, msg, { rule: 'metadata.generateName.valid' }));
  }
  const name = str(meta.name);
  if (!name) out.push(required('metadata.name', 'name or generateName is required', { rule: 'metadata.name.required' }));
  else for (const msg of isDNS1123Subdomain(name)) out.push(invalid('metadata.name', name, msg, { rule: 'metadata.name.valid' }));
  const namespace = str(meta.namespace);
  if (!namespace) out.push(required('metadata.namespace', '', { rule: 'metadata.namespace.required' }));
  else for (const msg of isDNS1123Label(namespace)) out.push(invalid('metadata.namespace', namespace, msg, { rule: 'metadata.namespace.valid' }));
  out.push(...newLabelFindings(ctx), ...newAnnotationFindings(ctx));
  out.push(...validateFinalizers(meta.finalizers, 'metadata.finalizers'));
  return out;
}

function newLabelFindings(ctx: UpdateContext): Finding[] {
  ctx.memo ??= {};
  return (ctx.memo.labels ??= validateLabels(ctx.newMeta.labels, 'metadata.labels'));
}

function newAnnotationFindings(ctx: UpdateContext): Finding[] {
  ctx.memo ??= {};
  return (ctx.memo.annotations ??= validateAnnotations(ctx.newMeta.annotations, 'metadata.annotations'));
}

/** A label key without prefix and a label value that pass isQualifiedName / isValidLabelValue, in one test each. */
const PLAIN_LABEL_KEY = /^[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const PLAIN_LABEL_VALUE = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

export function validateLabels(labels: unknown, path: string): Finding[] {
  const map = obj(labels);
  return findingsInKeyOrder(map, (k) => {
    const v = map[k];
    // The common valid label costs two regex tests, not a split and four arrays (100k labels: issue 13).
    if (typeof v === 'string' && PLAIN_LABEL_KEY.test(k) && PLAIN_LABEL_VALUE.test(v)) return [];
    const keyMsgs = isQualifiedName(k);
    const valueMsgs = isValidLabelValue(str(map[k]));
    if (!keyMsgs.length && !valueMsgs.length) return [];
    return [...keyMsgs.map((msg) => invalid(path, k, msg, { rule: 'labels.valid' })), ...valueMsgs.map((msg) => invalid(path, str(map[k]), msg, { rule: 'labels.valid' }))];
  });
}

function validateAnnotations(annotations: unknown, path: string): Finding[] {
  const map = obj(annotations);
  let total = 0;
  const out = findingsInKeyOrder(map, (k) => {
    total += k.length + str(map[k]).length;
    return isQualifiedName(k.toLowerCase()).map((msg) => invalid(path, k, msg, { rule: 'annotations.valid' }));
  });
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) out.push(tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT, { rule: 'annotations.size' }));
  return out;
}

function validateFinalizers(finalizers: unknown, path: string): Finding[] {
  const out: Finding[] = [];
  const names = list(finalizers).map(str);
  for (const f of names) {
    const msgs = isQualifiedName(f);
    for (const msg of msgs) out.push(invalid(path, f, msg, { rule: 'metadata.finalizers.valid' }));
    if (!msgs.length && !f.includes('/') && !STANDARD_FINALIZERS.has(f)) {
      out.push(invalid(path, f, 'name is neither a standard finalizer name nor is it fully qualified', { rule: 'metadata.finalizers.valid' }));
    }
  }
  if (names.includes('orphan') && names.includes('foregroundDeletion')) {
    out.push(invalid(path, names, 'finalizer orphan and foregroundDeletion cannot be both set', { rule: 'metadata.finalizers.valid' }));
  }
  return out;
}

function revertOrRecreate(path: string, original: unknown) {
  return { kind: 'revert' as const, path, original: original ?? undefined };
}
