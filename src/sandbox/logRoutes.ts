// GET /api/v1/namespaces/{ns}/pods/{name}/log: container logs as the API server and kubelet give
// them. The API server validates the options (ValidatePodLogOptions: 422) and the container
// (validateContainer in pkg/registry/core/pod/strategy.go: 400); the kubelet picks the container
// instance from the pod status (validateContainerLogStatus in pkg/kubelet/kubelet_pods.go; its
// errors come back as 400 with its text, through GenericHttpResponseChecker) and streams text/plain,
// honouring follow, previous, timestamps, sinceSeconds/sinceTime, tailLines and limitBytes.
// Upstream: kubernetes/kubernetes pkg/registry/core/pod/strategy.go at 008b3652959ca58af8be3fb5b6ecfe9ae7638282.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JsonObject } from '../core/pod';
import type { SandboxContext } from './sandboxContext';
import type { StoredObject } from './resourceStore';
import { instanceLines, kubeletTimestamp, linesBetween, nextLineAt, type ContainerInstance, type LogLine } from './containerLogLines';
import { badRequest, invalid, methodNotAllowed, notFound } from './statusErrors';

export type LogOptions = {
  container?: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  sinceSeconds?: number;
  sinceTime?: number;
  tailLines?: number;
  limitBytes?: number;
};

function flag(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  if (v === null) return false;
  if (v === '' || v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw badRequest(`strconv.ParseBool: parsing ${JSON.stringify(v)}: invalid syntax`);
}

function int(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null) return undefined;
  if (!/^-?\d+$/.test(v)) throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  return Number(v);
}

/** Query → PodLogOptions, then ValidatePodLogOptions (422 on the first-class errors). */
export function parseLogOptions(q: URLSearchParams, podName: string): LogOptions {
  const opts: LogOptions = {
    container: q.get('container') || undefined,
    follow: flag(q, 'follow'),
    previous: flag(q, 'previous'),
    timestamps: flag(q, 'timestamps'),
    sinceSeconds: int(q, 'sinceSeconds'),
    tailLines: int(q, 'tailLines'),
    limitBytes: int(q, 'limitBytes'),
  };
  const sinceTime = q.get('sinceTime');
  if (sinceTime !== null) {
    const t = Date.parse(sinceTime);
    if (Number.isNaN(t)) throw badRequest(`parsing time ${JSON.stringify(sinceTime)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(sinceTime)} as "2006"`);
    opts.sinceTime = t;
  }
  const errs: { field: string; type: string; body: string }[] = [];
  if (opts.tailLines !== undefined && opts.tailLines < 0) errs.push({ field: 'tailLines', type: 'FieldValueInvalid', body: `Invalid value: ${opts.tailLines}: must be greater than or equal to 0` });
  if (opts.limitBytes !== undefined && opts.limitBytes < 1) errs.push({ field: 'limitBytes', type: 'FieldValueInvalid', body: `Invalid value: ${opts.limitBytes}: must be greater than 0` });
  if (opts.sinceSeconds !== undefined && opts.sinceTime !== undefined) errs.push({ field: '', type: 'FieldValueForbidden', body: 'Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified' });
  else if (opts.sinceSeconds !== undefined && opts.sinceSeconds < 1) errs.push({ field: 'sinceSeconds', type: 'FieldValueInvalid', body: `Invalid value: ${opts.sinceSeconds}: must be greater than 0` });
  if (errs.length) throw invalid('PodLogOptions', podName, errs);
  return opts;
}

function names(list: unknown): string[] {
  return Array.isArray(list) ? list.map((c) => String((c as JsonObject).name ?? '')) : [];
}

