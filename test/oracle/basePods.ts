// Pods as a real API server stores them (v1 defaults filled in), the starting points of generated
// edits: a running pod with status, a gated pending pod with init containers, and a minimal one.
import type { Pod } from '../../src/core/pod';

function container(name: string, image: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name, image, imagePullPolicy: 'IfNotPresent',
    terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
    resources: {}, ...extra,
  };
}

const apiAccessVolume = {
  name: 'kube-api-access-abcde',
  projected: {
    defaultMode: 420,
    sources: [
      { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
    ],
  },
};

const defaultTolerations = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

function commonSpec(): Record<string, unknown> {
  return {
    dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', schedulerName: 'default-scheduler',
    securityContext: {}, serviceAccountName: 'default', serviceAccount: 'default',
    terminationGracePeriodSeconds: 30, enableServiceLinks: true, preemptionPolicy: 'PreemptLowerPriority', priority: 0,
    tolerations: structuredClone(defaultTolerations), volumes: [structuredClone(apiAccessVolume)],
  };
}

const mount = { name: 'kube-api-access-abcde', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true };

export function runningPod(): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name: 'web-7d4b9c', namespace: 'default', uid: '3b99abe8-b032-11e8-9d5d-c88d83be759f', resourceVersion: '5254098',
      creationTimestamp: '2026-09-04T11:04:02Z', labels: { app: 'web', 'pod-template-hash': '7d4b9c' },
      annotations: { 'example.com/owner': 'team-a' },
    },
    spec: {
      ...commonSpec(),
      nodeName: 'node-1',
      containers: [
        container('web', 'nginx:1.27', {
          ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }],
          resources: { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '250m', memory: '128Mi' } },
          volumeMounts: [{ ...mount }],
        }),
        container('sidecar', 'busybox:1.36', { command: ['sh', '-c', 'sleep 3600'], volumeMounts: [{ ...mount }] }),
      ],
    },
    status: {
      phase: 'Running', qosClass: 'Burstable', hostIP: '10.0.0.5', podIP: '10.244.1.7', startTime: '2026-09-04T11:04:03Z',
      conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-09-04T11:04:10Z' }],
    },
  };
}

export function gatedPod(): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'batch-1', namespace: 'jobs', uid: '0c7f0e9a-1111-4e5b-9c8a-2d3e4f5a6b7c', resourceVersion: '42', creationTimestamp: '2026-09-04T11:00:00Z', labels: { job: 'batch' } },
    spec: {
      ...commonSpec(),
      restartPolicy: 'Never',
      schedulingGates: [{ name: 'example.com/quota' }, { name: 'example.com/data' }],
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }] } } },
      initContainers: [container('init', 'busybox:1.36', { command: ['true'] })],
      containers: [container('main', 'python:3.12', { args: ['run.py'], resources: { requests: { cpu: '1', memory: '1Gi' } } })],
      activeDeadlineSeconds: 600,
    },
    status: { phase: 'Pending', qosClass: 'Burstable', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', lastProbeTime: null, lastTransitionTime: null }] },
  };
}

export function minimalPod(): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'foo', namespace: 'default', uid: 'e1b2c3d4-0000-4000-8000-000000000001', resourceVersion: '1', creationTimestamp: '2026-09-04T10:00:00Z' },
    spec: withoutKeys({ ...commonSpec(), containers: [container('ctr', 'image')] }, ['tolerations', 'volumes']),
    status: { phase: 'Pending', qosClass: 'BestEffort' },
  };
}

function withoutKeys(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  for (const k of keys) delete o[k];
  return o;
}

export const BASE_PODS: readonly (() => Pod)[] = [runningPod, gatedPod, minimalPod];
