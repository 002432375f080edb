// The sandbox's initial content: the seed's pod (`pod-test` in `namespace-test`, as the CCI
// "Updating a Pod" example shows it before its example PATCH relabels it) plus N generated pods
// spread over a few namespaces for scale tests.
import { createHash } from 'node:crypto';
import type { StoredObject } from './resourceStore';

export const SEED_NAMESPACE = 'namespace-test';
export const SEED_POD_NAME = 'pod-test';

/** The seed's example response with the label as it was before the example request. */
export function seedPod(): StoredObject {
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: {
      name: SEED_POD_NAME,
      namespace: SEED_NAMESPACE,
      selfLink: `/api/v1/namespaces/${SEED_NAMESPACE}/pods/${SEED_POD_NAME}`,
      uid: '3b99abe8-b032-11e8-9d5d-c88d83be759f',
      resourceVersion: '',
      creationTimestamp: '2018-09-04T11:04:02Z',
      labels: { name: 'pod-test' },
      annotations: {
        'kubernetes.io/availablezone': 'dc1',
        'network.alpha.kubernetes.io/network': '[{"name":"namespace-test-dc1-default-network","interface":"eth0","network_plane":"default"}]',
      },
      enable: true,
    },
    spec: {
      containers: [
        {
          name: 'test',
          image: 'redis:latest',
          resources: { limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } },
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          imagePullPolicy: 'Always',
        },
      ],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      nodeName: 'c0dd6256-195a-e811-90a2-10c17294fcbc',
      securityContext: {},
      imagePullSecrets: [{ name: 'imagepull-secret' }],
      schedulerName: 'default-scheduler',
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    },
    status: {
      phase: 'Running',
      conditions: [
        { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: '2018-09-04T11:04:03Z' },
        {
          type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: '2018-09-04T11:08:55Z',
          reason: 'ContainersNotReady', message: 'containers with unready status: [test]',
        },
        { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2018-09-04T11:04:02Z' },
      ],
      hostIP: '192.149.117.100',
      startTime: '2018-09-04T11:04:03Z',
      containerStatuses: [
        {
          name: 'test',
          state: {
            waiting: {
              reason: 'ErrImagePull',
              message: 'rpc error: code = Unknown desc = Error response from daemon: Get https://registry-1.docker.io/v2/: net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
            },
          },
          lastState: {
            terminated: {
              exitCode: 0, reason: 'Completed', startedAt: '2018-09-04T11:04:23Z', finishedAt: '2018-09-04T11:08:33Z',
              containerID: 'docker://f867ab7d5c68a86fc695e4d3e5f1912fdb8f98f5029ca96032b4d5d407d9a75c',
            },
          },
          ready: false,
          restartCount: 0,
          image: 'redis:latest',
          imageID: '',
        },
      ],
      qosClass: 'Guaranteed',
      managementIP: '172.28.0.17',
    },
  } as StoredObject;
}

