// describePodText (src/core/describe) against the judge it imitates: the real kubectl's
// `describe pod` output for the same pod and events from the sandbox, byte for byte, plus the
// tabwriter's layout rules and the Events table's Age column on their own.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describePodText, eventRow, rfc1123z } from '../../src/core/describe/podDescription';
import { tabbedString } from '../../src/core/describe/tabWriter';
import type { Pod } from '../../src/core/pod';
import type { CoreEvent } from '../../src/core/cluster/podEvents';
import { startSandboxProcess, type SandboxProcess } from '../support/sandboxProcess';
import { apiCall, readWatch } from '../sandbox/support/apiCall';
import { findKubectl, kubectl, kubectlEnv } from '../sandbox/support/kubectl';

const NS = '/api/v1/namespaces/namespace-test';
const bin = findKubectl();
let sb: SandboxProcess;
let dir: string;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'podpatch-describe-'));
  sb = await startSandboxProcess(['--status-delay', '20']);
});
after(async () => {
  await sb?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('tabwriter: a line without a tab ends the column block; the last cell of a line is not padded', () => {
  const text = tabbedString((w) => {
    w.write('Name:\tx\nLonger name:\ty\nContainers:\n  a:\n    Image:\tz\n    Restart Count:\t0\n');
  });
  assert.equal(text, 'Name:         x\nLonger name:  y\nContainers:\n  a:\n    Image:          z\n    Restart Count:  0\n');
  // A flush starts a new layout, as kubectl's before the Events table.
  const flushed = tabbedString((w) => { w.write('A:\tlong value\n'); w.flush(); w.write('Bbbbbbbbb:\tv\n'); });
  assert.equal(flushed, 'A:  long value\nBbbbbbbbb:  v\n');
});

test("the Events table's Age: first seen, or last seen with the count over the first (as DescribeEvents)", () => {
  const now = Date.parse('2026-01-01T00:10:00Z');
  const base: CoreEvent = { type: 'Warning', reason: 'Failed', message: ' Failed to pull image "x": not found ', source: { component: 'kubelet' }, involvedObject: { fieldPath: 'spec.containers{app}' } };
  assert.deepEqual(eventRow({ ...base, count: 1, firstTimestamp: '2026-01-01T00:09:30Z', lastTimestamp: '2026-01-01T00:09:30Z' }, now),
    ['Warning', 'Failed', '30s', 'kubelet', 'spec.containers{app}: Failed to pull image "x": not found']);
  assert.equal(eventRow({ ...base, count: 4, firstTimestamp: '2026-01-01T00:00:00Z', lastTimestamp: '2026-01-01T00:08:00Z' }, now)[2], '2m (x4 over 10m)');
  assert.equal(eventRow({ ...base, eventTime: '2026-01-01T00:05:00.000000Z', series: { count: 3, lastObservedTime: '2026-01-01T00:09:00.000000Z' } }, now)[2], '60s (x3 over 5m)');
  assert.equal(eventRow({ type: 'Normal', reason: 'X', reportingComponent: 'c', reportingController: 'ctrl' } as CoreEvent, now)[3], 'ctrl');
  assert.equal(eventRow({ type: 'Normal' }, now)[2], '<unknown>');
  assert.equal(rfc1123z('2018-09-04T11:04:03Z', 0), 'Tue, 04 Sep 2018 11:04:03 +0000');
  assert.equal(rfc1123z('2018-09-04T11:04:03Z', 330), 'Tue, 04 Sep 2018 16:34:03 +0530');
});

test('a pod without events, labels or volumes says <none> where kubectl does', () => {
  const text = describePodText({ metadata: { name: 'p', namespace: 'ns' }, spec: { containers: [{ name: 'c', image: 'i' }] }, status: { phase: 'Pending' } }, [], { now: 0, utcOffsetMinutes: 0 });
  for (const title of ['Node', 'Labels', 'Annotations', 'IPs', 'Volumes', 'Node-Selectors', 'Tolerations', 'Events', '    Environment', '    Mounts']) {
    assert.match(text, new RegExp(`^${title}: +<none>$`, 'm'), `no "${title}: <none>" line in\n${text}`);
  }
});

/**
 * kubectl describe, then the same pod and events through the API, rendered for each quarter second
 * around the call (ages are whole seconds). The machine's kubectl is 1.32: its words, not newer ones.
 */
async function sameAsKubectl(name: string): Promise<void> {
  const started = Date.now();
  const r = await kubectl(bin!, ['describe', 'pod', name, '-n', 'namespace-test'], kubectlEnv(dir, sb.kubeconfigPath, { TZ: 'UTC' }));
  const ended = Date.now();
  assert.equal(r.code, 0, r.stderr);
  const pod = (await apiCall(sb, 'GET', `${NS}/pods/${name}`)).json as Pod;
  const selector = `involvedObject.name=${name},involvedObject.namespace=namespace-test,involvedObject.uid=${pod.metadata?.uid}`;
  const events = ((await apiCall(sb, 'GET', `${NS}/events?fieldSelector=${encodeURIComponent(selector)}`)).json.items ?? []) as CoreEvent[];
  const candidates: string[] = [];
  for (let now = started - 1000; now <= ended + 1000; now += 250) candidates.push(describePodText(pod, events, { now, utcOffsetMinutes: 0, kubectl132: true }));
  if (candidates.includes(r.stdout)) return;
  assert.equal(candidates[Math.floor(candidates.length / 2)], r.stdout, `podpatch's describe of ${name} differs from kubectl's`);
}

test('pod-test: the same text as kubectl describe (ErrImagePull, last state, Failed/BackOff events)', async (t) => {
  if (!bin) return t.skip('kubectl not on PATH');
  await sameAsKubectl('pod-test');
});

test('a running pod with init container, ports, env, mounts, volumes, tolerations and an owner: the same text as kubectl describe', async (t) => {
  if (!bin) return t.skip('kubectl not on PATH');
  const body = {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name: 'rich', labels: { app: 'rich', tier: 'web' }, annotations: { note: 'hello', long: 'x'.repeat(150) },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rich-5d4f', uid: '0b5c3f7e-1111-4222-8333-944445555666', controller: true }],
    },
    spec: {
      initContainers: [{ name: 'setup', image: 'busybox:1.36', command: ['sh', '-c', 'echo ready'] }],
      containers: [
        {
          name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443, protocol: 'TCP' }],
          env: [{ name: 'MODE', value: 'prod' }, { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }],
          resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '250m', memory: '64Mi' } },
          volumeMounts: [{ name: 'cache', mountPath: '/cache' }, { name: 'conf', mountPath: '/etc/conf', readOnly: true }],
        },
        { name: 'sidecar', image: 'registry.example/agent:1.0', args: ['--verbose'] },
      ],
      volumes: [{ name: 'cache', emptyDir: {} }, { name: 'conf', configMap: { name: 'web-conf' } }],
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }, { operator: 'Exists' }],
      nodeSelector: { 'kubernetes.io/os': 'linux' },
    },
  };
  const res = await apiCall(sb, 'POST', `${NS}/pods`, { body });
  assert.equal(res.status, 201, res.text);
  await readWatch(sb, `${NS}/pods?watch=1&fieldSelector=metadata.name=rich`, (e) => e.type !== 'DELETED' && (e.object as any).status?.containerStatuses?.every((s: any) => s.state?.running));
  await sameAsKubectl('rich');
});

