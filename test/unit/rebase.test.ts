import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rebaseEdits, changedPaths } from '../../src/core/patch/rebase';
import type { Pod } from '../../src/core/pod';

function pod(over: { labels?: Record<string, string>; annotations?: Record<string, string>; image?: string; rv?: string; deadline?: number; images?: string[] } = {}): Pod {
  const images = over.images ?? [over.image ?? 'redis:6'];
  const p: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'pod-test', namespace: 'ns', resourceVersion: over.rv ?? '1', labels: over.labels ?? { app: 'web' } },
    spec: { containers: images.map((image, i) => ({ name: `c${i}`, image })), restartPolicy: 'Always' },
    status: { phase: 'Running' },
  };
  if (over.annotations) p.metadata!.annotations = over.annotations;
  if (over.deadline !== undefined) p.spec!.activeDeadlineSeconds = over.deadline;
  return p;
}

test('the user edit lands on top of the server change to another field', () => {
  const base = pod();
  const edited = pod({ labels: { app: 'web', name: 'pod-test2' } });
  const latest = pod({ rv: '7', annotations: { 'sandbox.podpatch.dev/touched': '1' } });
  const r = rebaseEdits(base, edited, latest);
  assert.deepEqual(r.merged.metadata?.labels, { app: 'web', name: 'pod-test2' });
  assert.deepEqual(r.merged.metadata?.annotations, { 'sandbox.podpatch.dev/touched': '1' });
  assert.equal(r.merged.metadata?.resourceVersion, '7');
  assert.deepEqual(r.conflicts, []);
  assert.deepEqual(r.userChanges, ['metadata.labels[name]']);
  assert.deepEqual(r.serverChanges.map((c) => c.path).sort(), ['metadata.annotations', 'metadata.resourceVersion']);
});

test('same-length lists merge item by item: the server image change of c1 and the user change of c0 both survive', () => {
  const base = pod({ images: ['a:1', 'b:1'] });
  const edited = pod({ images: ['a:2', 'b:1'] });
  const latest = pod({ images: ['a:1', 'b:9'], rv: '2' });
  const r = rebaseEdits(base, edited, latest);
  assert.deepEqual(r.merged.spec?.containers?.map((c) => c.image), ['a:2', 'b:9']);
  assert.deepEqual(r.conflicts, []);
});

test('both sides changing one value keep the user value and report the conflict', () => {
  const base = pod({ deadline: 100 });
  const edited = pod({ deadline: 50 });
  const latest = pod({ deadline: 80, rv: '3' });
  const r = rebaseEdits(base, edited, latest);
  assert.equal(r.merged.spec?.activeDeadlineSeconds, 50);
  assert.deepEqual(r.conflicts, [{ path: 'spec.activeDeadlineSeconds', base: 100, mine: 50, theirs: 80 }]);
});

test('a key the user removed stays removed; one the server removed goes unless the user changed it', () => {
  const base = pod({ labels: { app: 'web', tier: 'db', team: 'x' } });
  const edited = pod({ labels: { app: 'web', team: 'x' } });
  const latest = pod({ labels: { app: 'web', tier: 'db' }, rv: '4' });
  const r = rebaseEdits(base, edited, latest);
  assert.deepEqual(r.merged.metadata?.labels, { app: 'web' });
  assert.deepEqual(r.conflicts, []);
});

test('status and resourceVersion always come from the latest pod, even if the buffer touched them', () => {
  const base = pod();
  const edited = { ...pod({ rv: '1' }), status: { phase: 'Failed' } };
  const latest = { ...pod({ rv: '9' }), status: { phase: 'Succeeded' } };
  const r = rebaseEdits(base, edited, latest);
  assert.deepEqual(r.merged.status, { phase: 'Succeeded' });
  assert.equal(r.merged.metadata?.resourceVersion, '9');
  assert.deepEqual(r.conflicts, []);
});

test('inputs are not modified', () => {
  const base = pod();
  const edited = pod({ image: 'redis:7' });
  const latest = pod({ rv: '2', labels: { app: 'api' } });
  const snapshot = JSON.stringify([base, edited, latest]);
  rebaseEdits(base, edited, latest);
  assert.equal(JSON.stringify([base, edited, latest]), snapshot);
});

test('changedPaths names leaves in upstream path syntax', () => {
  const paths = changedPaths(pod(), pod({ labels: { 'app.kubernetes.io/name': 'x' }, image: 'redis:7' })).map((c) => `${c.path}:${c.present}`);
  assert.deepEqual(paths.sort(), ['metadata.labels[app.kubernetes.io/name]:true', 'metadata.labels[app]:false', 'spec.containers[0].image:true']);
});
