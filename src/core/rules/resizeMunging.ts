// The resource "munging" upstream's resize validation shares: cpu and memory are taken from the old
// container so that whatever still differs afterwards is a change resize cannot make.
// scheduler-plugins@0c967825 (1.33) / @2117d3e3 (1.35) validation.go `dropCPUMemoryUpdates`,
// `dropCPUMemoryResourcesFromContainer`, `resourcesRemoved`.
import { isPlainObject } from '../pod';
import { obj } from './ruleContext';

/**
 * 'oldNilDropsAll' (≤1.34): an old list that is nil drops every new entry, so adding any resource to
 * a container that had none slips through; 'bothNil' (1.35+, #135084) only when both are nil.
 */
export type DropMode = 'oldNilDropsAll' | 'bothNil';

function isNil(v: unknown): boolean {
  return v === undefined || v === null;
}

export function dropCpuMemoryUpdates(list: unknown, oldList: unknown, mode: DropMode): Record<string, unknown> | undefined {
  if (isNil(oldList) && (mode === 'oldNilDropsAll' || isNil(list))) return undefined;
  const munged: Record<string, unknown> = isPlainObject(list) ? { ...list } : {};
  delete munged.cpu;
  delete munged.memory;
  const old = obj(oldList);
  if (old.cpu !== undefined) munged.cpu = old.cpu;
  if (old.memory !== undefined) munged.memory = old.memory;
  return munged;
}

/** The container with cpu/memory from the old one; like upstream, resources keeps only limits and requests. */
export function dropCpuMemoryFromContainer(container: unknown, oldContainer: unknown, mode: DropMode): Record<string, unknown> {
  const c = obj(container);
  const resources = obj(c.resources);
  const oldResources = obj(obj(oldContainer).resources);
  const limits = dropCpuMemoryUpdates(resources.limits, oldResources.limits, mode);
  const requests = dropCpuMemoryUpdates(resources.requests, oldResources.requests, mode);
  const next: Record<string, unknown> = {};
  if (limits !== undefined) next.limits = limits;
  if (requests !== undefined) next.requests = requests;
  return { ...c, resources: next };
}

/** resourcesRemoved: a resource name of the old list is missing from the new one. */
export function resourcesRemoved(list: unknown, oldList: unknown): boolean {
  const next = obj(list);
  return Object.keys(obj(oldList)).some((name) => !(name in next));
}