test('probes of every handler, envFrom, devices and the volume sources (kubectl dee3483a printers): the same text as kubectl describe', async (t) => {
  if (!bin) return t.skip('kubectl not on PATH');
  const timing = { initialDelaySeconds: 5, timeoutSeconds: 2, periodSeconds: 15, successThreshold: 1, failureThreshold: 4 };
  const body = {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'probed' },
    spec: {
      containers: [
        {
          name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 8080, name: 'http' }],
          livenessProbe: { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' }, ...timing },
          readinessProbe: { tcpSocket: { port: 'http' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
          startupProbe: { exec: { command: ['sh', '-c', 'test -f /tmp/started'] }, timeoutSeconds: 1, periodSeconds: 5, successThreshold: 1, failureThreshold: 30 },
          envFrom: [{ configMapRef: { name: 'web-env' } }, { prefix: 'DB_', secretRef: { name: 'db', optional: true } }],
          volumeMounts: [{ name: 'data', mountPath: '/data', subPath: 'web' }],
          volumeDevices: [{ name: 'raw', devicePath: '/dev/xvdb' }, { name: 'raw2', devicePath: '/dev/xvda' }],
        },
        {
          name: 'rpc', image: 'registry.example/rpc:2',
          livenessProbe: { grpc: { port: 9090, service: '' }, ...timing },
          readinessProbe: { grpc: { port: 9090, service: 'ready' }, ...timing },
          startupProbe: { httpGet: { host: 'fd00::1', path: '/start up?now', port: 'admin', scheme: 'HTTPS' }, ...timing },
          volumeDevices: [{ name: 'raw', devicePath: '/dev/xvdc' }],
        },
      ],
      volumes: [
        { name: 'data', persistentVolumeClaim: { claimName: 'web-data', readOnly: true } },
        { name: 'raw', persistentVolumeClaim: { claimName: 'raw' } },
        { name: 'raw2', persistentVolumeClaim: { claimName: 'raw2' } },
        { name: 'host', hostPath: { path: '/var/log', type: '' } },
        { name: 'host-dir', hostPath: { path: '/srv', type: 'Directory' } },
        { name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
        { name: 'zero', emptyDir: { sizeLimit: '0' } },
        { name: 'creds', secret: { secretName: 'creds', optional: true } },
        { name: 'token', projected: { sources: [
          { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
          // Not optional: kubectl 1.32 prints a set `optional` as the pointer's address.
          { secret: { name: 'extra' } },
        ] } },
        { name: 'podinfo', downwardAPI: { items: [
          { path: 'labels', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.labels' } },
          { path: 'cpu', resourceFieldRef: { containerName: 'web', resource: 'limits.cpu' } },
        ] } },
        { name: 'inline', csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, fsType: 'ext4', volumeAttributes: { secretProviderClass: 'vault', usePodIdentity: 'false', long: 'v'.repeat(150) } } },
        { name: 'inline-bare', csi: { driver: 'hostpath.csi.k8s.io' } },
        { name: 'cache', ephemeral: { volumeClaimTemplate: {
          metadata: { labels: { type: 'cache', app: 'web' }, annotations: { note: 'scratch space' } },
          spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'fast', volumeMode: 'Filesystem', resources: { requests: { storage: '1Gi' } },
            dataSource: { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'snap' } },
        } } },
        { name: 'bound', ephemeral: { volumeClaimTemplate: { spec: { volumeName: 'pv-1', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } } },
        { name: 'shared', nfs: { server: 'nfs.example', path: '/exports/web' } },
        { name: 'models', image: { reference: 'registry.example/models:v1', pullPolicy: 'IfNotPresent' } },
        { name: 'gce', gcePersistentDisk: { pdName: 'disk-1', fsType: 'ext4', partition: 1 } },
        { name: 'ebs', awsElasticBlockStore: { volumeID: 'vol-1', fsType: 'ext4' } },
        { name: 'git', gitRepo: { repository: 'https://example.com/r.git', revision: 'main' } },
        { name: 'iscsi', iscsi: { targetPortal: '10.0.0.1:3260', iqn: 'iqn.2001-04.com.example:storage', lun: 0, iscsiInterface: 'default', fsType: 'ext4', portals: ['10.0.0.2:3260', '10.0.0.3:3260'], chapAuthSession: true, secretRef: { name: 'chap' } } },
        { name: 'gluster', glusterfs: { endpoints: 'glusterfs-cluster', path: 'vol', readOnly: true } },
        { name: 'rbd', rbd: { monitors: ['10.0.0.4:6789'], image: 'foo', fsType: 'ext4', pool: 'rbd', user: 'admin', keyring: '/etc/ceph/keyring' } },
        { name: 'quobyte', quobyte: { registry: 'registry:7861', volume: 'testVolume' } },
        { name: 'azdisk', azureDisk: { diskName: 'd', diskURI: 'https://example/d.vhd', kind: 'Shared', fsType: 'ext4', cachingMode: 'ReadWrite', readOnly: false } },
        { name: 'vsphere', vsphereVolume: { volumePath: '[ds] v.vmdk', fsType: 'ext4' } },
        { name: 'cinder', cinder: { volumeID: 'c1', fsType: 'ext4' } },
        { name: 'photon', photonPersistentDisk: { pdID: 'p1', fsType: 'ext4' } },
        { name: 'pwx', portworxVolume: { volumeID: 'x1' } },
        { name: 'sio', scaleIO: { gateway: 'https://gw', system: 'sys', secretRef: { name: 'sio' }, protectionDomain: 'pd', storagePool: 'sp', storageMode: 'ThinProvisioned', volumeName: 'v', fsType: 'xfs' } },
        { name: 'ceph', cephfs: { monitors: ['10.0.0.5:6789', '10.0.0.6:6789'], path: '/', user: 'admin', secretFile: '/etc/ceph/secret' } },
        { name: 'sos', storageos: { volumeName: 'v', volumeNamespace: 'ns', fsType: 'ext4' } },
        { name: 'fc', fc: { targetWWNs: ['500a0982991b8dc5', '500a0982891b8dc5'], lun: 2, fsType: 'ext4' } },
        { name: 'fc-wwid', fc: { wwids: ['3600508b400105e210000900000490000'] } },
        { name: 'azfile', azureFile: { secretName: 'azure-secret', shareName: 'share' } },
        { name: 'flex', flexVolume: { driver: 'example.com/lvm', fsType: 'ext4', secretRef: { name: 'flex' }, options: { volumeID: 'v', size: '1G' } } },
        { name: 'flex-bare', flexVolume: { driver: 'example.com/nfs' } },
        { name: 'flocker', flocker: { datasetName: 'ds' } },
      ],
    },
  };
  const res = await apiCall(sb, 'POST', `${NS}/pods`, { body });
  assert.equal(res.status, 201, res.text);
  await readWatch(sb, `${NS}/pods?watch=1&fieldSelector=metadata.name=probed`, (e) => e.type !== 'DELETED' && (e.object as any).status?.containerStatuses?.every((s: any) => s.state?.running));
  await sameAsKubectl('probed');
});
