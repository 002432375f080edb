// `kubectl describe pod` as text, from the pod and its events: the sections and words of
// kubectl's describePod (kubernetes/kubectl pkg/describe/describe.go at
// dee3483a3d6a64c07fdf746caf80af446dee99ac: describePod, describeContainers, describeStatus,
// describeContainerEnvFrom, describeContainerVolumes, DescribeEvents), laid out with the same
// tabwriter settings; probes and volumes are in probeDescription.ts and volumeDescription.ts.
// Pure: the caller passes `now` and the time zone, so ages and dates are the caller's (and a
// test's) to fix. Left out: the values kubectl resolves for fieldRef and resourceFieldRef env
// vars, resize status, seccomp profiles and topology spread constraints.
import type { Pod } from '../pod';
import { byLastSeen, type CoreEvent } from '../cluster/podEvents';
import { humanDuration } from '../podStatusColumns';
import { getPodQos } from '../rules/podQos';
import { list, obj, str } from '../rules/ruleContext';
import { annotationsMultiline, labelsMultiline, put, writerAt } from './prefixWriter';
import { describeContainerProbes } from './probeDescription';
import { tabbedString, type TabWriter } from './tabWriter';
import { describeVolumes } from './volumeDescription';

export type DescribeOptions = {
  now: number;
  /** Minutes east of UTC for the dates (kubectl prints local time); default: this machine's. */
  utcOffsetMinutes?: number;
  /**
   * kubectl 1.32's words: container ports without their names, event messages without the
   * container's fieldPath, probes' `#success=1 #failure=3`, a projected volume's
   * `ConfigMapOptional`. Default: kubectl's newer text, which says which container an event is about.
   */
  kubectl132?: boolean;
};

type Obj = Record<string, unknown>;

export function describePodText(pod: Pod, events: CoreEvent[] | undefined, opts: DescribeOptions): string {
  const meta = obj(pod.metadata);
  const spec = obj(pod.spec);
  const status = obj(pod.status);
  const time = (t: unknown) => rfc1123z(str(t), opts.utcOffsetMinutes);
  return tabbedString((w) => {
    put(w, 0, `Name:\t${str(meta.name)}\n`);
    put(w, 0, `Namespace:\t${str(meta.namespace)}\n`);
    if (typeof spec.priority === 'number') put(w, 0, `Priority:\t${spec.priority}\n`);
    if (str(spec.priorityClassName)) put(w, 0, `Priority Class Name:\t${str(spec.priorityClassName)}\n`);
    if (str(spec.runtimeClassName)) put(w, 0, `Runtime Class Name:\t${str(spec.runtimeClassName)}\n`);
    if (str(spec.serviceAccountName)) put(w, 0, `Service Account:\t${str(spec.serviceAccountName)}\n`);
    put(w, 0, str(spec.nodeName) ? `Node:\t${str(spec.nodeName)}/${str(status.hostIP)}\n` : 'Node:\t<none>\n');
    if (str(status.startTime)) put(w, 0, `Start Time:\t${time(status.startTime)}\n`);
    labelsMultiline(writerAt(w, 0), 'Labels', obj(meta.labels));
    annotationsMultiline(writerAt(w, 0), 'Annotations', obj(meta.annotations));
    const phase = str(status.phase);
    if (str(meta.deletionTimestamp) && phase !== 'Failed' && phase !== 'Succeeded') {
      put(w, 0, `Status:\tTerminating (lasts ${since(meta.deletionTimestamp, opts.now)})\n`);
      put(w, 0, `Termination Grace Period:\t${Number(meta.deletionGracePeriodSeconds ?? 0)}s\n`);
    } else {
      put(w, 0, `Status:\t${phase}\n`);
    }
    if (str(status.reason)) put(w, 0, `Reason:\t${str(status.reason)}\n`);
    if (str(status.message)) put(w, 0, `Message:\t${str(status.message)}\n`);
    put(w, 0, `IP:\t${str(status.podIP)}\n`);
    const ips = list(status.podIPs);
    if (!ips.length) put(w, 0, 'IPs:\t<none>\n');
    else {
      put(w, 0, 'IPs:\n');
      for (const ip of ips) put(w, 1, `IP:\t${str(obj(ip).ip)}\n`);
    }
    const controller = list(meta.ownerReferences).map(obj).find((o) => o.controller === true);
    if (controller) put(w, 0, `Controlled By:\t${str(controller.kind)}/${str(controller.name)}\n`);
    if (str(status.nominatedNodeName)) put(w, 0, `NominatedNodeName:\t${str(status.nominatedNodeName)}\n`);
    const legacy = opts.kubectl132 === true;
    if (list(spec.initContainers).length) describeContainers(w, 'Init Containers', list(spec.initContainers), list(status.initContainerStatuses), time, legacy);
    describeContainers(w, 'Containers', list(spec.containers), list(status.containerStatuses), time, legacy);
    if (list(spec.ephemeralContainers).length) describeContainers(w, 'Ephemeral Containers', list(spec.ephemeralContainers), list(status.ephemeralContainerStatuses), time, legacy);
    const conditions = list(status.conditions).map(obj);
    if (conditions.length) {
      put(w, 0, 'Conditions:\n  Type\tStatus\n');
      for (const c of conditions) put(w, 1, `${str(c.type)} \t${str(c.status)} \n`);
    }
    describeVolumes(w, list(spec.volumes).map(obj), legacy);
    put(w, 0, `QoS Class:\t${getPodQos(pod, false)}\n`);
    labelsMultiline(writerAt(w, 0), 'Node-Selectors', obj(spec.nodeSelector));
    tolerationsMultiline(w, list(spec.tolerations).map(obj));
    if (events) describeEvents(w, events, opts.now, legacy);
  });
}

