// Where the server serves pods/resize, an edit of a running pod is two writes: the main plan without
// the resized resources, then PATCH .../pods/{name}/resize with exactly the resource change. Shared
// by `podpatch apply` and the extension's save and Patch Pod from Editor.
import type { Pod } from '../pod';
import type { PatchPlan } from './analyzeEdit';
import type { EditClient, SendOutcome, SendOptions } from './sendEdit';
import { sendEdit } from './sendEdit';
import { AbortedError, ApiError } from '../cluster/apiError';
import { computePodPatch, type PodPatch } from '../patch/podPatch';
import type { PodPatchType } from '../patch/patchTypes';
import { placeStatusCauses } from '../lint/statusCauses';
import { splitResize, type ResizeSplit } from '../rules/resizeSplit';
import type { ServerRules } from '../rules/serverReleases';

export type SplitPlan = { plan: PatchPlan; split: ResizeSplit };

/** The main plan without the resized resources, and the split; `rules` undefined: no split. */
export function resizeSplitPlan(plan: PatchPlan, rules: ServerRules | undefined, type: PodPatchType): SplitPlan {
  const split: ResizeSplit = rules ? splitResize(plan.base, plan.edited, rules) : { main: plan.edited, changes: [] };
  if (!split.resized) return { plan, split };
  const main = split.main;
  let patch: PatchPlan['patch'] | null = null;
  const mainPlan: PatchPlan = {
    target: plan.target, text: plan.text, document: plan.document, partial: plan.partial, base: plan.base, edited: main,
    get patch() {
      if (patch === null) patch = computePodPatch(plan.base, main, type, plan.precondition);
      return patch ?? undefined;
    },
    precondition: plan.precondition, refused: plan.refused, recreateOnly: plan.recreateOnly,
  };
  return { plan: mainPlan, split };
}

/** The resize request's body: the stored pod to its copy with the edited resources. */
export function resizePatch(current: Pod, split: ResizeSplit, type: PodPatchType, precondition?: string): PodPatch | undefined {
  return split.resized ? computePodPatch(current, split.resized, type, precondition) : undefined;
}

export interface ResizeClient extends EditClient {
  patchPod(ns: string, name: string, patch: unknown, opts: { type?: PodPatchType; dryRun?: boolean; signal?: AbortSignal; subresource?: 'resize' }): Promise<Pod>;
}

/** What the two writes did: the main outcome as sendEdit says it, then the resize's (when there is one to send). */
export type SplitOutcome = { main: SendOutcome; resize?: SendOutcome };

/**
 * The main patch, then (when it went through or had nothing to send; in a dry run also when it was
 * refused) the resize. A refusal of the resize is placed on the text like the main patch's.
 */
export async function sendSplitEdit(client: ResizeClient, sp: SplitPlan, type: PodPatchType, signal: AbortSignal | undefined, opts: SendOptions = {}): Promise<SplitOutcome> {
  const main = await sendEdit(client, sp.plan, signal, opts);
  // A dry run stores nothing, so the resize is asked about even when the main write was refused.
  const goOn = main.kind === 'patched' || main.kind === 'unchanged' || (opts.dryRun && main.kind === 'refused');
  if (!sp.split.resized || !goOn) return { main };
  // The body is the stored pod → its resized copy (only resources and resizePolicy differ); the
  // precondition is the resourceVersion the main write left.
  const after = main.kind === 'patched' && !opts.dryRun ? main.pod : sp.plan.base;
  const precondition = sp.plan.precondition === undefined ? undefined : after.metadata?.resourceVersion;
  const patch = resizePatch(sp.plan.base, sp.split, type, precondition);
  if (!patch) return { main };
  return { main, resize: await sendResize(client, sp.plan, sp.split, patch, signal, opts) };
}

/**
 * PATCH .../pods/{name}/resize with `patch`. A refusal (422, or 400 as servers answer a resize they
 * cannot take) is placed on the text: on the fields its causes name, else on every resized field.
 */
export async function sendResize(client: ResizeClient, plan: PatchPlan, split: ResizeSplit, patch: PodPatch, signal: AbortSignal | undefined, opts: SendOptions = {}): Promise<SendOutcome> {
  const target = plan.target!;
  try {
    const pod = await client.patchPod(target.namespace, target.name, patch.body, { type: patch.type, dryRun: opts.dryRun, signal, subresource: 'resize' });
    return { kind: 'patched', pod, dryRun: Boolean(opts.dryRun) };
  } catch (err) {
    if (err instanceof AbortedError || signal?.aborted) return { kind: 'cancelled' };
    if (err instanceof ApiError && (err.code === 422 || err.code === 400)) {
      const named = err.causes.filter((c) => c.field);
      const causes = named.length ? err.causes : split.changes.map((c) => ({ field: c.path, reason: err.reason, message: firstCause(err) }));
      return { kind: 'refused', message: err.message, causes: placeStatusCauses(plan.text, causes, plan.document) };
    }
    if (err instanceof ApiError && err.code === 409) return { kind: 'conflict', message: err.message };
    return { kind: 'failed', message: err instanceof Error ? err.message : String(err), code: err instanceof ApiError ? err.code : undefined };
  }
}

function firstCause(err: ApiError): string {
  return err.causes.find((c) => c.message)?.message ?? err.message;
}

/** The restarted containers of a split, for the report ("restarts container "app""). */
export function restartedContainers(split: ResizeSplit): string[] {
  return [...new Set(split.changes.filter((c) => c.restarts).map((c) => c.container))];
}
