// The quick fix "Resize in place": of an edit, only its resize request (PATCH .../pods/{name}/resize
// with exactly the container resource change), sent now, while the rest of the edit stays in the
// buffer. Offered where the server serves pods/resize and the resize alone passes that release's
// ValidatePodResize; the resize is all-or-nothing per pod (QoS is judged over every container), so
// the request carries every resource change of the edit, as a save's second write does.
import type { Finding } from '../rules/finding';
import { checkPodUpdate, type RuleSettings } from '../rules/checkPodUpdate';
import { serverRules } from '../rules/serverReleases';
import { splitResize, type ResizeSplit } from '../rules/resizeSplit';
import { computePodPatch, type PodPatch } from '../patch/podPatch';
import type { PodPatchType } from '../patch/patchTypes';
import type { PatchPlan } from './analyzeEdit';
import { resizePatch } from './resizeSplitPlan';
import { obj } from '../rules/ruleContext';

export type ResizeInPlace = {
  split: ResizeSplit;
  /** The request's body: the stored pod → its copy with the edited resources, the base's resourceVersion as precondition. */
  patch: PodPatch;
  /** What the server would refuse in the resize alone (the fix is not applicable when there is any). */
  refused: Finding[];
  /** The edit changes more than the resize carries: that stays in the buffer. */
  otherChanges: boolean;
};

/** The resize-only request of `plan`, or undefined where there is none (no resource change, or no pods/resize on this server). */
export function planResizeInPlace(plan: PatchPlan, settings: RuleSettings, type: PodPatchType): ResizeInPlace | undefined {
  if ((settings.profile ?? 'kubernetes') !== 'kubernetes') return undefined;
  const rules = serverRules(settings);
  if (!rules.servesResize) return undefined;
  const split = splitResize(plan.base, plan.edited, rules);
  const patch = resizePatch(plan.base, split, type, plan.precondition);
  if (!split.resized || !patch) return undefined;
  const refused = checkPodUpdate(plan.base, split.resized, { ...settings, profile: 'kubernetes', subresource: 'resize' }).filter((f) => f.severity === 'error');
  const otherChanges = computePodPatch(plan.base, split.main, 'merge') !== undefined;
  return { split, patch, refused, otherChanges };
}

/** "container app: memory" / "containers app, sidecar: cpu, memory": what the resize changes, for a title or a message. */
export function describeResizeChanges(split: ResizeSplit): string {
  const containers = [...new Set(split.changes.filter((c) => c.container).map((c) => c.container))];
  const podLevel = split.changes.some((c) => !c.container);
  const who = [containers.length ? `container${containers.length > 1 ? 's' : ''} ${containers.join(', ')}` : '', podLevel ? 'the pod' : ''].filter(Boolean).join(' and ');
  const names = [...new Set(split.changes.flatMap((c) => {
    const leaf = /\[(cpu|memory)\]$/.exec(c.path)?.[1] ?? /\.(cpu|memory)$/.exec(c.path)?.[1];
    if (leaf) return [leaf];
    const m = /\.(limits|requests|resizePolicy)$/.exec(c.path)?.[1];
    if (m === 'resizePolicy') return ['resizePolicy'];
    return [...Object.keys(obj(c.before)), ...Object.keys(obj(c.after))];
  }))].sort();
  return `${who}: ${names.join(', ') || 'resources'}`;
}
