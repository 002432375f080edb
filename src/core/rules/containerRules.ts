// ValidateContainerUpdates: containers are matched by index, their count is fixed, and only the image
// may change (non-empty, no surrounding whitespace). Same rules for initContainers.
import { forbidden, invalid, required, type Finding } from './finding';
import { list, obj, str } from './ruleContext';

export type ContainerField = 'containers' | 'initContainers';

/** Findings, and whether upstream stops validating here (a count change returns immediately). */
export function validateContainerUpdates(field: ContainerField, newContainers: unknown, oldContainers: unknown): { findings: Finding[]; stop: boolean } {
  const path = `spec.${field}`;
  const next = list(newContainers);
  const prev = list(oldContainers);
  if (next.length !== prev.length) {
    const f = forbidden(path, 'pod updates may not add or remove containers', { rule: 'containers.count', fix: { kind: 'revert', path, original: oldContainers ?? undefined } });
    return { findings: [f], stop: true };
  }
  const findings: Finding[] = [];
  next.forEach((c, i) => findings.push(...validateImage(`${path}[${i}].image`, obj(c).image, obj(prev[i]).image, true)));
  return { findings, stop: false };
}

/** Image rules; `required` is false where upstream only checks whitespace (validateContainersOnlyForPod). */
export function validateImage(path: string, image: unknown, oldImage: unknown, requireNonEmpty: boolean): Finding[] {
  const value = str(image);
  const fix = oldImage !== undefined && str(oldImage) !== value ? { kind: 'revert' as const, path, original: oldImage } : undefined;
  const out: Finding[] = [];
  if (requireNonEmpty && value.length === 0) out.push(required(path, '', { rule: 'containers.image', fix }));
  if (value.trim().length !== value.length) out.push(invalid(path, value, 'must not have leading or trailing whitespace', { rule: 'containers.image', fix }));
  return out;
}

/** Sets each container's image to the old one at the same index (upstream's munging before the final diff). */
export function mungeImages(newContainers: unknown, oldContainers: unknown): unknown {
  if (!Array.isArray(newContainers) || !Array.isArray(oldContainers)) return newContainers;
  return newContainers.map((c, i) => {
    if (!c || typeof c !== 'object' || Array.isArray(c) || i >= oldContainers.length) return c;
    const copy: Record<string, unknown> = { ...(c as Record<string, unknown>) };
    const oldImage = obj(oldContainers[i]).image;
    if (oldImage === undefined) delete copy.image;
    else copy.image = oldImage;
    return copy;
  });
}
