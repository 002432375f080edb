// What the sandbox serves besides pods and namespaces, assembled in one place so the server only
// creates, resets and stops it: core/v1 events (with the scheduler's and kubelet's events derived
// from pod changes), and the apps/v1 and batch/v1 workloads with their controller.
import type { ResourceStore, RvClock } from './resourceStore';
import { ResourceStore as Store } from './resourceStore';
import type { ResourceType } from './resourceRoutes';
import { EventRecorder, eventResourceType } from './eventRecorder';
import { PodLifecycleEvents } from './podLifecycleEvents';
import { SEED_NAMESPACE, SEED_POD_NAME } from './seedPods';

export type ClusterFeatures = {
  resources: Map<string, ResourceType>;
  events: ResourceStore;
  recorder: EventRecorder;
  /** Records the seed pod's history (at start and after an admin reset). */
  seed(): void;
  reset(): void;
  stop(): void;
};

export type ClusterFeatureOptions = { firstBackoffMs?: number };

export function createClusterFeatures(clock: RvClock, pods: ResourceStore, opts: ClusterFeatureOptions = {}): ClusterFeatures {
  const events = new Store(clock);
  const recorder = new EventRecorder(events);
  const lifecycle = new PodLifecycleEvents(pods, recorder, opts.firstBackoffMs);
  const resources = new Map<string, ResourceType>();
  const add = (t: ResourceType) => resources.set(`${t.group ? `${t.group}/` : ''}${t.version}/${t.resource}`, t);
  add(eventResourceType(events));
  const seed = () => {
    const pod = pods.get(SEED_NAMESPACE, SEED_POD_NAME);
    if (pod) lifecycle.seedHistory(pod, Date.now());
  };
  return {
    resources, events, recorder, seed,
    reset() {
      lifecycle.stop();
      recorder.clear();
      events.resetTo([]);
      seed();
    },
    stop() { lifecycle.dispose(); },
  };
}
