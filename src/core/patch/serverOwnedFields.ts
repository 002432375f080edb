// Fields the API server owns: on an update it resets or ignores whatever the client sends for them,
// so a patch never carries them and an edit to them is information, not an error.
import { cloneJson, isPlainObject, type Pod } from '../pod';

export const SERVER_OWNED_METADATA_FIELDS: readonly string[] = [
  'resourceVersion', 'uid', 'creationTimestamp', 'generation', 'managedFields', 'selfLink',
];

/** Field paths of the server-owned fields, in upstream's path syntax. */
export const SERVER_OWNED_FIELDS: readonly string[] = [
  'status',
  ...SERVER_OWNED_METADATA_FIELDS.map((f) => `metadata.${f}`),
];

export function isServerOwnedPath(path: string): boolean {
  return SERVER_OWNED_FIELDS.some((f) => path === f || path.startsWith(f + '.') || path.startsWith(f + '['));
}

/** A copy of the pod without the server-owned fields (the input is not modified). */
export function stripServerOwnedFields(pod: Pod): Pod {
  const out = cloneJson(pod);
  if (!isPlainObject(out)) return out;
  delete out.status;
  if (isPlainObject(out.metadata)) {
    for (const f of SERVER_OWNED_METADATA_FIELDS) delete out.metadata[f];
  }
  return out;
}
