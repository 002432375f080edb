// The sandbox playing 1.32, 1.33, 1.35 and 1.37: /version, discovery of pods/resize, PATCH .../resize
// in the three patch types with that release's ValidatePodResize and resize strategy, the kubelet's
// resize progress in status, and the real kubectl 1.32's `patch --subresource resize` against it.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSandboxProcess, type SandboxProcess } from '../support/sandboxProcess';
import { apiCall, readWatch } from './support/apiCall';
import { findKubectl, kubectl, kubectlEnv } from './support/kubectl';

const NS = '/api/v1/namespaces/namespace-test/pods';
const MERGE = 'application/merge-patch+json';
const STRATEGIC = 'application/strategic-merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';
const started: SandboxProcess[] = [];
const dirs: string[] = [];
after(async () => {
  await Promise.all(started.map((s) => s.stop()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function sandbox(version: string, ...extra: string[]): Promise<SandboxProcess> {
  const sb = await startSandboxProcess(['--kubernetes-version', version, '--status-delay', '20', ...extra]);
  started.push(sb);
  return sb;
}

/** A Guaranteed pod (requests = limits), created and running. */
async function runningPod(sb: SandboxProcess, name: string, extra: Record<string, unknown> = {}): Promise<any> {
  const body = {
    apiVersion: 'v1', kind: 'Pod', metadata: { name },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: { limits: { cpu: '500m', memory: '256Mi' } }, ...extra }] },
  };
  const created = await apiCall(sb, 'POST', NS, { body });
  assert.equal(created.status, 201, created.text);
  const events = await readWatch(sb, `${NS}?watch=true&fieldSelector=metadata.name=${name}&resourceVersion=${created.json.metadata.resourceVersion}`,
    (e) => e.object.status?.containerStatuses?.[0]?.state?.running !== undefined);
  return events[events.length - 1].object;
}

const resources = (cpu: string, memory: string) => ({ limits: { cpu, memory }, requests: { cpu, memory } });

test('/version and discovery follow the release played', async () => {
  for (const [version, resize] of [['1.32', false], ['1.33', true]] as const) {
    const sb = await sandbox(version);
    const v = await apiCall(sb, 'GET', '/version');
    assert.equal(v.json.minor, version.split('.')[1]);
    assert.equal(v.json.emulationMinor, resize ? version.split('.')[1] : undefined);
    const api = await apiCall(sb, 'GET', '/api/v1');
    assert.equal(api.json.resources.some((r: { name: string }) => r.name === 'pods/resize'), resize, version);
    const r = await apiCall(sb, 'PATCH', `${NS}/pod-test/resize`, { body: {}, contentType: MERGE });
    assert.equal(r.status, resize ? 200 : 404, r.text);
  }
  const gated = await sandbox('1.32', '--feature-gates', 'InPlacePodVerticalScaling=true');
  const api = await apiCall(gated, 'GET', '/api/v1');
  assert.ok(api.json.resources.some((r: { name: string }) => r.name === 'pods/resize'), '1.32 serves resize with the alpha gate');
});

test('1.35: resize in all three patch types; only resources change, metadata is reset, progress reaches status', async () => {
  const sb = await sandbox('1.35');
  const pod = await runningPod(sb, 'web');
  const merge = await apiCall(sb, 'PATCH', `${NS}/web/resize`, {
    body: { metadata: { labels: { sneaky: 'yes' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'nginx:1.27', resources: resources('500m', '512Mi') }] } },
    contentType: MERGE,
  });
  assert.equal(merge.status, 200, merge.text);
  assert.equal(merge.json.spec.containers[0].resources.limits.memory, '512Mi');
  assert.equal(merge.json.spec.restartPolicy, 'Always', 'the resize strategy keeps the stored spec');
  assert.equal(merge.json.metadata.labels?.sneaky, undefined, 'metadata reset for the subresource');
  assert.equal(merge.json.metadata.generation, pod.metadata.generation + 1);
  const done = await readWatch(sb, `${NS}?watch=true&fieldSelector=metadata.name=web&resourceVersion=${merge.json.metadata.resourceVersion}`,
    (e) => e.object.status.containerStatuses[0].resources?.limits?.memory === '512Mi');
  assert.ok(done.some((e) => e.object.status.conditions.some((c: { type: string }) => c.type === 'PodResizeInProgress')), 'PodResizeInProgress reported');
  const last = done[done.length - 1].object;
  assert.deepEqual(last.status.containerStatuses[0].allocatedResources, { cpu: '500m', memory: '512Mi' });
  assert.ok(!last.status.conditions.some((c: { type: string }) => c.type.startsWith('PodResize')), 'conditions cleared when done');

  const strategic = await apiCall(sb, 'PATCH', `${NS}/web/resize`, {
    body: { spec: { containers: [{ name: 'app', resources: resources('1', '512Mi') }] } }, contentType: STRATEGIC,
  });
  assert.equal(strategic.status, 200, strategic.text);
  assert.equal(strategic.json.spec.containers[0].resources.limits.cpu, '1');
  const json = await apiCall(sb, 'PATCH', `${NS}/web/resize`, {
    body: [{ op: 'replace', path: '/spec/containers/0/resources/limits/memory', value: '384Mi' }, { op: 'replace', path: '/spec/containers/0/resources/requests/memory', value: '384Mi' }],
    contentType: JSON_PATCH,
  });
  assert.equal(json.status, 200, json.text);
  assert.equal(json.json.spec.containers[0].resources.requests.memory, '384Mi', '1.34+: memory may decrease');
});

