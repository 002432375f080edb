// A hand-written manifest (a workspace file) laid over the live pod it names. Keys the manifest
// leaves out are unspecified, not removed, so they keep the live value (server defaults such as
// nodeName or terminationMessagePath). Lists are the manifest's: items are matched to the live
// pod's by `name` where they have one, otherwise by position, and each item is laid over its
// match the same way. Matching a renamed container by position (a list of the same length)
// keeps the rename a change of `containers[0].name`, where the live document reports it too,
// instead of an added and a removed container as a strategic merge would read it.
import { isPlainObject, type Pod } from '../pod';

export function overlayManifest(base: Pod, written: Pod): Pod {
  return overlay(base, written) as Pod;
}

function overlay(base: unknown, written: unknown): unknown {
  if (isPlainObject(base) && isPlainObject(written)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(written)) out[k] = k in base ? overlay(base[k], v) : v;
    return out;
  }
  if (Array.isArray(base) && Array.isArray(written)) {
    const byName = new Map<string, unknown>();
    for (const item of base) if (isPlainObject(item) && typeof item.name === 'string') byName.set(item.name, item);
    const sameLength = base.length === written.length;
    return written.map((item, i) => {
      const named = isPlainObject(item) && typeof item.name === 'string' ? byName.get(item.name) : undefined;
      const match = named ?? (sameLength ? base[i] : undefined);
      return match === undefined ? item : overlay(match, item);
    });
  }
  return written;
}
