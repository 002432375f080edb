// What the sandbox serves besides pods and namespaces, assembled in one place so the server only
// creates, resets and stops it: core/v1 events (with the scheduler's and kubelet's events derived
// from pod changes), and the apps/v1 and batch/v1 workloads with their controller.
import { randomUUID } from 'node:crypto';
import type { Profile } from '../core/rules/profile';
import { WORKLOAD_KINDS } from '../core/rules/workloads/checkWorkloadUpdate';
import { ResourceStore, type RvClock, type StoredObject } from './resourceStore';
import type { ResourceType } from './resourceRoutes';
import type { StatusSimulator } from './statusSimulator';
import { EventRecorder, eventResourceType } from './eventRecorder';
import { PodLifecycleEvents } from './podLifecycleEvents';
import { SEED_NAMESPACE, SEED_POD_NAME } from './seedPods';
import { workloadResourceType } from './workloadTypes';
import { WorkloadController, type WorkloadStores } from './workloadController';

export type ClusterFeatures = {
  resources: Map<string, ResourceType>;
  events: ResourceStore;
  recorder: EventRecorder;
  /** Records the seed pod's history and seeds the demo Deployment (at start and after an admin reset). */
  seed(): void;
  reset(): void;
  stop(): void;
};

export type ClusterFeatureOptions = {
  firstBackoffMs?: number;
  /** How long a Job's pod runs before it succeeds. */
  jobRunMs?: number;
  /** Seed the Deployment `web` (2 replicas) in namespace `default`. */
  seedWorkloads?: boolean;
};

export function createClusterFeatures(clock: RvClock, pods: ResourceStore, simulator: StatusSimulator, profile: Profile, opts: ClusterFeatureOptions = {}): ClusterFeatures {
  const events = new ResourceStore(clock);
  const recorder = new EventRecorder(events);
  const lifecycle = new PodLifecycleEvents(pods, recorder, opts.firstBackoffMs);
  const resources = new Map<string, ResourceType>();
  const add = (t: ResourceType) => resources.set(`${t.group ? `${t.group}/` : ''}${t.version}/${t.resource}`, t);
  add(eventResourceType(events));
  const stores = Object.fromEntries(WORKLOAD_KINDS.map((k) => [k, new ResourceStore(clock)])) as WorkloadStores;
  for (const kind of WORKLOAD_KINDS) add(workloadResourceType(kind, stores[kind]));
  const controller = new WorkloadController({ pods, stores, simulator, recorder, profile, jobRunMs: opts.jobRunMs ?? 2000 });
  const deployments = resources.get('apps/v1/deployments')!;

  const seed = () => {
    const pod = pods.get(SEED_NAMESPACE, SEED_POD_NAME);
    if (pod) lifecycle.seedHistory(pod, Date.now());
    if (opts.seedWorkloads) {
      const web = deployments.defaults!({
        apiVersion: 'apps/v1', kind: 'Deployment',
        metadata: { name: 'web', namespace: 'default', uid: randomUUID(), generation: 1, creationTimestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), labels: { app: 'web' } },
        spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] } } },
      });
      stores.Deployment.put(web as StoredObject); // the controller creates its ReplicaSet and pods
    }
  };
  return {
    resources, events, recorder, seed,
    reset() {
      lifecycle.stop();
      controller.stop();
      for (const kind of WORKLOAD_KINDS) stores[kind].resetTo([]);
      controller.stop(); // the deletions above queued nothing worth doing
      recorder.clear();
      events.resetTo([]);
      seed();
    },
    stop() {
      lifecycle.dispose();
      controller.dispose();
    },
  };
}