function describeContainers(w: TabWriter, label: string, containers: unknown[], statuses: unknown[], time: (t: unknown) => string, legacy: boolean): void {
  const byName = new Map(statuses.map(obj).map((s) => [str(s.name), s]));
  put(w, 0, `${label}:${containers.length ? '' : ' <none>'}\n`);
  for (const raw of containers) {
    const c = obj(raw);
    const s = byName.get(str(c.name));
    put(w, 1, `${str(c.name)}:\n`);
    if (s) put(w, 2, `Container ID:\t${str(s.containerID)}\n`);
    put(w, 2, `Image:\t${str(c.image)}\n`);
    if (s) put(w, 2, `Image ID:\t${str(s.imageID)}\n`);
    const ports = list(c.ports).map(obj);
    const portText = (p: Obj, key: string) => `${Number(p[key] ?? 0)}/${str(p.protocol) || 'TCP'}${str(p.name) && !legacy ? ` (${str(p.name)})` : ''}`;
    const containerPorts = ports.map((p) => portText(p, 'containerPort')).join(', ');
    const hostPorts = ports.map((p) => portText(p, 'hostPort')).join(', ');
    put(w, 2, containerPorts.includes(',') ? `Ports:\t${containerPorts}\n` : `Port:\t${containerPorts || '<none>'}\n`);
    put(w, 2, hostPorts.includes(',') ? `Host Ports:\t${hostPorts}\n` : `Host Port:\t${hostPorts || '<none>'}\n`);
    for (const [key, title] of [['command', 'Command'], ['args', 'Args']] as const) {
      const parts = list(c[key]);
      if (!parts.length) continue;
      put(w, 2, `${title}:\n`);
      for (const part of parts) for (const line of String(part).split('\n')) put(w, 3, `${line}\n`);
    }
    if (s) {
      describeState(w, 'State', obj(s.state), time);
      if (obj(s.lastState).terminated) describeState(w, 'Last State', obj(s.lastState), time);
      put(w, 2, `Ready:\t${s.ready === true ? 'True' : 'False'}\n`);
      put(w, 2, `Restart Count:\t${Number(s.restartCount ?? 0)}\n`);
    }
    const resources = obj(c.resources);
    for (const [key, title] of [['limits', 'Limits'], ['requests', 'Requests']] as const) {
      const values = obj(resources[key]);
      const names = Object.keys(values).sort();
      if (names.length) put(w, 2, `${title}:\n`);
      for (const name of names) put(w, 3, `${name}:\t${String(values[name])}\n`);
    }
    describeContainerProbes(w, c, legacy);
    describeEnvFrom(w, list(c.envFrom).map(obj));
    describeEnv(w, list(c.env).map(obj));
    const mounts = list(c.volumeMounts).map(obj).sort(byKey('mountPath'));
    put(w, 2, `Mounts:${mounts.length ? '' : '\t<none>'}\n`);
    for (const m of mounts) {
      const flags = [m.readOnly === true ? 'ro' : 'rw', ...(str(m.subPath) ? [`path=${JSON.stringify(str(m.subPath))}`] : [])];
      put(w, 3, `${str(m.mountPath)} from ${str(m.name)} (${flags.join(',')})\n`);
    }
    // kubectl reuses the mounts' `<none>` here: no mounts but a device prints `Devices: <none>` and the device.
    const devices = list(c.volumeDevices).map(obj).sort(byKey('devicePath'));
    if (devices.length) put(w, 2, `Devices:${mounts.length ? '' : '\t<none>'}\n`);
    for (const d of devices) put(w, 3, `${str(d.devicePath)} from ${str(d.name)}\n`);
  }
}

