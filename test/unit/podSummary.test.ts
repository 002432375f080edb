// The pod summary a list view keeps: the columns kubectl get pods shows plus owner, node, IP and
// images, taken from a realistic pod (managedFields, init container, sidecar, full status).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StringPool, summarizePod } from '../../src/core/podSummary';
import { realisticPod } from '../../src/sandbox/realisticPods';
import { seedPod } from '../../src/sandbox/seedPods';
import type { Pod } from '../../src/core/pod';

const now = new Date('2026-01-01T00:00:00Z');

test('a realistic Running pod: owner, 2/2 ready, node, IP, the images of its init container, app and sidecar', () => {
  const pod = JSON.parse(JSON.stringify(realisticPod(0, ['sandbox-0'], now))) as Pod;
  assert.ok(JSON.stringify(pod).length > 5000);
  const s = summarizePod(pod);
  assert.equal(s.name, 'web-00000');
  assert.equal(s.namespace, 'sandbox-0');
  assert.equal(s.owner?.kind, 'ReplicaSet');
  assert.match(s.owner!.name, /^web-/);
  assert.equal(s.phase, 'Running');
  assert.equal(s.reason, 'Running');
  assert.deepEqual([s.ready, s.total, s.restarts], [2, 2, 0]);
  assert.equal(s.node, 'node-0');
  assert.equal(s.ip, '10.244.0.0');
  assert.deepEqual(s.images, ['registry.example/web-migrate:1.0.0', 'registry.example/web:1.0.0', 'registry.example/fluent-bit:3.1.4']);
  assert.equal(s.createdAt, Date.parse(String(pod.metadata!.creationTimestamp)));
  assert.ok(!('managedFields' in s) && !('spec' in s));
});

test("the seed's pod-test: no owner, ErrImagePull, 0/1; strings repeated across pods are shared", () => {
  const s = summarizePod(seedPod() as Pod);
  assert.equal(s.owner, undefined);
  assert.deepEqual([s.reason, s.ready, s.total], ['ErrImagePull', 0, 1]);
  const pool = new StringPool(2);
  const a = pool.get(['name', 'space'].join(''));
  assert.equal(pool.get('namespace'), a);
  pool.get('x');
  pool.get('y'); // over the bound: the pool starts over rather than grow
  assert.equal(pool.size, 1);
});
