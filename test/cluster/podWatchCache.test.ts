// The watch cache against the sandbox: sync, change batches, resume after a dropped stream
// (no relist), relist after 410 Gone, and a stream cut by the server's fault injection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PodWatchCache } from '../../src/core/cluster/podWatchCache';
import type { PodChangeBatch } from '../../src/core/cluster/podChangeBatch';
import type { Pod } from '../../src/core/pod';
import { startSandboxProcess } from '../support/sandboxProcess';
import { sandboxClient } from './support/sandboxKubeconfig';

const touched = 'sandbox.podpatch.dev/touched';

/** Resolves with the first batch that has a modification of ns/name satisfying `ok`. */
function nextModification(cache: PodWatchCache, ns: string, name: string, ok: (p: Pod) => boolean = () => true): Promise<Pod> {
  return new Promise((resolve) => {
    const sub = cache.onDidChange((batch: PodChangeBatch) => {
      const pod = batch.modified.find((p) => p.metadata?.namespace === ns && p.metadata?.name === name && ok(p));
      if (pod) { sub.dispose(); resolve(pod); }
    });
  });
}

test('syncs with one list, reports changes in batches, and resumes from its resourceVersion after the stream drops', async (t) => {
  const sandbox = await startSandboxProcess(['--pods', '120']);
  t.after(() => sandbox.stop());
  const client = await sandboxClient(sandbox.kubeconfigPath);
  t.after(() => client.dispose());
  const cache = new PodWatchCache(client, { batchMs: 5, pageSize: 50 });
  t.after(() => cache.dispose());
  const listBatches: PodChangeBatch[] = [];
  const listing = cache.onDidChange((b) => listBatches.push(b));
  await cache.start();
  listing.dispose();
  assert.equal(cache.size, 121);
  // Page by page (pageSize 50): a view shows the first pods before the last page arrives.
  assert.deepEqual(listBatches.map((b) => [b.added.length, b.modified.length, b.deleted.length]), [[50, 0, 0], [50, 0, 0], [21, 0, 0]], 'the initial list is reported as additions, one batch per page');
  assert.deepEqual(cache.namespaces(), ['namespace-test', 'sandbox-0', 'sandbox-1', 'sandbox-2']);
  assert.equal(cache.pods('sandbox-1').length, 40);
  const [victim] = cache.pods('sandbox-1');
  const ns = victim.metadata!.namespace!;
  const name = victim.metadata!.name!;

  const seen = nextModification(cache, ns, name, (p) => !!p.metadata?.annotations?.[touched]);
  await sandbox.admin.touch(ns, name);
  const changed = await seen;
  assert.equal(cache.get(ns, name), changed);

  const watchesBefore = cache.stats.watches;
  await sandbox.admin.dropWatches();
  const afterDrop = nextModification(cache, ns, name, (p) => p.metadata?.annotations?.[touched] !== changed.metadata?.annotations?.[touched]);
  await sandbox.admin.touch(ns, name);
  await afterDrop;
  assert.equal(cache.stats.lists, 1, 'resumed the watch instead of listing again');
  assert.ok(cache.stats.watches > watchesBefore, 'a new watch was opened');

  const deleted = new Promise<PodChangeBatch>((resolve) => { const s = cache.onDidChange((b) => { if (b.deleted.length) { s.dispose(); resolve(b); } }); });
  await client.deletePod(ns, name, { gracePeriodSeconds: 0 });
  assert.equal((await deleted).deleted[0].metadata?.name, name);
  assert.equal(cache.get(ns, name), undefined);
  assert.equal(cache.size, 120);
});

test('relists after 410 Gone when its resourceVersion was compacted away', async (t) => {
  const sandbox = await startSandboxProcess(['--pods', '120']);
  t.after(() => sandbox.stop());
  const client = await sandboxClient(sandbox.kubeconfigPath);
  t.after(() => client.dispose());
  // Watching one namespace, the cache does not see changes elsewhere, so its resourceVersion
  // falls behind; compaction then makes it too old for the next watch.
  const cache = new PodWatchCache(client, { namespace: 'sandbox-0', batchMs: 5 });
  t.after(() => cache.dispose());
  const errors: unknown[] = [];
  cache.onDidError((e) => errors.push(e));
  await cache.start();
  const rvAtSync = cache.resourceVersion;
  const other = (await client.listPods('sandbox-1', { limit: 1 })).items[0];
  await sandbox.admin.touch('sandbox-1', other.metadata!.name!);
  await sandbox.admin.compact();
  await sandbox.admin.dropWatches();
  const [mine] = cache.pods('sandbox-0');
  const seen = nextModification(cache, 'sandbox-0', mine.metadata!.name!, (p) => !!p.metadata?.annotations?.[touched]);
  await sandbox.admin.touch('sandbox-0', mine.metadata!.name!);
  await seen;
  assert.equal(cache.stats.relists, 1);
  assert.equal(cache.stats.lists, 2);
  assert.ok(Number(cache.resourceVersion) > Number(rvAtSync));
  assert.equal(cache.size, 40);
  assert.equal(cache.get('sandbox-1', other.metadata!.name!), undefined, 'only its namespace');
});

test('a watch request that fails is retried with backoff and the cache keeps up', async (t) => {
  const sandbox = await startSandboxProcess();
  t.after(() => sandbox.stop());
  const client = await sandboxClient(sandbox.kubeconfigPath, { retry: { maxRetries: 0 } });
  t.after(() => client.dispose());
  const cache = new PodWatchCache(client, { batchMs: 5, backoff: { baseMs: 5, maxMs: 20 } });
  t.after(() => cache.dispose());
  const errors: unknown[] = [];
  cache.onDidError((e) => errors.push(e));
  await cache.start();
  // The next three watch requests get a 500, then the server answers normally again.
  await sandbox.admin.faults({ count: 3, status: 500, method: 'GET', pathPrefix: '/api/v1/pods' });
  await sandbox.admin.dropWatches();
  const seen = nextModification(cache, 'namespace-test', 'pod-test', (p) => !!p.metadata?.annotations?.[touched]);
  await sandbox.admin.touch('namespace-test', 'pod-test');
  await seen;
  assert.equal(errors.length >= 3, true, `each failure is reported (${errors.length})`);
  assert.equal(cache.stats.lists, 1);
});
