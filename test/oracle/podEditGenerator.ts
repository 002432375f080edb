// A seeded generator of realistic pod edits for the differential tests and bench: a stored pod
// (basePods.ts), one to three changes drawn from every part of the pod spec and metadata, each
// with valid and invalid values (wrong JSON types too), sent as an update or a pods/resize.
import type { Pod } from '../../src/core/pod';
import { BASE_PODS } from './basePods';

export type GeneratedEdit = { id: number; op: 'update' | 'resize'; old: Pod; new: Pod; edits: string[] };

/** mulberry32: small, fast and the same sequence on every machine for a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = { pick<T>(xs: readonly T[]): T; chance(p: number): boolean; int(n: number): number };
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Mutation = (pod: Obj, r: Rng) => string;

const set = (o: Obj, k: string, v: unknown): void => { if (v === undefined) delete o[k]; else o[k] = v; };
const ctrs = (pod: Obj, r: Rng): [string, Obj[]] => {
  const field = pod.spec.initContainers?.length && r.chance(0.25) ? 'initContainers' : 'containers';
  return [field, (pod.spec[field] ??= [])];
};
/** A field of one container of the pod set to one of `values` (undefined removes it). */
const containerField = (key: string, values: readonly unknown[]): Mutation => (pod, r) => {
  const [field, list] = ctrs(pod, r);
  if (!list.length) return `spec.${field} (none to edit)`;
  const i = r.int(list.length);
  const v = structuredClone(r.pick(values));
  set(list[i], key, v);
  return `spec.${field}[${i}].${key}=${JSON.stringify(v)}`;
};
const specField = (key: string, values: readonly unknown[]): Mutation => (pod, r) => {
  const v = structuredClone(r.pick(values));
  set(pod.spec, key, v);
  return `spec.${key}=${JSON.stringify(v)}`;
};
const metaField = (key: string, values: readonly unknown[]): Mutation => (pod, r) => {
  const v = structuredClone(r.pick(values));
  set(pod.metadata, key, v);
  return `metadata.${key}=${JSON.stringify(v)}`;
};
const mapEntry = (where: 'metadata' | 'spec', key: string, keys: readonly string[], values: readonly unknown[]): Mutation => (pod, r) => {
  const k = r.pick(keys);
  const v = r.pick(values);
  const m = (pod[where][key] ??= {});
  set(m, k, v);
  return `${where}.${key}[${k}]=${JSON.stringify(v)}`;
};

const quantities = ['100m', '250m', '500m', '1', '2', '128Mi', '256Mi', '1Gi', '-1', '0'];
const resourceValues = (r: Rng): Obj => {
  const out: Obj = {};
  for (const kind of ['requests', 'limits']) {
    if (!r.chance(0.7)) continue;
    out[kind] = {};
    if (r.chance(0.8)) out[kind].cpu = r.pick(quantities.slice(0, 5).concat(['-1', '0']));
    if (r.chance(0.8)) out[kind].memory = r.pick(quantities.slice(5));
  }
  return out;
};

const RESIZE_MUTATIONS: Mutation[] = [
  (pod, r) => {
    const [field, list] = ctrs(pod, r);
    if (!list.length) return `spec.${field} (none to edit)`;
    const i = r.int(list.length);
    list[i].resources = resourceValues(r);
    return `spec.${field}[${i}].resources=${JSON.stringify(list[i].resources)}`;
  },
  containerField('resizePolicy', [
    [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }],
    [{ resourceName: 'memory', restartPolicy: 'RestartContainer' }],
    [{ resourceName: 'cpu', restartPolicy: 'Sometimes' }],
    [{ resourceName: 'gpu', restartPolicy: 'NotRequired' }],
  ]),
  specField('resources', [undefined, { requests: { cpu: '1' } }, { limits: { memory: '1Gi' } }]),
];