/** validateContainer: the named container must exist; with none named, the pod must have one. */
export function resolveContainerName(pod: StoredObject, container: string | undefined): string {
  const spec = (pod.spec ?? {}) as JsonObject;
  const containers = names(spec.containers);
  // podutil.VisitContainers order: init containers, containers, ephemeral containers.
  const all = [...names(spec.initContainers), ...containers, ...names(spec.ephemeralContainers)];
  const name = pod.metadata.name;
  if (!container) {
    if (containers.length === 1) return containers[0];
    if (containers.length === 0) throw badRequest(`a container name must be specified for pod ${name}`);
    throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${all.join(' ')}]`);
  }
  if (!all.includes(container)) throw badRequest(`container ${container} is not valid for pod ${name}`);
  return container;
}

type State = { running?: JsonObject; terminated?: JsonObject; waiting?: JsonObject };

function instanceOf(container: string, image: string, s: JsonObject | undefined): ContainerInstance | undefined {
  const started = s?.startedAt ? Date.parse(String(s.startedAt)) : NaN;
  if (Number.isNaN(started)) return undefined;
  const finished = s?.finishedAt ? Date.parse(String(s.finishedAt)) : undefined;
  return { container, image, startedAt: started, finishedAt: finished };
}

/**
 * validateContainerLogStatus: which instance's log to read, or the kubelet's error text. (The
 * sandbox's generated pods carry no containerID; an instance with a start time is readable.)
 */
export function resolveInstance(pod: StoredObject, container: string, previous: boolean): ContainerInstance {
  const status = (pod.status ?? {}) as JsonObject;
  const podName = pod.metadata.name;
  const all = [status.containerStatuses, status.initContainerStatuses, status.ephemeralContainerStatuses]
    .flatMap((l) => (Array.isArray(l) ? (l as JsonObject[]) : []));
  const cs = all.find((s) => s.name === container);
  const q = (s: string) => JSON.stringify(s);
  if (!cs) throw badRequest(`container ${q(container)} in pod ${q(podName)} is not available`);
  const image = String(cs.image ?? '');
  const state = (cs.state ?? {}) as State;
  const last = (cs.lastState ?? {}) as State;
  const fail = (why: string) => badRequest(`container ${q(container)} in pod ${q(podName)} ${why}`);
  if (previous) {
    const inst = last.terminated ? instanceOf(container, image, last.terminated) : undefined;
    if (!inst) throw badRequest(`previous terminated container ${q(container)} in pod ${q(podName)} not found`);
    return inst;
  }
  if (state.running) return instanceOf(container, image, state.running) ?? (() => { throw fail('is waiting to start - no logs yet'); })();
  if (state.terminated) {
    const inst = instanceOf(container, image, state.terminated) ?? (last.terminated && instanceOf(container, image, last.terminated));
    if (!inst) throw fail('is terminated');
    return inst;
  }
  if (last.terminated) {
    const inst = instanceOf(container, image, last.terminated);
    if (!inst) throw fail('is terminated');
    return inst;
  }
  if (state.waiting) {
    const reason = String(state.waiting.reason ?? '');
    if (reason === 'ErrImagePull') throw fail("is waiting to start: image can't be pulled");
    if (reason === 'ImagePullBackOff') throw fail('is waiting to start: trying and failing to pull image');
    throw fail(`is waiting to start: ${reason}`);
  }
  throw fail('is waiting to start - no logs yet');
}

/** sinceSeconds/sinceTime, then tailLines (the kubelet applies both), then the text. */
function select(lines: LogLine[], o: LogOptions, now: number): LogLine[] {
  let out = lines;
  const since = o.sinceSeconds !== undefined ? now - o.sinceSeconds * 1000 : o.sinceTime;
  if (since !== undefined) out = out.filter((l) => l.at >= since);
  if (o.tailLines !== undefined) out = o.tailLines === 0 ? [] : out.slice(-o.tailLines);
  return out;
}

function render(lines: LogLine[], timestamps: boolean): string {
  return lines.map((l) => (timestamps ? `${kubeletTimestamp(l.at)} ${l.text}\n` : `${l.text}\n`)).join('');
}

function containerStatus(pod: StoredObject | undefined, container: string): JsonObject | undefined {
  return (((pod?.status as JsonObject | undefined)?.containerStatuses as JsonObject[] | undefined) ?? []).find((s) => s.name === container);
}

/**
 * Whether `pod` still runs the same instance: start times have one-second resolution, so a restart
 * within the second is told apart by its restartCount.
 */
function stillRunning(pod: StoredObject | undefined, container: string, startedAt: number, restartCount: unknown): boolean {
  if (!pod || pod.metadata.deletionTimestamp) return false;
  const cs = containerStatus(pod, container);
  const running = (cs?.state as State | undefined)?.running;
  return !!running && Date.parse(String(running.startedAt)) === startedAt && cs?.restartCount === restartCount;
}

export function podLogRoute(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, q: URLSearchParams, ns: string, name: string): void {
  if (req.method !== 'GET') throw methodNotAllowed();
  const opts = parseLogOptions(q, name);
  const pod = ctx.pods.get(ns, name);
  if (!pod) throw notFound('pods', name);
  const container = resolveContainerName(pod, opts.container);
  const headers = { 'content-type': 'text/plain', 'cache-control': 'no-cache, private' };
  // An unscheduled pod has no kubelet to ask: upstream answers an empty log.
  if (!(pod.spec as JsonObject | undefined)?.nodeName) { res.writeHead(200, { ...headers, 'content-length': 0 }); res.end(); return; }
  const inst = resolveInstance(pod, container, opts.previous);
  const intervalMs = ctx.logIntervalMs;
  const now = Date.now();
  let text = render(select(instanceLines(inst, now, intervalMs), opts, now), opts.timestamps);
  let budget = opts.limitBytes ?? Infinity;
  const take = (s: string): string => {
    if (budget === Infinity) return s;
    const b = Buffer.from(s);
    const out = b.subarray(0, Math.max(0, budget));
    budget -= out.length;
    return out.toString('utf8');
  };
  text = take(text);
  const restartCount = containerStatus(pod, container)?.restartCount;
  if (!opts.follow || inst.finishedAt !== undefined || budget <= 0 || !stillRunning(pod, container, inst.startedAt, restartCount)) {
    res.writeHead(200, { ...headers, 'content-length': Buffer.byteLength(text) });
    res.end(text);
    return;
  }
  res.writeHead(200, { ...headers, 'transfer-encoding': 'chunked' });
  if (text) res.write(text); else res.flushHeaders();
  let seen = now;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const write = (lines: LogLine[]) => {
    if (stopped || res.writableEnded || res.destroyed) return;
    const chunk = take(render(lines, opts.timestamps));
    if (chunk) res.write(chunk);
    if (budget <= 0) finish();
  };
  const schedule = () => {
    const next = nextLineAt(inst, seen, intervalMs);
    if (next === undefined) return;
    timer = setTimeout(() => {
      const t = Date.now();
      write(linesBetween(inst, seen, t, intervalMs));
      seen = t;
      if (!res.writableEnded) schedule();
    }, Math.max(1, next - Date.now()));
  };
  const unsubscribe = ctx.pods.subscribe((e) => {
    if (e.object.metadata.namespace !== ns || e.object.metadata.name !== name) return;
    const latest = e.type === 'DELETED' ? undefined : e.object;
    if (stillRunning(latest, container, inst.startedAt, restartCount)) return;
    // The container stopped: its last lines, then the stream ends as the kubelet's does.
    const t = Date.now();
    write(linesBetween({ ...inst, finishedAt: t }, seen, t, intervalMs));
    finish();
  });
  // Stopped exactly once, whoever ends it (the container, the client, the server): nothing is
  // written after the end, as for watches.
  function finish(): void {
    if (stopped) return;
    stopped = true;
    unsubscribe();
    if (timer) clearTimeout(timer);
    if (!res.writableEnded && !res.destroyed) res.end();
  }
  res.once('close', finish);
  ctx.watches.add(res, finish); // ends with the server like a watch does
  schedule();
}
