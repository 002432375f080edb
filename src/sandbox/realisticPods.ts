// `--pods N --realistic`: generated pods the size and shape of a real cluster's (5-10 KB of JSON
// each) for the 100,000-pod benchmark: a ReplicaSet owner, managedFields of the controller and the
// kubelet, an init container and a sidecar next to the app, env, probes, volume mounts, the
// projected service account token volume, and a full status (conditions, podIPs, hostIPs,
// container statuses with IDs). Built from the plain generated pod, so names, namespaces, phases
// and images stay the same.
import { createHash } from 'node:crypto';
import type { JsonObject } from '../core/pod';
import type { StoredObject } from './resourceStore';
import { generatedNamespaceNames, generatedPod, seedPod, uidFor } from './seedPods';

function sha(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

function probe(path: string, port: number): JsonObject {
  return { httpGet: { path, port, scheme: 'HTTP' }, initialDelaySeconds: 5, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 };
}

const MOUNT = { name: 'kube-api-access', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' };

function sidecar(): JsonObject {
  return {
    name: 'log-shipper', image: 'registry.example/fluent-bit:3.1.4', args: ['--config', '/fluent-bit/etc/fluent-bit.conf'],
    ports: [{ name: 'metrics', containerPort: 2020, protocol: 'TCP' }],
    env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } }],
    resources: { limits: { cpu: '100m', memory: '64Mi' }, requests: { cpu: '50m', memory: '32Mi' } },
    volumeMounts: [{ name: 'varlog', mountPath: '/var/log' }, MOUNT],
    terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'IfNotPresent',
  };
}

function managedFields(created: string, app: string): JsonObject[] {
  const f = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, {}]));
  return [
    {
      manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'v1', time: created, fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': { 'f:generateName': {}, 'f:labels': { '.': {}, 'f:app': {}, 'f:index': {}, 'f:pod-template-hash': {}, 'f:tier': {} }, 'f:ownerReferences': { '.': {}, 'k:{"uid":"…"}': {} } },
        'f:spec': {
          'f:containers': {
            [`k:{"name":"${app}"}`]: { '.': {}, ...f(['f:env', 'f:image', 'f:imagePullPolicy', 'f:livenessProbe', 'f:name', 'f:ports', 'f:readinessProbe', 'f:resources', 'f:terminationMessagePath', 'f:terminationMessagePolicy', 'f:volumeMounts']) },
            'k:{"name":"log-shipper"}': { '.': {}, ...f(['f:args', 'f:env', 'f:image', 'f:imagePullPolicy', 'f:name', 'f:ports', 'f:resources', 'f:volumeMounts']) },
          },
          ...f(['f:dnsPolicy', 'f:enableServiceLinks', 'f:initContainers', 'f:restartPolicy', 'f:schedulerName', 'f:securityContext', 'f:serviceAccount', 'f:serviceAccountName', 'f:terminationGracePeriodSeconds', 'f:volumes']),
        },
      },
    },
    {
      manager: 'kubelet', operation: 'Update', apiVersion: 'v1', time: created, fieldsType: 'FieldsV1', subresource: 'status',
      fieldsV1: {
        'f:status': {
          'f:conditions': Object.fromEntries(['ContainersReady', 'Initialized', 'PodReadyToStartContainers', 'Ready'].map((t) => [`k:{"type":"${t}"}`, { '.': {}, ...f(['f:lastProbeTime', 'f:lastTransitionTime', 'f:status', 'f:type']) }])),
          ...f(['f:containerStatuses', 'f:hostIP', 'f:hostIPs', 'f:initContainerStatuses', 'f:phase', 'f:podIP', 'f:podIPs', 'f:startTime']),
        },
      },
    },
  ];
}