const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export function namespaceObject(name: string, creationTimestamp: string): StoredObject {
  return {
    kind: 'Namespace',
    apiVersion: 'v1',
    metadata: {
      name,
      uid: uidFor(`namespace/${name}`),
      resourceVersion: '',
      creationTimestamp,
      labels: { 'kubernetes.io/metadata.name': name },
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  } as StoredObject;
}

/** A stable uid (v4-shaped) derived from a name, so restarts and resets give the same uids. */
export function uidFor(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Namespaces for `count` generated pods: up to 10, so per-namespace lists stay interesting. */
export function generatedNamespaceNames(count: number): string[] {
  const n = count <= 0 ? 0 : Math.min(10, Math.ceil(count / 50));
  return Array.from({ length: n }, (_, i) => `sandbox-${i}`);
}

const APPS = ['web', 'api', 'worker', 'cache', 'db', 'batch', 'proxy', 'queue'];

/** Generated pod i: mostly Running, with a few Pending, ErrImagePull and Completed ones. */
export function generatedPod(i: number, namespaces: string[], now: Date): StoredObject {
  // Round-robin over namespaces (equal counts); the app changes every round, so every namespace has every app.
  const namespace = namespaces[i % namespaces.length];
  const app = APPS[Math.floor(i / namespaces.length) % APPS.length];
  const name = `${app}-${String(i).padStart(5, '0')}`;
  const created = new Date(now.getTime() - (i % 1440) * 60_000 - 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const kind = i % 100; // 0-89 Running, 90-94 Pending, 95-97 ErrImagePull, 98-99 Succeeded
  const image = kind >= 95 && kind <= 97 ? `registry.example/${app}:does-not-exist` : `registry.example/${app}:1.${i % 7}.0`;
  const node = `node-${i % 16}`;
  const running = kind < 90;
  const phase = running ? 'Running' : kind < 95 ? 'Pending' : kind < 98 ? 'Pending' : 'Succeeded';
  const scheduled = kind < 90 || kind >= 95;
  const containerState = running
    ? { running: { startedAt: created } }
    : kind < 95
      ? { waiting: { reason: 'ContainerCreating' } }
      : kind < 98
        ? { waiting: { reason: 'ErrImagePull', message: `rpc error: code = NotFound desc = failed to pull and unpack image "${image}": not found` } }
        : { terminated: { exitCode: 0, reason: 'Completed', startedAt: created, finishedAt: created } };
  const ready = running;
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: {
      name,
      namespace,
      uid: uidFor(`pod/${namespace}/${name}`),
      resourceVersion: '',
      creationTimestamp: created,
      labels: { app, tier: i % 2 ? 'backend' : 'frontend', index: String(i) },
    },
    spec: {
      containers: [{
        name: app,
        image,
        ports: [{ containerPort: 8080, protocol: 'TCP' }],
        resources: { limits: { cpu: '250m', memory: '256Mi' }, requests: { cpu: '250m', memory: '256Mi' } },
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        imagePullPolicy: 'IfNotPresent',
      }],
      restartPolicy: kind >= 98 ? 'Never' : 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      ...(scheduled ? { nodeName: node } : {}),
      securityContext: {},
      schedulerName: 'default-scheduler',
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    },
    status: {
      phase,
      conditions: [
        { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: created },
        ready
          ? { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: created }
          : { type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: created, reason: 'ContainersNotReady', message: `containers with unready status: [${app}]` },
        { type: 'PodScheduled', status: scheduled ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: created },
      ],
      ...(scheduled ? { hostIP: `10.0.${i % 16}.1`, podIP: `10.244.${(i >> 8) & 255}.${i & 255}`, podIPs: [{ ip: `10.244.${(i >> 8) & 255}.${i & 255}` }] } : {}),
      startTime: created,
      containerStatuses: [{
        name: app,
        state: containerState,
        lastState: {},
        ready,
        restartCount: 0,
        image,
        imageID: running ? `${image}@sha256:${createHash('sha256').update(image).digest('hex')}` : '',
        ...(running ? { containerID: `containerd://${createHash('sha256').update(name).digest('hex')}`, started: true } : {}),
        // What a 1.33+ kubelet reports for a running container; without it resize refuses the pod.
        ...(running ? { allocatedResources: { cpu: '250m', memory: '256Mi' }, resources: { limits: { cpu: '250m', memory: '256Mi' }, requests: { cpu: '250m', memory: '256Mi' } } } : {}),
      }],
      qosClass: 'Guaranteed',
    },
  } as StoredObject;
}

export function initialNamespaces(podCount: number): StoredObject[] {
  const created = '2018-09-04T10:00:00Z';
  const names = [...SYSTEM_NAMESPACES, SEED_NAMESPACE, ...generatedNamespaceNames(podCount)];
  return names.map((n) => namespaceObject(n, created));
}

export function initialPods(podCount: number, now = new Date()): StoredObject[] {
  const namespaces = generatedNamespaceNames(podCount);
  const pods = [seedPod()];
  for (let i = 0; i < podCount; i++) pods.push(generatedPod(i, namespaces, now));
  return pods;
}
