// A small controller manager for the sandbox's workloads, enough for users to see what real
// controllers do: a Deployment owns one ReplicaSet per pod template (named and labelled with
// pod-template-hash) and scales the old ones to 0 when the template changes; a ReplicaSet keeps
// `replicas` pods from its template; a StatefulSet keeps pods <name>-0..N-1 and replaces those of an
// old revision; a DaemonSet keeps one pod on each of the sandbox's nodes; a Job runs pods until
// `completions` of them succeeded. Owned objects carry controller ownerReferences, deleting an owner
// deletes what it owns (background cascading), and each kind's status is kept the way kubectl
// rollout status reads it. Work is queued per object and done once per turn of the event loop.
import { randomUUID } from 'node:crypto';
import type { JsonObject } from '../core/pod';
import { deepEqualJson } from '../core/patch/jsonEquality';
import type { Profile } from '../core/rules/profile';
import { selectorMatches } from '../core/rules/workloads/labelSelector';
import { isWorkloadKind, WORKLOAD_KINDS, type WorkloadKind } from '../core/rules/workloads/checkWorkloadUpdate';
import type { ResourceStore, StoreEvent, StoredObject } from './resourceStore';
import type { StatusSimulator } from './statusSimulator';
import type { EventRecorder } from './eventRecorder';
import { applyCreateDefaults } from './podDefaults';
import { workloadApiVersion } from './workloadTypes';
import { completePod, daemonNodes, isReady, podTemplateHash, statusFor } from './workloadStatus';

type Obj = JsonObject;
export type WorkloadStores = Record<WorkloadKind, ResourceStore>;
export type ControllerDeps = { pods: ResourceStore; stores: WorkloadStores; simulator: StatusSimulator; recorder: EventRecorder; profile: Profile; jobRunMs: number };

function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function controllerRef(o: StoredObject): { kind: string; name: string; uid: string } | undefined {
  const refs = (o.metadata.ownerReferences as Obj[] | undefined) ?? [];
  const r = refs.find((x) => x.controller === true);
  return r ? { kind: String(r.kind), name: String(r.name), uid: String(r.uid) } : undefined;
}

function ownerReference(kind: WorkloadKind, owner: StoredObject): Obj {
  return { apiVersion: workloadApiVersion(kind), kind, name: owner.metadata.name, uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true };
}

function spec(o: StoredObject): Obj { return (o.spec ?? {}) as Obj; }
function template(o: StoredObject): Obj { return (spec(o).template ?? {}) as Obj; }
function labelsOf(o: Obj): Record<string, string> { return ((o.metadata as Obj | undefined)?.labels ?? {}) as Record<string, string>; }

export class WorkloadController {
  private readonly queue = new Map<string, { kind: WorkloadKind; ns: string; name: string }>();
  private scheduled: NodeJS.Immediate | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly unsubscribes: (() => void)[] = [];

  constructor(private readonly d: ControllerDeps) {
    this.unsubscribes.push(d.pods.subscribe((e) => this.onPod(e)));
    for (const kind of WORKLOAD_KINDS) this.unsubscribes.push(d.stores[kind].subscribe((e) => this.onWorkload(kind, e)));
  }

  /** Syncs every stored workload (at start, after loading seeds without events). */
  resyncAll(): void {
    for (const kind of WORKLOAD_KINDS) for (const o of this.d.stores[kind].all()) this.enqueue(kind, o.metadata.namespace!, o.metadata.name);
  }

  private enqueue(kind: WorkloadKind, ns: string, name: string): void {
    this.queue.set(`${kind}/${ns}/${name}`, { kind, ns, name });
    this.scheduled ??= setImmediate(() => {
      this.scheduled = undefined;
      const work = [...this.queue.values()];
      this.queue.clear();
      for (const w of work) this.sync(w.kind, w.ns, w.name);
    });
  }

  private enqueueOwner(o: StoredObject): void {
    const ref = controllerRef(o);
    if (ref && isWorkloadKind(ref.kind)) this.enqueue(ref.kind, o.metadata.namespace!, ref.name);
  }