function describeState(w: TabWriter, name: string, state: Obj, time: (t: unknown) => string): void {
  if (state.running) {
    put(w, 2, `${name}:\tRunning\n`);
    put(w, 3, `Started:\t${time(obj(state.running).startedAt)}\n`);
  } else if (state.waiting) {
    put(w, 2, `${name}:\tWaiting\n`);
    if (str(obj(state.waiting).reason)) put(w, 3, `Reason:\t${str(obj(state.waiting).reason)}\n`);
  } else if (state.terminated) {
    const t = obj(state.terminated);
    put(w, 2, `${name}:\tTerminated\n`);
    if (str(t.reason)) put(w, 3, `Reason:\t${str(t.reason)}\n`);
    if (str(t.message)) put(w, 3, `Message:\t${str(t.message)}\n`);
    put(w, 3, `Exit Code:\t${Number(t.exitCode ?? 0)}\n`);
    if (Number(t.signal ?? 0) > 0) put(w, 3, `Signal:\t${Number(t.signal)}\n`);
    put(w, 3, `Started:\t${time(t.startedAt)}\n`);
    put(w, 3, `Finished:\t${time(t.finishedAt)}\n`);
  } else {
    put(w, 2, `${name}:\tWaiting\n`);
  }
}

/** Sorts by a string field in byte order, as Go's `<` on strings. */
function byKey(key: string): (a: Obj, b: Obj) => number {
  return (a, b) => (str(a[key]) < str(b[key]) ? -1 : str(a[key]) > str(b[key]) ? 1 : 0);
}

function describeEnvFrom(w: TabWriter, envFrom: Obj[]): void {
  if (!envFrom.length) return;
  put(w, 2, 'Environment Variables from:\n');
  for (const e of envFrom) {
    const source = e.configMapRef ? obj(e.configMapRef) : e.secretRef ? obj(e.secretRef) : {};
    const from = e.configMapRef ? 'ConfigMap' : e.secretRef ? 'Secret' : '';
    const prefix = str(e.prefix) ? ` with prefix '${str(e.prefix)}'` : '';
    put(w, 3, `${str(source.name)}\t${from}${prefix}\tOptional: ${source.optional === true}\n`);
  }
}