test('refusals carry upstream messages: QoS change, other resources, and the main resource', async () => {
  const sb = await sandbox('1.37');
  await runningPod(sb, 'api');
  const qos = await apiCall(sb, 'PATCH', `${NS}/api/resize`, {
    body: { spec: { containers: [{ name: 'app', resources: { limits: { cpu: '1', memory: '256Mi' }, requests: { cpu: '500m', memory: '256Mi' } } }] } }, contentType: STRATEGIC,
  });
  assert.equal(qos.status, 422, qos.text);
  assert.deepEqual(qos.json.details.causes, [{ reason: 'FieldValueInvalid', message: 'Invalid value: "Guaranteed": Pod QOS Class may not change as a result of resizing', field: 'spec' }]);
  const storage = await apiCall(sb, 'PATCH', `${NS}/api/resize`, {
    body: { spec: { containers: [{ name: 'app', resources: { limits: { 'ephemeral-storage': '1Gi' } } }] } }, contentType: STRATEGIC,
  });
  assert.equal(storage.status, 422, storage.text);
  assert.match(storage.json.message, /spec: Forbidden: only cpu and memory resources are mutable/);
  const main = await apiCall(sb, 'PATCH', `${NS}/api`, { body: { spec: { containers: [{ name: 'app', resources: resources('1', '1Gi') }] } }, contentType: STRATEGIC });
  assert.equal(main.status, 422);
  assert.match(main.json.message, /spec: Forbidden: pod updates may not change fields other than/);
  // Accepted but beyond the sandbox node (8 CPUs): the kubelet reports it Infeasible.
  const huge = await apiCall(sb, 'PATCH', `${NS}/api/resize`, { body: { spec: { containers: [{ name: 'app', resources: resources('16', '256Mi') }] } }, contentType: STRATEGIC });
  assert.equal(huge.status, 200, huge.text);
  const pending = await readWatch(sb, `${NS}?watch=true&fieldSelector=metadata.name=api&resourceVersion=${huge.json.metadata.resourceVersion}`,
    (e) => e.object.status.conditions.some((c: { type: string }) => c.type === 'PodResizePending'));
  const condition = pending[pending.length - 1].object.status.conditions.find((c: { type: string }) => c.type === 'PodResizePending');
  assert.deepEqual([condition.status, condition.reason, condition.message], ['True', 'Infeasible', "Node didn't have enough capacity: cpu, requested: 16000, capacity: 8000"]);
});

