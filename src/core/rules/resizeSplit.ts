// Where the server serves pods/resize, an edit of a running pod is two writes: the main patch
// (everything but the resources that resize changes) and the resize request (the stored pod with
// exactly the edited resources and resizePolicy). This splits one edited pod into those two pods,
// and names the changed resource fields so the findings can say how each is applied.
import { cloneJson, type Pod } from '../pod';
import { list, obj, setOrDelete, str } from './ruleContext';
import type { ServerRules } from './serverReleases';
import { semanticEqual } from './semanticEquality';
import { diffFields, type FieldChange } from './specDiff';
import { isRestartable } from './resizeRules';

export type ResizeSplit = {
  /** The edited pod with the resize's resources put back: what the main PATCH sends. */
  main: Pod;
  /** The stored pod with the edited resources: what PATCH .../resize leaves. Undefined: nothing to resize. */
  resized?: Pod;
  /** The changed fields resize applies, with whether the change restarts the container (resizePolicy). */
  changes: (FieldChange & { restarts: boolean; container: string })[];
};

type ContainerField = 'containers' | 'initContainers';

export function splitResize(stored: Pod, edited: Pod, rules: ServerRules): ResizeSplit {
  if (!rules.servesResize) return { main: edited, changes: [] };
  const oldSpec = obj(stored.spec);
  const newSpec = obj(edited.spec);
  let main: Pod | undefined;
  let resized: Pod | undefined;
  const changes: ResizeSplit['changes'] = [];
  const ensure = () => {
    main ??= { ...edited, spec: { ...newSpec } };
    resized ??= cloneJson(stored);
    return { mainSpec: obj(main.spec), resizedSpec: obj(resized.spec) };
  };
  for (const field of ['containers', 'initContainers'] as ContainerField[]) {
    const next = list(newSpec[field]);
    const prev = list(oldSpec[field]);
    // Container changes other than resources are refused anyway; their resources stay in the main check.
    if (next.length !== prev.length || next.some((c, i) => str(obj(c).name) !== str(obj(prev[i]).name))) continue;
    next.forEach((c, i) => {
      if (field === 'initContainers' && !initResizable(c, rules)) return;
      const n = obj(c);
      const o = obj(prev[i]);
      if (semanticEqual(n.resources, o.resources, 'resources') && semanticEqual(n.resizePolicy, o.resizePolicy, 'resizePolicy')) return;
      const { mainSpec, resizedSpec } = ensure();
      const mainList = list(mainSpec[field]).slice();
      const mainContainer = { ...obj(mainList[i]) };
      setOrDelete(mainContainer, 'resources', cloneJson(o.resources));
      setOrDelete(mainContainer, 'resizePolicy', cloneJson(o.resizePolicy));
      mainList[i] = mainContainer;
      mainSpec[field] = mainList;
      const resizedContainer = obj(list(resizedSpec[field])[i]);
      setOrDelete(resizedContainer, 'resources', cloneJson(n.resources));
      setOrDelete(resizedContainer, 'resizePolicy', cloneJson(n.resizePolicy));
      const at = `spec.${field}[${i}]`;
      for (const ch of [...diffFields(o.resources, n.resources, `${at}.resources`, 'resources'), ...diffFields(o.resizePolicy, n.resizePolicy, `${at}.resizePolicy`, 'resizePolicy')]) {
        changes.push({ ...ch, container: str(n.name), restarts: restartsFor(ch, n) });
      }
    });
  }
  if (rules.minor >= 35 && rules.gates.InPlacePodLevelResourcesVerticalScaling && !semanticEqual(newSpec.resources, oldSpec.resources, 'resources')) {
    const { mainSpec, resizedSpec } = ensure();
    setOrDelete(mainSpec, 'resources', cloneJson(oldSpec.resources));
    setOrDelete(resizedSpec, 'resources', cloneJson(newSpec.resources));
    for (const ch of diffFields(oldSpec.resources, newSpec.resources, 'spec.resources', 'resources')) changes.push({ ...ch, container: '', restarts: false });
  }
  return { main: main ?? edited, resized, changes };
}

function initResizable(c: unknown, rules: ServerRules): boolean {
  if (rules.minor <= 32) return false;
  return isRestartable(c) || (rules.minor >= 36 && rules.gates.InPlacePodVerticalScalingInitContainers);
}

/** A cpu or memory change restarts the container when its resizePolicy says RestartContainer for it. */
function restartsFor(change: FieldChange, container: Record<string, unknown>): boolean {
  const leaf = /\[(cpu|memory)\]$/.exec(change.path)?.[1];
  const names = leaf ? [leaf] : /\.(limits|requests)$/.test(change.path) ? [...Object.keys(obj(change.before)), ...Object.keys(obj(change.after))] : [];
  const policies = list(container.resizePolicy).map(obj);
  return names.some((name) => str(policies.find((p) => str(p.resourceName) === name)?.restartPolicy) === 'RestartContainer');
}
