// The status each workload controller writes (the fields kubectl get and kubectl rollout status
// read), the pod-template-hash, and the end of a Job's pod.
import type { JsonObject } from '../core/pod';
import type { StoredObject } from './resourceStore';

type Obj = JsonObject;

/** rand.SafeEncodeString's alphabet (no vowels, no look-alikes), as pod-template-hash uses it. */
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * controller.ComputeHash: a 32-bit FNV-1a of the template, printed in decimal and safe-encoded
 * (upstream hashes the Go object dump; the sandbox hashes its JSON, so values differ from a real
 * cluster's but have their shape, e.g. `7d9c6b5f8`).
 */
export function podTemplateHash(template: unknown): string {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(JSON.stringify(template ?? {}))) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return [...String(h)].map((c) => SAFE[c.charCodeAt(0) % SAFE.length]).join('');
}

export function isReady(p: StoredObject): boolean {
  if (p.metadata.deletionTimestamp) return false;
  const conditions = ((p.status as Obj | undefined)?.conditions as Obj[] | undefined) ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** The sandbox's nodes a DaemonSet runs on. */
export function daemonNodes(): string[] {
  return ['node-0', 'node-1', 'node-2'];
}

function timestamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A Job's pod whose containers exited 0: Succeeded, not ready (reason PodCompleted). */
export function completePod(p: StoredObject): StoredObject {
  const at = timestamp();
  const status = (p.status ?? {}) as Obj;
  const containerStatuses = ((status.containerStatuses as Obj[] | undefined) ?? []).map((s) => {
    const running = ((s.state as Obj | undefined)?.running ?? {}) as Obj;
    return { ...s, ready: false, started: false, state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: running.startedAt ?? at, finishedAt: at, containerID: s.containerID } } };
  });
  const conditions = ((status.conditions as Obj[] | undefined) ?? []).map((c) => (c.type === 'Ready' || c.type === 'ContainersReady'
    ? { type: c.type, status: 'False', lastProbeTime: null, lastTransitionTime: at, reason: 'PodCompleted' } : c));
  return { ...p, status: { ...status, phase: 'Succeeded', conditions, containerStatuses } };
}

function spec(o: StoredObject): Obj { return (o.spec ?? {}) as Obj; }
function st(o: StoredObject): Obj { return (o.status ?? {}) as Obj; }
const num = (v: unknown) => (typeof v === 'number' ? v : 0);

/** Keeps lastTransitionTime when a condition's status did not change, as controllers do. */
function condition(previous: Obj[] | undefined, type: string, status: string, reason: string, message: string): Obj {
  const was = previous?.find((c) => c.type === type);
  const at = timestamp();
  const same = was && was.status === status && was.reason === reason;
  return { type, status, lastUpdateTime: same ? was.lastUpdateTime : at, lastTransitionTime: was && was.status === status ? was.lastTransitionTime : at, reason, message };
}

export const statusFor = {
  deployment(d: StoredObject, current: StoredObject, all: StoredObject[]): Obj {
    const desired = num(spec(d).replicas ?? 1);
    const replicas = all.reduce((n, rs) => n + num(st(rs).replicas), 0);
    const ready = all.reduce((n, rs) => n + num(st(rs).readyReplicas), 0);
    const available = all.reduce((n, rs) => n + num(st(rs).availableReplicas), 0);
    const updated = num(st(current).replicas);
    const previous = st(d).conditions as Obj[] | undefined;
    const complete = updated === desired && replicas === desired && available === desired;
    const status: Obj = {
      observedGeneration: d.metadata.generation ?? 1, replicas, updatedReplicas: updated, readyReplicas: ready, availableReplicas: available,
      conditions: [
        available >= desired
          ? condition(previous, 'Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.')
          : condition(previous, 'Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'),
        complete
          ? condition(previous, 'Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${current.metadata.name}" has successfully progressed.`)
          : condition(previous, 'Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${current.metadata.name}" is progressing.`),
      ],
    };
    if (desired - available > 0) status.unavailableReplicas = desired - available;
    return status;
  },

  statefulSet(sts: StoredObject, pods: StoredObject[], revision: string): Obj {
    const updated = pods.filter((p) => ((p.metadata.labels ?? {}) as Obj)['controller-revision-hash'] === revision).length;
    const ready = pods.filter(isReady).length;
    const done = updated === num(spec(sts).replicas ?? 1) && updated === pods.length;
    return {
      observedGeneration: sts.metadata.generation ?? 1, replicas: pods.length, readyReplicas: ready, currentReplicas: done ? updated : pods.length - updated,
      updatedReplicas: updated, availableReplicas: ready, currentRevision: done ? revision : st(sts).currentRevision ?? revision, updateRevision: revision, collisionCount: 0,
    };
  },

  daemonSet(ds: StoredObject, pods: StoredObject[], revision: string): Obj {
    const nodes = daemonNodes().length;
    const ready = pods.filter(isReady).length;
    return {
      currentNumberScheduled: new Set(pods.map((p) => spec(p).nodeName)).size, numberMisscheduled: 0, desiredNumberScheduled: nodes,
      numberReady: ready, observedGeneration: ds.metadata.generation ?? 1,
      updatedNumberScheduled: pods.filter((p) => ((p.metadata.labels ?? {}) as Obj)['controller-revision-hash'] === revision).length,
      numberAvailable: ready, ...(nodes - ready > 0 ? { numberUnavailable: nodes - ready } : {}),
    };
  },

  job(job: StoredObject, pods: StoredObject[], complete: boolean): Obj {
    const phase = (p: StoredObject) => String(((p.status ?? {}) as Obj).phase);
    const previous = st(job);
    const status: Obj = {
      startTime: previous.startTime ?? timestamp(),
      active: pods.filter((p) => !['Succeeded', 'Failed'].includes(phase(p))).length,
      succeeded: pods.filter((p) => phase(p) === 'Succeeded').length,
      terminating: 0, ready: pods.filter(isReady).length, uncountedTerminatedPods: {},
    };
    if (status.active === 0) delete status.active;
    if (complete) {
      const at = previous.completionTime ?? timestamp();
      status.completionTime = at;
      status.conditions = [
        { type: 'SuccessCriteriaMet', status: 'True', lastProbeTime: at, lastTransitionTime: at, reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' },
        { type: 'Complete', status: 'True', lastProbeTime: at, lastTransitionTime: at, reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' },
      ];
    } else if (spec(job).suspend === true) {
      const was = (previous.conditions as Obj[] | undefined)?.find((c) => c.type === 'Suspended' && c.status === 'True');
      status.conditions = [was ?? { type: 'Suspended', status: 'True', lastProbeTime: timestamp(), lastTransitionTime: timestamp(), reason: 'JobSuspended', message: 'Job suspended' }];
      delete status.startTime;
    }
    return status;
  },
};