test('1.31 with InPlacePodVerticalScaling: cpu/memory change on the pod itself, and the kubelet applies it', async () => {
  const sb = await sandbox('1.31', '--feature-gates', 'InPlacePodVerticalScaling=true');
  await runningPod(sb, 'old');
  const r = await apiCall(sb, 'PATCH', `${NS}/old`, { body: { spec: { containers: [{ name: 'app', resources: resources('500m', '384Mi') }] } }, contentType: STRATEGIC });
  assert.equal(r.status, 200, r.text);
  const done = await readWatch(sb, `${NS}?watch=true&fieldSelector=metadata.name=old&resourceVersion=${r.json.metadata.resourceVersion}`,
    (e) => e.object.status.containerStatuses[0].resources?.limits?.memory === '384Mi');
  assert.ok(done.some((e) => e.object.status.resize === 'InProgress' || e.object.status.conditions.some((c: { type: string }) => c.type === 'PodResizeInProgress')));
  const off = await sandbox('1.31');
  await runningPod(off, 'old');
  const refused = await apiCall(off, 'PATCH', `${NS}/old`, { body: { spec: { containers: [{ name: 'app', resources: resources('500m', '384Mi') }] } }, contentType: STRATEGIC });
  assert.equal(refused.status, 422);
});

test('1.33: a memory limit decrease is refused unless memory restarts the container', async () => {
  const sb = await sandbox('1.33');
  await runningPod(sb, 'db');
  const res = await apiCall(sb, 'PATCH', `${NS}/db/resize`, { body: { spec: { containers: [{ name: 'app', resources: resources('500m', '128Mi') }] } }, contentType: STRATEGIC });
  assert.equal(res.status, 422, res.text);
  assert.match(res.json.message, /spec\.containers\[0\]\.resources\.limits\[memory\]: Forbidden: memory limits cannot be decreased unless resizePolicy is RestartContainer/);
});

test('kubectl 1.32 patch --subresource resize works against the sandbox (1.35)', async (t) => {
  const bin = findKubectl();
  if (!bin) return t.skip('kubectl not on PATH');
  const sb = await sandbox('1.35');
  await runningPod(sb, 'cache');
  const dir = mkdtempSync(path.join(tmpdir(), 'podpatch-resize-'));
  dirs.push(dir);
  const env = kubectlEnv(dir, sb.kubeconfigPath);
  const patch = JSON.stringify({ spec: { containers: [{ name: 'app', resources: resources('750m', '256Mi') }] } });
  const r = await kubectl(bin, ['patch', 'pod', 'cache', '-n', 'namespace-test', '--subresource', 'resize', '-p', patch], env);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /pod\/cache patched/);
  const got = await kubectl(bin, ['get', 'pod', 'cache', '-n', 'namespace-test', '-o', 'jsonpath={.spec.containers[0].resources.limits.cpu}'], env);
  assert.equal(got.stdout, '750m');
  const refused = await kubectl(bin, ['patch', 'pod', 'cache', '-n', 'namespace-test', '--subresource', 'resize', '--type', 'merge', '-p', JSON.stringify({ spec: { containers: [{ name: 'renamed', image: 'x' }] } })], env);
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /containers may not be renamed or reordered on resize/);
  // kubectl reads the pod through the subresource, then patches it there.
  const log = (await sb.admin.requests()).filter((q) => q.path.endsWith('/resize'));
  assert.deepEqual(log.map((q) => [q.method, q.contentType, q.status]), [
    ['GET', undefined, 200],
    ['PATCH', STRATEGIC, 200],
    ['GET', undefined, 200],
    ['PATCH', MERGE, 422],
  ]);
});
