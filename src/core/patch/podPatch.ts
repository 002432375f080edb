// The patch a buffer stands for: base → edited in the patch type the user chose
// (podpatch.patchType), carrying the base's resourceVersion so the server answers 409 instead
// of overwriting a change it made meanwhile. Also renders it as the request a person reviews.
import type { Pod } from '../pod';
import { createMergePatch } from './mergePatch';
import { createStrategicMergePatch } from './strategicMergePatch';
import { createJsonPatch } from './jsonPatch';
import { podPatchContentTypes, type PodPatchType } from './patchTypes';
import { ownerPath, type WorkloadKind } from '../cluster/workloadResources';

export { isPodPatchType, type PodPatchType } from './patchTypes';

export type PodPatch = { type: PodPatchType; contentType: string; body: unknown };

/** The patch from base to edited, or undefined when nothing the server keeps changed. */
export function computePodPatch(base: Pod, edited: Pod, type: PodPatchType, resourceVersion?: string): PodPatch | undefined {
  const opts = resourceVersion ? { resourceVersion } : {};
  let body: unknown;
  if (type === 'json') {
    const ops = createJsonPatch(base, edited, opts);
    body = ops.length ? ops : undefined;
  } else if (type === 'strategic') {
    body = createStrategicMergePatch(base, edited, opts);
  } else {
    body = createMergePatch(base, edited, opts);
  }
  return body === undefined ? undefined : { type, contentType: podPatchContentTypes[type], body };
}

/** The request as the preview shows it (the syntaxes/podpatch-patch grammar highlights this). */
export function renderPatchRequest(namespace: string, name: string, patch: PodPatch, opts: { dryRun?: boolean; subresource?: 'resize'; workload?: WorkloadKind } = {}): string {
  const query = opts.dryRun ? '?dryRun=All' : '';
  const path = opts.workload ? ownerPath(opts.workload, namespace, name) : `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`;
  return [
    `PATCH ${path}${opts.subresource ? `/${opts.subresource}` : ''}${query}`,
    `Content-Type: ${patch.contentType}`,
    '',
    JSON.stringify(patch.body, null, 2),
    '',
  ].join('\n');
}
