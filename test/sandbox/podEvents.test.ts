// core/v1 events from the sandbox: the correlation client-go's recorder does (tools/record
// events_cache.go: identical events counted, similar ones combined after 10), the field selectors
// of pkg/registry/core/event/strategy.go, and kubectl describe / get events -w against it.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EventRecorder } from '../../src/sandbox/eventRecorder';
import { ResourceStore, RvClock, type StoredObject } from '../../src/sandbox/resourceStore';
import { startSandboxProcess, type SandboxProcess } from '../support/sandboxProcess';
import { apiCall } from './support/apiCall';
import { findKubectl, kubectl, kubectlEnv, kubectlStream } from './support/kubectl';

const NS = '/api/v1/namespaces/namespace-test';
const bin = findKubectl();
let sb: SandboxProcess;
let dir: string;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'podpatch-events-'));
  sb = await startSandboxProcess(['--status-delay', '20']);
});
after(async () => {
  await sb?.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => { await sb.admin.reset(); });

const pod = { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'p', namespace: 'ns', uid: 'u-1', resourceVersion: '5' } } as unknown as StoredObject;

test('an identical event is counted on the first one: count, firstTimestamp kept, lastTimestamp moved', () => {
  const store = new ResourceStore(new RvClock());
  const rec = new EventRecorder(store);
  const e = { type: 'Normal' as const, reason: 'BackOff', message: 'Back-off pulling image "x"', source: { component: 'kubelet', host: 'n1' } };
  const first = rec.record(pod, e, Date.parse('2024-01-01T00:00:00Z'));
  const second = rec.record(pod, e, Date.parse('2024-01-01T00:00:30Z'));
  assert.equal(store.size, 1);
  assert.equal(second.metadata.name, first.metadata.name);
  assert.match(first.metadata.name, /^p\.[0-9a-f]+$/);
  assert.equal(second.count, 2);
  assert.equal(second.firstTimestamp, '2024-01-01T00:00:00Z');
  assert.equal(second.lastTimestamp, '2024-01-01T00:00:30Z');
  assert.deepEqual(second.involvedObject, { kind: 'Pod', namespace: 'ns', name: 'p', uid: 'u-1', apiVersion: 'v1', resourceVersion: '5' });
});

test('the 10th similar event (same reason, other message) within 10 minutes is combined, and later ones count on it', () => {
  const store = new ResourceStore(new RvClock());
  const rec = new EventRecorder(store);
  const at = Date.parse('2024-01-01T00:00:00Z');
  for (let i = 0; i < 9; i++) rec.record(pod, { type: 'Warning', reason: 'Failed', message: `m${i}`, source: { component: 'kubelet' } }, at + i);
  assert.equal(store.size, 9);
  const combined = rec.record(pod, { type: 'Warning', reason: 'Failed', message: 'm9', source: { component: 'kubelet' } }, at + 9);
  assert.equal(combined.message, '(combined from similar events): m9');
  const again = rec.record(pod, { type: 'Warning', reason: 'Failed', message: 'm10', source: { component: 'kubelet' } }, at + 10);
  assert.equal(again.metadata.name, combined.metadata.name);
  assert.equal(again.count, 2);
  assert.equal(again.message, '(combined from similar events): m10');
  // Outside the 10-minute window the messages start over.
  const later = rec.record(pod, { type: 'Warning', reason: 'Failed', message: 'm11', source: { component: 'kubelet' } }, at + 11 * 60_000);
  assert.equal(later.message, 'm11');
});

test("a new pod's life as events, selected by involvedObject.uid as kubectl describe asks; an unknown field is 400", async () => {
  const created = await apiCall(sb, 'POST', `${NS}/pods`, { body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bad' }, spec: { containers: [{ name: 'app', image: 'registry.example/app:does-not-exist' }] } } });
  assert.equal(created.status, 201);
  const uid = created.json.metadata.uid;
  const { readWatch } = await import('./support/apiCall');
  const seen = await readWatch(sb, `${NS}/events?watch=1&fieldSelector=${encodeURIComponent(`involvedObject.uid=${uid}`)}`, (_e, all) => all.some((x) => x.object.message === 'Error: ErrImagePull'));
  const reasons = seen.map((e) => `${e.object.type} ${e.object.reason}`);
  assert.deepEqual(reasons, ['Normal Scheduled', 'Normal Pulling', 'Warning Failed', 'Warning Failed']);
  assert.equal(seen[2].object.message, 'Failed to pull image "registry.example/app:does-not-exist": rpc error: code = NotFound desc = failed to pull and unpack image "registry.example/app:does-not-exist": not found');
  assert.equal(seen[2].object.involvedObject.fieldPath, 'spec.containers{app}');
  const list = await apiCall(sb, 'GET', `${NS}/events?fieldSelector=${encodeURIComponent(`involvedObject.name=bad,involvedObject.namespace=namespace-test,involvedObject.uid=${uid}`)}`);
  assert.equal(list.json.kind, 'EventList');
  assert.equal(list.json.items.length, 4);
  const bad = await apiCall(sb, 'GET', `${NS}/events?fieldSelector=spec.nodeName=x`);
  assert.equal(bad.status, 400);
  assert.equal(bad.json.message, 'field label not supported: spec.nodeName');
});

test('kubectl describe pod shows the Events section with the pull failure', async (t) => {
  if (!bin) return t.skip('kubectl not on PATH');
  const r = await kubectl(bin, ['describe', 'pod', 'pod-test', '-n', 'namespace-test'], kubectlEnv(dir, sb.kubeconfigPath));
  assert.equal(r.code, 0, r.stderr);
  const events = r.stdout.slice(r.stdout.indexOf('\nEvents:'));
  assert.match(events, /Type\s+Reason\s+Age\s+From\s+Message/);
  assert.match(events, /Normal\s+Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned namespace-test\/pod-test to c0dd6256-195a-e811-90a2-10c17294fcbc/);
  assert.match(events, /Warning\s+Failed\s+\S+\s+kubelet\s+Failed to pull image "redis:latest": rpc error/);
  assert.match(events, /Normal\s+BackOff\s+\S+\s+kubelet\s+Back-off pulling image "redis:latest"/);
});

test('kubectl get events -w prints the events of a pod created while it watches', async (t) => {
  if (!bin) return t.skip('kubectl not on PATH');
  const env = kubectlEnv(dir, sb.kubeconfigPath);
  const watch = kubectlStream(bin, ['get', 'events', '-w', '-n', 'namespace-test'], env);
  try {
    await watch.waitFor(/Back-off pulling image "redis:latest"/);
    const run = await kubectl(bin, ['run', 'watched', '-n', 'namespace-test', '--image=registry.example/app:1.0'], env);
    assert.equal(run.code, 0, run.stderr);
    const started = await watch.waitFor(/pod\/watched\s+Started container watched/);
    assert.match(started, /^\S+\s+Normal\s+Started\s+pod\/watched/);
  } finally {
    watch.child.kill();
  }
});
