// The cci profile (Huawei Cloud CCI "Updating a Pod"): only metadata.generateName, labels,
// annotations, container and init-container images, spec.activeDeadlineSeconds and spec.tolerations
// may change. Every other change is reported on the field that changed, with its old value.
import { cloneJson, isPlainObject, type Pod } from '../pod';
import { forbidden, type Finding } from './finding';
import { mungeImages } from './containerRules';
import { diffFields } from './specDiff';
import { CCI_UPDATABLE_FIELDS } from './profile';
import { SERVER_OWNED_METADATA_FIELDS } from '../patch/serverOwnedFields';
import { describeChange } from './specCatchAll';
import { setOrDelete } from './ruleContext';

export const CCI_FIELD_MESSAGE = `this field cannot be updated: only ${CCI_UPDATABLE_FIELDS.join(', ')} may change`;

export function validateCciChanges(oldPod: Pod, newPod: Pod): Finding[] {
  const munged = cloneJson(newPod) as Record<string, unknown>;
  const oldMeta = isPlainObject(oldPod.metadata) ? oldPod.metadata : {};
  const meta: Record<string, unknown> = isPlainObject(munged.metadata) ? { ...munged.metadata } : {};
  for (const f of ['generateName', 'labels', 'annotations', ...SERVER_OWNED_METADATA_FIELDS, 'deletionTimestamp']) setOrDelete(meta, f, cloneJson(oldMeta[f]));
  munged.metadata = meta;
  const oldSpec = isPlainObject(oldPod.spec) ? oldPod.spec : {};
  if (isPlainObject(munged.spec)) {
    const spec = { ...munged.spec };
    setOrDelete(spec, 'containers', mungeImages(spec.containers, oldSpec.containers));
    setOrDelete(spec, 'initContainers', mungeImages(spec.initContainers, oldSpec.initContainers));
    setOrDelete(spec, 'activeDeadlineSeconds', cloneJson(oldSpec.activeDeadlineSeconds));
    setOrDelete(spec, 'tolerations', cloneJson(oldSpec.tolerations));
    munged.spec = spec;
  }
  setOrDelete(munged, 'status', cloneJson(oldPod.status));
  return diffFields(oldPod, munged, '').map((c) => {
    const f = forbidden(c.path, CCI_FIELD_MESSAGE, { rule: 'cci.fieldChanged', fix: { kind: 'revert', path: c.path, original: cloneJson(c.before) ?? undefined } });
    f.detail = describeChange(c.before, c.after);
    return f;
  });
}