const MUTATIONS: Mutation[] = [
  ...RESIZE_MUTATIONS,
  // metadata
  mapEntry('metadata', 'labels', ['app', 'tier', 'example.com/team', 'bad key!', 'k'.repeat(64), ''], ['v2', '', 'x'.repeat(64), 'bad value!', 1, true, null, undefined]),
  mapEntry('metadata', 'annotations', ['note', 'example.com/owner', 'bad key!', 'controller.kubernetes.io/pod-deletion-cost'], ['v', '', '10', '-5', 'abc', '2147483648', 7, undefined]),
  metaField('name', ['web-7d4b9c', 'renamed', 'Bad_Name']),
  metaField('namespace', ['default', 'other']),
  metaField('generateName', [undefined, 'web-', 'Bad_']),
  metaField('uid', ['3b99abe8-b032-11e8-9d5d-c88d83be759f', 'ffffffff-0000-4000-8000-000000000000']),
  metaField('creationTimestamp', ['2020-01-01T00:00:00Z']),
  metaField('generation', [1, 5]),
  metaField('finalizers', [['example.com/cleanup'], ['bad finalizer!'], ['kubernetes'], []]),
  metaField('ownerReferences', [
    [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d4b9c', uid: '9d1c1b2a-0000-4000-8000-000000000009', controller: true, blockOwnerDeletion: true }],
    [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: '' }],
  ]),
  // containers
  containerField('image', ['nginx:1.28', 'redis:7', '', ' nginx', 'busybox:1.36', 5]),
  containerField('name', ['renamed', 'Bad_Name']),
  containerField('imagePullPolicy', ['Always', 'Never', 'IfNotPresent', 'Sometimes', undefined]),
  containerField('terminationMessagePolicy', ['FallbackToLogsOnError', 'Bogus']),
  containerField('terminationMessagePath', [undefined, '/tmp/log']),
  containerField('command', [['sleep', '60'], undefined]),
  containerField('args', [['--verbose'], []]),
  containerField('workingDir', ['/app']),
  containerField('env', [[{ name: 'MODE', value: 'prod' }], [{ name: '1BAD', value: 'x' }], [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }]]),
  containerField('ports', [[{ containerPort: 8080, protocol: 'TCP' }], [{ containerPort: 70000 }], [{ containerPort: 80, protocol: 'SCTP' }]]),
  containerField('livenessProbe', [{ httpGet: { path: '/', port: 80, scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 }, { exec: { command: ['true'] }, periodSeconds: -1 }]),
  containerField('securityContext', [{ privileged: true }, { runAsUser: -1 }, { allowPrivilegeEscalation: false }]),
  containerField('volumeMounts', [[], [{ name: 'missing', mountPath: '/data' }]]),
  containerField('stdin', [true]),
  containerField('tty', [true]),
  containerField('restartPolicy', ['Always', 'Never']),
  (pod, r) => {
    const [field, list] = ctrs(pod, r);
    const name = r.pick(['extra', list[0]?.name ?? 'first']);
    list.push({ name, image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', resources: {} });
    return `spec.${field} += ${name}`;
  },
  (pod, r) => {
    const [field, list] = ctrs(pod, r);
    if (!list.length) return `spec.${field} (none to remove)`;
    list.splice(r.int(list.length), 1);
    if (!list.length && field === 'initContainers') delete pod.spec.initContainers;
    return `spec.${field} -= one`;
  },
  specField('ephemeralContainers', [[{ name: 'debug', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File' }]]),
  specField('initContainers', [[{ name: 'init2', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', resources: {} }]]),
  // scalar spec fields
  specField('activeDeadlineSeconds', [undefined, 30, 300, 600, 1200, 0, -1, '30']),
  specField('terminationGracePeriodSeconds', [0, 1, 60, -1, undefined, '30']),
  specField('nodeName', ['node-1', 'node-2', undefined]),
  specField('hostname', ['web-0', 'Bad_Host']),
  specField('subdomain', ['svc', 'Bad_Sub']),
  specField('dnsPolicy', ['Default', 'None', 'ClusterFirstWithHostNet', 'Bogus']),
  specField('dnsConfig', [{ nameservers: ['1.1.1.1'] }, { options: [{ name: 'ndots', value: '2' }] }]),
  specField('restartPolicy', ['Never', 'OnFailure', 'Always', 'Bogus']),
  specField('priorityClassName', ['high', 'system-node-critical']),
  specField('priority', [0, 1000, undefined]),
  specField('serviceAccountName', ['builder', 'default', 'Bad_SA']),
  specField('automountServiceAccountToken', [false, true]),
  specField('hostNetwork', [true, false]),
  specField('hostPID', [true]),
  specField('hostIPC', [true]),
  specField('shareProcessNamespace', [true]),
  specField('securityContext', [{ runAsUser: 1000 }, { runAsUser: -1 }, { fsGroup: 2000 }, {}]),
  specField('runtimeClassName', ['gvisor', 'Bad_RC']),
  specField('enableServiceLinks', [false, true, undefined]),
  specField('preemptionPolicy', ['Never', 'PreemptLowerPriority', 'Bogus']),
  specField('schedulerName', ['custom-scheduler', 'default-scheduler', undefined]),
  specField('os', [{ name: 'linux' }, { name: 'windows' }, { name: 'bogus' }]),
  specField('hostUsers', [false, true]),
  specField('setHostnameAsFQDN', [true]),
  specField('overhead', [{ cpu: '250m' }]),
  specField('imagePullSecrets', [[{ name: 'regcred' }], []]),
  specField('hostAliases', [[{ ip: '10.1.2.3', hostnames: ['db'] }], [{ ip: 'not-an-ip', hostnames: ['db'] }]]),
  specField('readinessGates', [[{ conditionType: 'example.com/ready' }]]),
  specField('topologySpreadConstraints', [[{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }], [{ maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }]]),
  specField('volumes', [undefined, [{ name: 'kube-api-access-abcde', emptyDir: {} }], [{ name: 'Bad_Vol', emptyDir: {} }]]),
  mapEntry('spec', 'nodeSelector', ['kubernetes.io/os', 'disk', 'bad key!'], ['linux', 'ssd', 'bad value!', undefined, 3]),
  specField('affinity', [
    undefined,
    { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } } },
    { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b', 'c'] }] }] } } },
    { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['bad value!'] }] }] } } },
  ]),
  // tolerations and scheduling gates
  (pod, r) => {
    const t = r.pick([
      { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
      { key: 'x', operator: 'Bogus', effect: 'NoSchedule' },
      { operator: 'Exists' },
      { key: 'bad key!', operator: 'Exists' },
    ]);
    (pod.spec.tolerations ??= []).push(structuredClone(t));
    return `spec.tolerations += ${JSON.stringify(t)}`;
  },
  (pod, r) => {
    const list: Obj[] = pod.spec.tolerations ?? [];
    if (!list.length) return 'spec.tolerations (none to edit)';
    const i = r.int(list.length);
    if (r.chance(0.4)) list.splice(i, 1);
    else list[i].tolerationSeconds = r.pick([0, 30, 600, -1, undefined]);
    return `spec.tolerations[${i}] changed`;
  },
  (pod, r) => {
    const gates: Obj[] = (pod.spec.schedulingGates ??= []);
    if (gates.length && r.chance(0.6)) gates.splice(r.int(gates.length), 1);
    else gates.push({ name: r.pick(['example.com/new', 'bad gate!', 'example.com/quota']) });
    return `spec.schedulingGates=${JSON.stringify(gates)}`;
  },
  // status (the server resets it on a pod update)
  (pod, r) => {
    pod.status = { ...(pod.status ?? {}), phase: r.pick(['Succeeded', 'Failed', 'Running']) };
    return 'status.phase changed';
  },
];

/** `count` edits for a seed; the same seed always yields the same edits. */
export function* generateEdits(seed: number, count: number): Generator<GeneratedEdit> {
  const next = seededRandom(seed);
  const r: Rng = {
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
    int: (n) => Math.floor(next() * n),
  };
  for (let id = 0; id < count; id++) {
    const old = r.pick(BASE_PODS)();
    const pod = structuredClone(old) as Obj;
    const op = r.chance(0.2) ? 'resize' : 'update';
    const pool = op === 'resize' && r.chance(0.7) ? RESIZE_MUTATIONS : MUTATIONS;
    const edits: string[] = [];
    const n = 1 + (r.chance(0.5) ? 0 : r.int(3));
    for (let k = 0; k < n; k++) edits.push(r.pick(pool)(pod, r));
    yield { id, op, old, new: pod as Pod, edits };
  }
}