  private onPod(e: StoreEvent): void {
    if (!e.object.metadata.ownerReferences) return;
    this.enqueueOwner(e.object);
    const ref = controllerRef(e.object);
    // A Job's pod that started runs for jobRunMs, then succeeds.
    if (ref?.kind === 'Job' && e.type !== 'DELETED' && isRunning(e.object) && !(e.previous && isRunning(e.previous))) {
      this.later(this.d.jobRunMs, () => {
        const latest = this.d.pods.get(e.object.metadata.namespace, e.object.metadata.name);
        if (latest && latest.metadata.uid === e.object.metadata.uid && isRunning(latest)) this.d.pods.put(completePod(latest));
      });
    }
  }

  private onWorkload(kind: WorkloadKind, e: StoreEvent): void {
    const o = e.object;
    if (e.type === 'DELETED') this.collectGarbage(o.metadata.namespace!, o.metadata.uid as string);
    else this.enqueue(kind, o.metadata.namespace!, o.metadata.name);
    this.enqueueOwner(o);
  }

  /** Background cascading deletion: what the deleted owner controlled goes too. */
  private collectGarbage(ns: string, uid: string): void {
    const owned = (o: StoredObject) => o.metadata.namespace === ns && ((o.metadata.ownerReferences as Obj[] | undefined) ?? []).some((r) => r.uid === uid);
    for (const kind of WORKLOAD_KINDS) for (const o of this.d.stores[kind].all().filter(owned)) this.d.stores[kind].delete(ns, o.metadata.name);
    for (const p of this.ownedPods(ns, uid, true)) this.terminate(p);
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => { this.timers.delete(t); fn(); }, ms);
    this.timers.add(t);
  }

  private ownedPods(ns: string, uid: string, includeTerminating = false): StoredObject[] {
    const prefix = `${ns}/`;
    const out: StoredObject[] = [];
    for (const key of this.d.pods.keys()) {
      if (!key.startsWith(prefix)) continue;
      const p = this.d.pods.entry(key)!.object;
      if (controllerRef(p)?.uid === uid && (includeTerminating || !p.metadata.deletionTimestamp)) out.push(p);
    }
    return out;
  }

  private event(kind: WorkloadKind, o: StoredObject, reason: string, message: string): void {
    const component = kind === 'Deployment' ? 'deployment-controller' : kind === 'ReplicaSet' ? 'replicaset-controller' : kind === 'StatefulSet' ? 'statefulset-controller' : kind === 'DaemonSet' ? 'daemonset-controller' : 'job-controller';
    this.d.recorder.record(o, { type: 'Normal', reason, message, source: { component } });
  }

  private createPod(kind: WorkloadKind, owner: StoredObject, extra: { name?: string; labels?: Obj; spec?: Obj }): void {
    const t = template(owner);
    const meta = (t.metadata ?? {}) as Obj;
    const pod = {
      apiVersion: 'v1', kind: 'Pod',
      metadata: {
        ...(extra.name ? { name: extra.name } : { generateName: `${owner.metadata.name}-` }),
        labels: { ...labelsOf(t), ...extra.labels },
        ...(meta.annotations ? { annotations: meta.annotations } : {}),
        ownerReferences: [ownerReference(kind, owner)],
      },
      spec: { ...((t.spec ?? {}) as Obj), ...extra.spec },
    };
    const stored = this.d.pods.put(applyCreateDefaults(pod, owner.metadata.namespace!, this.d.profile, new Date()) as StoredObject);
    this.d.simulator.podCreated(stored);
    this.event(kind, owner, 'SuccessfulCreate', `Created pod: ${stored.metadata.name}`);
  }

  /** A graceful delete, as the pod route does it: terminating first, gone after the simulated grace. */
  private terminate(pod: StoredObject): void {
    if (pod.metadata.deletionTimestamp) return;
    const grace = Number(spec(pod).terminationGracePeriodSeconds ?? 30);
    const deletionTimestamp = new Date(Date.now() + grace * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const terminating = this.d.pods.put({ ...pod, metadata: { ...pod.metadata, deletionTimestamp, deletionGracePeriodSeconds: grace } });
    this.d.simulator.podTerminating(terminating, grace);
  }

  private writeStatus(kind: WorkloadKind, o: StoredObject, status: Obj): void {
    if (deepEqualJson(o.status ?? {}, status)) return;
    this.d.stores[kind].put({ ...o, status });
  }

  private sync(kind: WorkloadKind, ns: string, name: string): void {
    const o = this.d.stores[kind].get(ns, name);
    if (!o || o.metadata.deletionTimestamp) return;
    switch (kind) {
      case 'Deployment': return this.syncDeployment(o);
      case 'ReplicaSet': return this.syncReplicaSet(o);
      case 'StatefulSet': return this.syncStatefulSet(o);
      case 'DaemonSet': return this.syncDaemonSet(o);
      case 'Job': return this.syncJob(o);
    }
  }

  private syncDeployment(d: StoredObject): void {
    const store = this.d.stores.ReplicaSet;
    const ns = d.metadata.namespace!;
    const hash = podTemplateHash(template(d));
    const owned = store.all().filter((rs) => rs.metadata.namespace === ns && controllerRef(rs)?.uid === d.metadata.uid);
    const desired = Number(spec(d).replicas ?? 1);
    let current = owned.find((rs) => labelsOf(rs as Obj)['pod-template-hash'] === hash);
    const revision = 1 + Math.max(0, ...owned.map((rs) => Number(((rs.metadata.annotations ?? {}) as Obj)['deployment.kubernetes.io/revision'] ?? 0)));
    if (!current) {
      const t = template(d);
      const labels = { ...labelsOf(t), 'pod-template-hash': hash };
      const selector = (spec(d).selector ?? {}) as Obj;
      current = store.put({
        apiVersion: 'apps/v1', kind: 'ReplicaSet',
        metadata: {
          name: `${d.metadata.name}-${hash}`, namespace: ns, uid: randomUUID(), creationTimestamp: now(), generation: 1, labels,
          annotations: { 'deployment.kubernetes.io/desired-replicas': String(desired), 'deployment.kubernetes.io/max-replicas': String(desired + 1), 'deployment.kubernetes.io/revision': String(revision) },
          ownerReferences: [ownerReference('Deployment', d)],
        },
        spec: { replicas: desired, selector: { ...selector, matchLabels: { ...((selector.matchLabels ?? {}) as Obj), 'pod-template-hash': hash } }, template: { ...t, metadata: { ...((t.metadata ?? {}) as Obj), labels } } },
      } as unknown as StoredObject);
      this.event('Deployment', d, 'ScalingReplicaSet', `Scaled up replica set ${current.metadata.name} from 0 to ${desired}`);
    } else if (spec(current).replicas !== desired) {
      this.event('Deployment', d, 'ScalingReplicaSet', `Scaled ${Number(spec(current).replicas) < desired ? 'up' : 'down'} replica set ${current.metadata.name} from ${spec(current).replicas} to ${desired}`);
      current = store.put({ ...current, spec: { ...spec(current), replicas: desired }, metadata: { ...current.metadata, generation: Number(current.metadata.generation ?? 1) + 1 } });
    }
    for (const rs of owned) {
      if (rs.metadata.uid === current.metadata.uid || Number(spec(rs).replicas ?? 0) === 0) continue;
      this.event('Deployment', d, 'ScalingReplicaSet', `Scaled down replica set ${rs.metadata.name} from ${spec(rs).replicas} to 0`);
      store.put({ ...rs, spec: { ...spec(rs), replicas: 0 }, metadata: { ...rs.metadata, generation: Number(rs.metadata.generation ?? 1) + 1 } });
    }
    const all = store.all().filter((rs) => rs.metadata.namespace === ns && controllerRef(rs)?.uid === d.metadata.uid);
    this.writeStatus('Deployment', d, statusFor.deployment(d, current, all));
  }

  private syncReplicaSet(rs: StoredObject): void {
    const ns = rs.metadata.namespace!;
    let pods = this.ownedPods(ns, rs.metadata.uid as string);
    const desired = Number(spec(rs).replicas ?? 1);
    for (let i = pods.length; i < desired; i++) this.createPod('ReplicaSet', rs, {});
    if (pods.length > desired) {
      const extra = [...pods].sort((a, b) => Number(isReady(a)) - Number(isReady(b))).slice(0, pods.length - desired);
      for (const p of extra) { this.terminate(p); this.event('ReplicaSet', rs, 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`); }
    }
    pods = this.ownedPods(ns, rs.metadata.uid as string);
    const ready = pods.filter(isReady).length;
    const selector = spec(rs).selector;
    this.writeStatus('ReplicaSet', rs, {
      replicas: pods.length, fullyLabeledReplicas: pods.filter((p) => selectorMatches(selector, labelsOf(p as Obj))).length,
      readyReplicas: ready, availableReplicas: ready, observedGeneration: rs.metadata.generation ?? 1,
    });
  }

  private syncStatefulSet(sts: StoredObject): void {
    const ns = sts.metadata.namespace!;
    const name = sts.metadata.name;
    const revision = `${name}-${podTemplateHash(template(sts))}`;
    const desired = Number(spec(sts).replicas ?? 1);
    for (let i = 0; i < desired; i++) {
      const podName = `${name}-${i}`;
      const existing = this.d.pods.get(ns, podName);
      if (!existing) {
        this.createPod('StatefulSet', sts, {
          name: podName,
          labels: { 'controller-revision-hash': revision, 'statefulset.kubernetes.io/pod-name': podName, 'apps.kubernetes.io/pod-index': String(i) },
          spec: { hostname: podName, ...(spec(sts).serviceName ? { subdomain: spec(sts).serviceName } : {}) },
        });
      } else if (controllerRef(existing)?.uid === sts.metadata.uid && labelsOf(existing as Obj)['controller-revision-hash'] !== revision) {
        this.terminate(existing); // recreated from the new revision once it is gone
      }
    }
    for (const p of this.ownedPods(ns, sts.metadata.uid as string)) {
      if (Number(labelsOf(p as Obj)['apps.kubernetes.io/pod-index'] ?? -1) >= desired) this.terminate(p);
    }
    this.writeStatus('StatefulSet', sts, statusFor.statefulSet(sts, this.ownedPods(ns, sts.metadata.uid as string), revision));
  }

  private syncDaemonSet(ds: StoredObject): void {
    const ns = ds.metadata.namespace!;
    const generation = String(ds.metadata.generation ?? 1);
    const revision = podTemplateHash(template(ds));
    for (const node of daemonNodes()) {
      const onNode = this.ownedPods(ns, ds.metadata.uid as string).filter((p) => spec(p).nodeName === node);
      const stale = onNode.filter((p) => labelsOf(p as Obj)['controller-revision-hash'] !== revision);
      for (const p of stale) this.terminate(p);
      const hasTerminating = this.ownedPods(ns, ds.metadata.uid as string, true).some((p) => spec(p).nodeName === node && p.metadata.deletionTimestamp);
      if (onNode.length === stale.length && !hasTerminating) {
        this.createPod('DaemonSet', ds, { labels: { 'controller-revision-hash': revision, 'pod-template-generation': generation }, spec: { nodeName: node } });
      }
    }
    this.writeStatus('DaemonSet', ds, statusFor.daemonSet(ds, this.ownedPods(ns, ds.metadata.uid as string), revision));
  }

  private syncJob(job: StoredObject): void {
    const ns = job.metadata.namespace!;
    const s = spec(job);
    const status = (job.status ?? {}) as Obj;
    if ((status.conditions as Obj[] | undefined)?.some((c) => c.type === 'Complete' && c.status === 'True')) return;
    const pods = this.ownedPods(ns, job.metadata.uid as string);
    const succeeded = pods.filter((p) => (p.status as Obj | undefined)?.phase === 'Succeeded').length;
    const active = pods.filter((p) => !['Succeeded', 'Failed'].includes(String((p.status as Obj | undefined)?.phase)));
    const completions = Number(s.completions ?? 1);
    if (s.suspend === true) {
      for (const p of active) this.terminate(p);
    } else {
      const want = Math.min(Number(s.parallelism ?? 1), completions - succeeded) - active.length;
      for (let i = 0; i < want; i++) this.createPod('Job', job, {});
    }
    if (succeeded >= completions) this.event('Job', job, 'Completed', 'Job completed');
    this.writeStatus('Job', job, statusFor.job(job, this.ownedPods(ns, job.metadata.uid as string), succeeded >= completions));
  }

  stop(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    this.queue.clear();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  dispose(): void {
    this.stop();
    for (const u of this.unsubscribes) u();
  }
}

function isRunning(p: StoredObject): boolean {
  const statuses = ((p.status as Obj | undefined)?.containerStatuses as Obj[] | undefined) ?? [];
  return statuses.length > 0 && statuses.every((s) => !!(s.state as Obj | undefined)?.running);
}
