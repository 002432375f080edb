// The events a scheduler and kubelet record over a pod's life, derived from the pod changes the
// status simulator makes (so the simulator itself knows nothing of events): Scheduled when a node
// is assigned; Pulling/Pulled/Created/Started when a container instance starts; Pulling, Failed
// ("Failed to pull image ...") and Failed ("Error: ErrImagePull") when a pull fails, then BackOff
// and Failed ("Error: ImagePullBackOff") on the kubelet's back-off retries (10 s doubling to 5 min);
// Killing when a container is restarted for a changed definition or stopped for a deletion.
// Messages are the kubelet's (pkg/kubelet/events, kuberuntime_container.go, images/image_manager.go).
import type { JsonObject } from '../core/pod';
import type { ResourceStore, StoreEvent, StoredObject } from './resourceStore';
import type { EventRecorder, EventInput } from './eventRecorder';

type Status = JsonObject & { name: string; image?: string; state?: { running?: JsonObject; waiting?: JsonObject; terminated?: JsonObject } };

const MAX_BACKOFF_MS = 300_000;

function statuses(pod: StoredObject | undefined): Status[] {
  return ((pod?.status as JsonObject | undefined)?.containerStatuses as Status[] | undefined) ?? [];
}

function nodeOf(pod: StoredObject | undefined): string {
  return String((pod?.spec as JsonObject | undefined)?.nodeName ?? '');
}

function pullFailed(s: Status | undefined): boolean {
  return s?.state?.waiting?.reason === 'ErrImagePull' || s?.state?.waiting?.reason === 'ImagePullBackOff';
}

export class PodLifecycleEvents {
  private readonly backoffs = new Map<string, { timer: NodeJS.Timeout; delay: number; round: number }>();
  private readonly unsubscribe: () => void;

  constructor(private readonly pods: ResourceStore, private readonly recorder: EventRecorder, private readonly firstBackoffMs = 10_000) {
    this.unsubscribe = pods.subscribe((e) => this.observe(e));
  }

  private kubelet(pod: StoredObject, container: string, type: EventInput['type'], reason: string, message: string, at?: number): void {
    this.recorder.record(pod, { type, reason, message, source: { component: 'kubelet', host: nodeOf(pod) }, fieldPath: `spec.containers{${container}}` }, at);
  }

  private pullFailure(pod: StoredObject, s: Status, at?: number): void {
    const message = String(s.state?.waiting?.message ?? 'not found');
    this.kubelet(pod, s.name, 'Normal', 'Pulling', `Pulling image "${s.image}"`, at);
    this.kubelet(pod, s.name, 'Warning', 'Failed', `Failed to pull image "${s.image}": ${message}`, at);
    this.kubelet(pod, s.name, 'Warning', 'Failed', 'Error: ErrImagePull', at);
  }

  private started(pod: StoredObject, s: Status, at?: number): void {
    this.kubelet(pod, s.name, 'Normal', 'Pulling', `Pulling image "${s.image}"`, at);
    this.kubelet(pod, s.name, 'Normal', 'Pulled', `Successfully pulled image "${s.image}" in 812ms (812ms including waiting). Image size: 48213612 bytes.`, at);
    this.kubelet(pod, s.name, 'Normal', 'Created', `Created container ${s.name}`, at);
    this.kubelet(pod, s.name, 'Normal', 'Started', `Started container ${s.name}`, at);
  }

