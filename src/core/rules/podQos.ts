// A pod's QoS class (pkg/apis/core/helper/qos `GetPodQOS` / `ComputePodQOS`): resize and, up to
// 1.31, plain updates refuse a change of it. Summed cpu/memory requests and limits of all
// containers (init containers included); pod-level resources decide when PodLevelResources is on.
// Read in kubernetes-sigs/provider-aws-test-infra@ad3a0ece vendor/.../apis/core/helper/qos/qos.go
// and the older summing form it replaced (same classes for every pod podpatch can express).
import type { Pod } from '../pod';
import { list, obj, str } from './ruleContext';
import { parseQuantity } from './quantity';

export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const COMPUTE = ['cpu', 'memory'];

/** status.qosClass when the server has set it, otherwise computed. */
export function getPodQos(pod: Pod, podLevelResources: boolean): string {
  const set = str(obj(pod.status).qosClass);
  return set || computePodQos(pod, podLevelResources);
}

export function computePodQos(pod: Pod, podLevelResources: boolean): QosClass {
  const spec = obj(pod.spec);
  const podResources = obj(spec.resources);
  if (podLevelResources && (Object.keys(obj(podResources.requests)).length || Object.keys(obj(podResources.limits)).length)) {
    return requirementsQos(podResources);
  }
  let qos: QosClass | undefined;
  for (const c of [...list(spec.initContainers), ...list(spec.containers)]) {
    const q = requirementsQos(defaultedResources(obj(obj(c).resources)));
    if (q === 'Burstable') return q;
    if (qos === undefined) qos = q;
    else if (qos !== q) return 'Burstable';
  }
  return qos ?? 'BestEffort';
}

/** Requests default to limits on decode (SetDefaults_ResourceRequirements), so a limit-only container is Guaranteed. */
function defaultedResources(resources: Record<string, unknown>): Record<string, unknown> {
  const limits = obj(resources.limits);
  if (!Object.keys(limits).length) return resources;
  return { ...resources, requests: { ...limits, ...obj(resources.requests) } };
}

function requirementsQos(resources: Record<string, unknown>): QosClass {
  const requests = obj(resources.requests);
  const limits = obj(resources.limits);
  if (!Object.keys(requests).length && !Object.keys(limits).length) return 'BestEffort';
  let qos: QosClass | undefined;
  for (const name of COMPUTE) {
    const req = parseQuantity(requests[name]) ?? 0n;
    const lim = parseQuantity(limits[name]) ?? 0n;
    const q: QosClass = req !== lim ? 'Burstable' : req === 0n ? 'BestEffort' : 'Guaranteed';
    if (q === 'Burstable') return q;
    if (qos === undefined) qos = q;
    else if (qos !== q) return 'Burstable';
  }
  return qos ?? 'BestEffort';
}