export function realisticPod(i: number, namespaces: string[], now: Date): StoredObject {
  const base = generatedPod(i, namespaces, now);
  const meta = base.metadata as JsonObject & { name: string; namespace: string };
  const spec = base.spec as JsonObject;
  const status = base.status as JsonObject;
  const app = String((meta.labels as Record<string, string>).app);
  const created = String(meta.creationTimestamp);
  const hash = sha(`${meta.namespace}/${app}`).slice(0, 10).replace(/[aeiou01]/g, 'x');
  const rsName = `${app}-${hash}`;
  const main = (spec.containers as JsonObject[])[0];
  const running = status.phase === 'Running';
  const containers = [
    {
      ...main,
      env: [
        { name: 'APP_ENV', value: 'production' }, { name: 'LOG_LEVEL', value: 'info' },
        { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
        { name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } },
        { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: `${app}-db`, key: 'password' } } },
      ],
      livenessProbe: probe('/healthz', 8080), readinessProbe: probe('/ready', 8080),
      volumeMounts: [{ name: 'config', mountPath: `/etc/${app}` }, MOUNT],
    },
    sidecar(),
  ];
  const initContainers = [{
    name: 'migrate', image: `registry.example/${app}-migrate:1.0.0`, command: ['/bin/migrate', '--up'],
    resources: { limits: { cpu: '100m', memory: '64Mi' }, requests: { cpu: '100m', memory: '64Mi' } },
    volumeMounts: [MOUNT], terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'IfNotPresent',
  }];
  const started = running ? { running: { startedAt: created } } : undefined;
  const containerStatus = (name: string, image: string, ready: boolean, state: unknown) => ({
    name, state, lastState: {}, ready, restartCount: 0, image, imageID: running ? `${image.split(':')[0]}@sha256:${sha(image)}` : '',
    ...(running ? { containerID: `containerd://${sha(`${meta.name}/${name}`)}`, started: true } : {}),
    volumeMounts: [{ name: 'kube-api-access', mountPath: MOUNT.mountPath, readOnly: true, recursiveReadOnly: 'Disabled' }],
  });
  const statuses = status.containerStatuses as JsonObject[];
  return {
    ...base,
    metadata: {
      ...meta,
      generateName: `${rsName}-`,
      labels: { ...(meta.labels as Record<string, string>), 'pod-template-hash': hash, 'app.kubernetes.io/name': app, 'app.kubernetes.io/part-of': 'shop', 'app.kubernetes.io/version': '1.0.0' },
      annotations: { 'kubectl.kubernetes.io/restartedAt': created, 'prometheus.io/scrape': 'true', 'prometheus.io/port': '2020' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rsName, uid: uidFor(`rs/${meta.namespace}/${rsName}`), controller: true, blockOwnerDeletion: true }],
      managedFields: managedFields(created, app),
    },
    spec: {
      ...spec,
      volumes: [
        { name: 'config', configMap: { name: `${app}-config`, defaultMode: 420 } },
        { name: 'varlog', emptyDir: {} },
        { name: 'kube-api-access', projected: { defaultMode: 420, sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
        ] } },
      ],
      initContainers,
      containers,
      serviceAccountName: 'default', serviceAccount: 'default', enableServiceLinks: true, priority: 0, preemptionPolicy: 'PreemptLowerPriority',
    },
    status: {
      ...status,
      conditions: [{ type: 'PodReadyToStartContainers', status: running ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: created }, ...(status.conditions as JsonObject[])],
      ...(status.hostIP ? { hostIPs: [{ ip: status.hostIP }] } : {}),
      initContainerStatuses: [containerStatus('migrate', initContainers[0].image, false, { terminated: { exitCode: 0, reason: 'Completed', startedAt: created, finishedAt: created } })],
      containerStatuses: [
        { ...statuses[0], ...containerStatus(app, String(main.image), running, statuses[0].state) },
        containerStatus('log-shipper', 'registry.example/fluent-bit:3.1.4', running, started ?? { waiting: { reason: 'PodInitializing' } }),
      ],
      qosClass: 'Burstable',
    },
  } as StoredObject;
}

/** The seed's pod plus `count` realistic pods (what initialPods gives, in their realistic form). */
export function initialRealisticPods(count: number, now = new Date()): StoredObject[] {
  const namespaces = generatedNamespaceNames(count);
  const pods = [seedPod()];
  for (let i = 0; i < count; i++) pods.push(realisticPod(i, namespaces, now));
  return pods;
}
