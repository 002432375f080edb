// The watch cache with the summary transform (client-go's TransformFunc) against the sandbox's
// realistic pods: it keeps summaries only, keeps the uid and resourceVersion its watch needs,
// delivers summaries in its batches, and a relist of an unchanged pod is no change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PodChangeBatch } from '../../src/core/cluster/podChangeBatch';
import { PodWatchCache } from '../../src/core/cluster/podWatchCache';
import type { Pod } from '../../src/core/pod';
import { podSummaryTransform, type PodSummary } from '../../src/core/podSummary';
import { startSandboxProcess } from '../support/sandboxProcess';
import { sandboxClient } from './support/sandboxKubeconfig';

test('a summary cache of realistic pods: summaries in the store and in batches, uid and resourceVersion kept, resumes from them', async (t) => {
  const sandbox = await startSandboxProcess(['--pods', '60', '--realistic']);
  t.after(() => sandbox.stop());
  const client = await sandboxClient(sandbox.kubeconfigPath);
  t.after(() => client.dispose());
  const seen: Pod[] = [];
  const cache = new PodWatchCache<PodSummary>(client, {
    pageSize: 25, batchMs: 5,
    transform: { apply: (p) => { seen.push(p); return podSummaryTransform.apply(p); }, resourceVersion: podSummaryTransform.resourceVersion },
  });
  t.after(() => cache.dispose());
  await cache.start();
  assert.equal(cache.size, 61);
  assert.equal(seen.length, 61, 'every listed pod went through the transform once');
  const whole = seen.find((p) => p.metadata?.name === 'web-00000')!;
  assert.ok(JSON.stringify(whole).length > 5000 && Array.isArray(whole.metadata?.managedFields), 'the sandbox served a realistic pod');
  const kept = cache.get(whole.metadata!.namespace!, 'web-00000')!;
  assert.deepEqual(Object.keys(kept).filter((k) => ['metadata', 'spec', 'status', 'managedFields'].includes(k)), [], 'no part of the whole pod is kept');
  assert.equal(kept.uid, whole.metadata!.uid);
  assert.equal(kept.resourceVersion, whole.metadata!.resourceVersion);
  assert.equal(cache.resourceVersion !== '', true);

  const changed = new Promise<PodChangeBatch<PodSummary>>((resolve) => { const s = cache.onDidChange((b) => { if (b.modified.length) { s.dispose(); resolve(b); } }); });
  await sandbox.admin.touch(kept.namespace, kept.name);
  const batch = await changed;
  const row = batch.modified.find((s) => s.name === 'web-00000')!;
  assert.ok(row && !('metadata' in row), 'batches carry summaries');
  assert.notEqual(row.resourceVersion, kept.resourceVersion);
  assert.equal(cache.get(kept.namespace, kept.name), row);
  assert.equal(row.uid, kept.uid);

  // A dropped watch resumes from the kept resourceVersion: no relist, nothing reported again.
  const lists = cache.stats.lists;
  const again = new Promise<PodChangeBatch<PodSummary>>((resolve) => { const s = cache.onDidChange((b) => { s.dispose(); resolve(b); }); });
  await sandbox.admin.dropWatches();
  const other = cache.pods(kept.namespace).find((s) => s.name !== kept.name)!;
  await sandbox.admin.touch(other.namespace, other.name);
  assert.deepEqual((await again).modified.map((s) => s.name), [other.name]);
  assert.equal(cache.stats.lists, lists);
});