function describeEnv(w: TabWriter, env: Obj[]): void {
  put(w, 2, `Environment:${env.length ? '' : '\t<none>'}\n`);
  for (const e of env) {
    const name = str(e.name);
    const from = obj(e.valueFrom);
    if (!e.valueFrom) {
      String(e.value ?? '').split('\n').forEach((line, i) => put(w, 3, i === 0 ? `${name}:\t${line}\n` : `\t${line}\n`));
    } else if (from.fieldRef) {
      const ref = obj(from.fieldRef);
      put(w, 3, `${name}:\t (${str(ref.apiVersion)}:${str(ref.fieldPath)})\n`);
    } else if (from.resourceFieldRef) {
      put(w, 3, `${name}:\t (${str(obj(from.resourceFieldRef).resource)})\n`);
    } else if (from.secretKeyRef) {
      const ref = obj(from.secretKeyRef);
      put(w, 3, `${name}:\t<set to the key '${str(ref.key)}' in secret '${str(ref.name)}'>\tOptional: ${ref.optional === true}\n`);
    } else if (from.configMapKeyRef) {
      const ref = obj(from.configMapKeyRef);
      put(w, 3, `${name}:\t<set to the key '${str(ref.key)}' of config map '${str(ref.name)}'>\tOptional: ${ref.optional === true}\n`);
    }
  }
}

function tolerationsMultiline(w: TabWriter, tolerations: Obj[]): void {
  put(w, 0, 'Tolerations:\t');
  if (!tolerations.length) return put(w, 0, '<none>\n');
  const sorted = [...tolerations].sort((a, b) => (str(a.key) < str(b.key) ? -1 : str(a.key) > str(b.key) ? 1 : 0));
  sorted.forEach((t, i) => {
    let text = (i ? '\t' : '') + str(t.key);
    if (str(t.value)) text += `=${str(t.value)}`;
    if (str(t.effect)) text += `:${str(t.effect)}`;
    if (t.operator === 'Exists' && !str(t.value)) text += str(t.key) || str(t.effect) ? ' op=Exists' : 'op=Exists';
    if (typeof t.tolerationSeconds === 'number') text += ` for ${t.tolerationSeconds}s`;
    put(w, 0, text + '\n');
  });
}

/** DescribeEvents: its own table (kubectl flushes the writer first), oldest first. */
function describeEvents(w: TabWriter, events: CoreEvent[], now: number, legacy: boolean): void {
  if (!events.length) return put(w, 0, 'Events:\t<none>\n');
  w.flush();
  put(w, 0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  put(w, 1, '----\t------\t----\t----\t-------\n');
  for (const e of [...events].sort(byLastSeen)) put(w, 1, `${eventRow(e, now, legacy).join('\t')}\n`);
}

/** One row of the Events table: Type, Reason, Age (`5m (x4 over 10m)`), From, Message. */
export function eventRow(e: CoreEvent, now: number, withoutFieldPath = false): [string, string, string, string, string] {
  const first = e.eventTime ? since(e.eventTime, now) : since(e.firstTimestamp, now);
  let age = first;
  if (e.series) age = `${since(e.series.lastObservedTime, now)} (x${e.series.count ?? 0} over ${first})`;
  else if ((e.count ?? 0) > 1) age = `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
  const from = e.source?.component || String(e.reportingController ?? '');
  let message = (e.message ?? '').trim();
  if (e.involvedObject?.fieldPath && !withoutFieldPath) message = `${e.involvedObject.fieldPath}: ${message}`;
  return [e.type ?? '', e.reason ?? '', age, from, message];
}

function since(t: unknown, now: number): string {
  const ms = typeof t === 'string' && t ? Date.parse(t) : NaN;
  return Number.isNaN(ms) ? '<unknown>' : humanDuration(now - ms);
}

const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go's time.RFC1123Z, `Mon, 02 Jan 2006 15:04:05 -0700`, at the given offset (a zero time for an unreadable one, as Go prints). */
export function rfc1123z(timestamp: string, utcOffsetMinutes?: number): string {
  const ms = Date.parse(timestamp);
  if (Number.isNaN(ms)) return 'Mon, 01 Jan 0001 00:00:00 +0000';
  const offset = utcOffsetMinutes ?? -new Date(ms).getTimezoneOffset();
  const d = new Date(ms + offset * 60_000);
  const two = (n: number) => String(n).padStart(2, '0');
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${days[d.getUTCDay()]}, ${two(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${sign}${two(Math.floor(abs / 60))}${two(abs % 60)}`;
}
