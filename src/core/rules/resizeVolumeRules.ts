// 1.37 (master snapshot provider-aws-test-infra@ad3a0ece, ValidatePodResize "Part 5"): volumes on
// resize. With InPlacePodVerticalScalingMemoryBackedVolumes (alpha, off) only the sizeLimit of a
// memory-backed emptyDir may change; without it volumes are immutable on resize.
import { forbidden, type Finding } from './finding';
import { list, obj, str, type UpdateContext } from './ruleContext';
import { semanticEqual } from './semanticEquality';
import { parseQuantity } from './quantity';

const rule = { rule: 'resize.volumes' };

/** Appends the volume errors; takes the old volumes into `mungedSpec` when the gate lets them change. */
export function validateResizedVolumes(ctx: UpdateContext, mungedSpec: Record<string, unknown>): Finding[] {
  const next = list(ctx.newSpec.volumes);
  const prev = list(ctx.oldSpec.volumes);
  if (!ctx.rules.gates.InPlacePodVerticalScalingMemoryBackedVolumes) {
    if (semanticEqual(ctx.newSpec.volumes, ctx.oldSpec.volumes)) return [];
    return [forbidden('spec.volumes', 'volumes are immutable on resize when InPlacePodVerticalScalingMemoryBackedVolumes feature gate is disabled', rule)];
  }
  mungedSpec.volumes = ctx.oldSpec.volumes;
  if (next.length !== prev.length) return [forbidden('spec.volumes', 'volumes may not be added or removed on resize', rule)];
  const out: Finding[] = [];
  next.forEach((raw, i) => {
    const v = obj(raw);
    const old = obj(prev[i]);
    const at = `spec.volumes[${i}]`;
    if (str(v.name) !== str(old.name)) { out.push(forbidden(`${at}.name`, 'volumes may not be renamed or reordered on resize', rule)); return; }
    const bothEmptyDir = isSet(v.emptyDir) && isSet(old.emptyDir);
    const compared = bothEmptyDir ? { ...v, emptyDir: withSizeLimit(obj(v.emptyDir), obj(old.emptyDir).sizeLimit) } : v;
    if (!semanticEqual(compared, old)) { out.push(forbidden(at, 'only sizeLimit of memory-backed emptyDir volumes is mutable on resize', rule)); return; }
    if (!bothEmptyDir) return;
    const oldLimit = obj(old.emptyDir).sizeLimit;
    const newLimit = obj(v.emptyDir).sizeLimit;
    const hasOld = isSet(oldLimit) && (parseQuantity(oldLimit) ?? 0n) !== 0n;
    const hasNew = isSet(newLimit) && (parseQuantity(newLimit) ?? 0n) !== 0n;
    if (hasOld !== hasNew) out.push(forbidden(`${at}.emptyDir.sizeLimit`, 'adding or removing sizeLimit on an existing volume is not allowed', rule));
    else if (isSet(oldLimit) && isSet(newLimit) && parseQuantity(oldLimit) !== parseQuantity(newLimit) && str(obj(v.emptyDir).medium) !== 'Memory') {
      out.push(forbidden(`${at}.emptyDir.sizeLimit`, 'sizeLimit is only mutable for memory-backed emptyDir volumes', rule));
    }
  });
  return out;
}

function isSet(v: unknown): boolean {
  return v !== undefined && v !== null;
}

function withSizeLimit(emptyDir: Record<string, unknown>, sizeLimit: unknown): Record<string, unknown> {
  const copy = { ...emptyDir };
  if (sizeLimit === undefined) delete copy.sizeLimit; else copy.sizeLimit = sizeLimit;
  return copy;
}