  private observe(e: StoreEvent): void {
    const pod = e.object;
    const before = e.previous;
    if (e.type === 'DELETED') { this.stopBackoff(pod.metadata.uid as string); return; }
    // Most writes (labels, annotations, churn) leave status, node and deletion alone: skip them fast.
    if (before && before.status === pod.status && nodeOf(before) === nodeOf(pod) && before.metadata.deletionTimestamp === pod.metadata.deletionTimestamp) return;
    if (nodeOf(pod) && !nodeOf(before)) {
      this.recorder.record(pod, { type: 'Normal', reason: 'Scheduled', message: `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeOf(pod)}`, source: { component: 'default-scheduler' } });
    }
    const old = statuses(before);
    for (const s of statuses(pod)) {
      const was = old.find((o) => o.name === s.name);
      const wasRunning = was?.state?.running;
      const running = s.state?.running;
      if (running && running.startedAt !== wasRunning?.startedAt) {
        if (wasRunning) this.kubelet(pod, s.name, 'Normal', 'Killing', `Container ${s.name} definition changed, will be restarted`);
        this.started(pod, s);
      } else if (pullFailed(s) && (!pullFailed(was) || was?.image !== s.image)) {
        if (wasRunning) this.kubelet(pod, s.name, 'Normal', 'Killing', `Container ${s.name} definition changed, will be restarted`);
        this.pullFailure(pod, s);
        this.startBackoff(pod);
      }
    }
    if (pod.metadata.deletionTimestamp && !before?.metadata.deletionTimestamp) {
      for (const s of statuses(pod)) if (s.state?.running) this.kubelet(pod, s.name, 'Normal', 'Killing', `Stopping container ${s.name}`);
    }
  }

  /** The kubelet keeps retrying a failed pull: BackOff, then another pull attempt, doubling the wait. */
  startBackoff(pod: StoredObject): void {
    const uid = pod.metadata.uid as string;
    if (this.backoffs.has(uid)) return;
    const tick = (delay: number, round: number) => {
      const timer = setTimeout(() => {
        const latest = this.pods.get(pod.metadata.namespace, pod.metadata.name);
        const failing = statuses(latest).filter(pullFailed);
        if (!latest || latest.metadata.uid !== uid || failing.length === 0) { this.backoffs.delete(uid); return; }
        for (const s of failing) {
          if (round % 2 === 0) {
            this.kubelet(latest, s.name, 'Normal', 'BackOff', `Back-off pulling image "${s.image}"`);
            this.kubelet(latest, s.name, 'Warning', 'Failed', 'Error: ImagePullBackOff');
          } else this.pullFailure(latest, s);
        }
        tick(Math.min(delay * 2, MAX_BACKOFF_MS), round + 1);
      }, delay);
      timer.unref();
      this.backoffs.set(uid, { timer, delay, round });
    };
    tick(this.firstBackoffMs, 0);
  }

  private stopBackoff(uid: string): void {
    const b = this.backoffs.get(uid);
    if (b) clearTimeout(b.timer);
    this.backoffs.delete(uid);
  }

  /** The history of a pod that was already in this state when the sandbox started (the seed's pod-test). */
  seedHistory(pod: StoredObject, now: number): void {
    const created = Date.parse(String(pod.metadata.creationTimestamp ?? '')) || now;
    this.recorder.record(pod, { type: 'Normal', reason: 'Scheduled', message: `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeOf(pod)}`, source: { component: 'default-scheduler' } }, created);
    for (const s of statuses(pod)) {
      const last = (s.lastState as JsonObject | undefined)?.terminated as JsonObject | undefined;
      const startedAt = last?.startedAt ? Date.parse(String(last.startedAt)) : undefined;
      if (startedAt) this.started(pod, s, startedAt);
      if (pullFailed(s)) {
        this.pullFailure(pod, s, now);
        this.kubelet(pod, s.name, 'Normal', 'BackOff', `Back-off pulling image "${s.image}"`, now);
        this.kubelet(pod, s.name, 'Warning', 'Failed', 'Error: ImagePullBackOff', now);
        this.startBackoff(pod);
      }
    }
  }

  /** Stops the retries (server close, admin reset). */
  stop(): void {
    for (const b of this.backoffs.values()) clearTimeout(b.timer);
    this.backoffs.clear();
  }

  dispose(): void {
    this.stop();
    this.unsubscribe();
  }
}
