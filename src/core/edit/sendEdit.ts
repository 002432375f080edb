// The second half of the edit pipeline, VS Code-free: send a plan's patch and say what happened,
// as one typed outcome. The one 409 flow lives here (the extension's save, Patch Pod and the CLI's
// apply all use it): fetch the latest pod and lay the user's edits over it. A JSON patch carries
// its precondition as a `test` of metadata.resourceVersion, which a stale base fails with a 422
// (or 500) instead of a 409: when the live resourceVersion moved, that is a conflict too.
import type { Pod } from '../pod';
import { AbortedError, ApiError, NetworkError, describeApiError } from '../cluster/apiError';
import { placeStatusCauses, type PlacedCause } from '../lint/statusCauses';
import { rebaseText, type TextRebase } from './rebaseText';
import type { EditTarget, PatchPlan } from './analyzeEdit';
import type { WorkloadKind } from '../rules/workloads/checkWorkloadUpdate';
import type { PodPatchType } from '../patch/patchTypes';

/** The calls sendEdit makes (satisfied by core's PodClient); the workload calls only for a workload's plan. */
export interface EditClient {
  getPod(ns: string, name: string, opts: { signal?: AbortSignal }): Promise<Pod>;
  patchPod(ns: string, name: string, patch: unknown, opts: { type?: PodPatchType; dryRun?: boolean; signal?: AbortSignal }): Promise<Pod>;
  getWorkload?(kind: WorkloadKind, ns: string, name: string, opts: { signal?: AbortSignal }): Promise<Pod>;
  patchWorkload?(kind: WorkloadKind, ns: string, name: string, patch: unknown, opts: { type?: PodPatchType; dryRun?: boolean; signal?: AbortSignal }): Promise<Pod>;
}

/** GET of the target: the pod, or the workload it names. */
export function getTarget(client: EditClient, target: EditTarget, signal: AbortSignal | undefined): Promise<Pod> {
  if (!target.workload) return client.getPod(target.namespace, target.name, { signal });
  if (!client.getWorkload) return Promise.reject(new Error(`this client cannot read a ${target.workload}`));
  return client.getWorkload(target.workload, target.namespace, target.name, { signal });
}

/** PATCH of the target: the pod, or the workload it names. */
export function patchTarget(client: EditClient, target: EditTarget, body: unknown, opts: { type?: PodPatchType; dryRun?: boolean; signal?: AbortSignal }): Promise<Pod> {
  if (!target.workload) return client.patchPod(target.namespace, target.name, body, opts);
  if (!client.patchWorkload) return Promise.reject(new Error(`this client cannot patch a ${target.workload}`));
  return client.patchWorkload(target.workload, target.namespace, target.name, body, opts);
}

export type SendOutcome =
  /** Nothing the server keeps changed: no request was made. */
  | { kind: 'unchanged' }
  | { kind: 'patched'; pod: Pod; dryRun: boolean }
  /**
   * The pod changed on the server since the base: nothing was stored. `latest` is the server's pod
   * (absent when it could not be fetched); `rebase` the text with the user's edits laid over it
   * (absent for a partial manifest, whose next send is simply computed against `latest`).
   */
  | { kind: 'conflict'; message: string; latest?: Pod; rebase?: TextRebase }
  /** 422: the server refused the change; its causes placed on the text. */
  | { kind: 'refused'; message: string; causes: PlacedCause[] }
  | { kind: 'network'; message: string }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string; code?: number };

export type SendOptions = { dryRun?: boolean };

export async function sendEdit(client: EditClient, plan: PatchPlan, signal: AbortSignal | undefined, opts: SendOptions = {}): Promise<SendOutcome> {
  const { patch, target } = plan;
  if (!patch) return { kind: 'unchanged' };
  if (!target) return { kind: 'failed', message: 'no object to send the patch to' };
  try {
    const pod = await patchTarget(client, target, patch.body, { type: patch.type, dryRun: opts.dryRun, signal });
    return { kind: 'patched', pod, dryRun: Boolean(opts.dryRun) };
  } catch (err) {
    if (isCancel(err, signal)) return { kind: 'cancelled' };
    if (err instanceof ApiError && err.code === 409) return conflict(client, plan, err.message, signal);
    if (err instanceof ApiError && plan.precondition !== undefined && patch.type === 'json' && (err.code === 422 || err.code === 500)) {
      const latest = await getTarget(client, target, signal).catch(() => undefined);
      if (latest && latest.metadata?.resourceVersion !== plan.precondition) {
        return conflict(client, plan, 'the resourceVersion test of the JSON patch failed', signal, latest);
      }
    }
    return classify(err, plan, signal);
  }
}

async function conflict(client: EditClient, plan: PatchPlan, message: string, signal: AbortSignal | undefined, known?: Pod): Promise<SendOutcome> {
  const { target } = plan;
  let latest = known;
  if (!latest) {
    try {
      latest = await getTarget(client, target!, signal);
    } catch (err) {
      if (isCancel(err, signal)) return { kind: 'cancelled' };
      return { kind: 'conflict', message };
    }
  }
  if (plan.partial) return { kind: 'conflict', message, latest };
  try {
    return { kind: 'conflict', message, latest, rebase: rebaseText(plan.text, plan.document, plan.edited, plan.base, latest) };
  } catch {
    return { kind: 'conflict', message, latest }; // the text could not be edited: the caller offers a diff instead
  }
}

function classify(err: unknown, plan: PatchPlan, signal: AbortSignal | undefined): SendOutcome {
  if (isCancel(err, signal)) return { kind: 'cancelled' };
  if (err instanceof ApiError && err.code === 422) {
    return { kind: 'refused', message: err.message, causes: placeStatusCauses(plan.text, err.causes, plan.document) };
  }
  if (err instanceof ApiError) return { kind: 'failed', code: err.code, message: describeApiError(err) };
  if (err instanceof NetworkError) return { kind: 'network', message: err.message };
  return { kind: 'failed', message: err instanceof Error ? err.message : String(err) };
}

function isCancel(err: unknown, signal: AbortSignal | undefined): boolean {
  return err instanceof AbortedError || Boolean(signal?.aborted) || (err instanceof Error && (err.name === 'AbortError' || err.name === 'Canceled'));
}

