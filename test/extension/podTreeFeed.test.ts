// The tree's first rows while the list streams: a watch cache with the summary transform delivers
// each list page at once, and PodTreeFeed shows its pods (and asks for a refresh) before the next
// page has arrived. A scripted API server holds the second page back until the test has seen the
// first rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPodClient } from '../../src/core/cluster/podClient';
import { PodWatchCache } from '../../src/core/cluster/podWatchCache';
import { podSummaryTransform, type PodSummary } from '../../src/core/podSummary';
import { PodTreeFeed } from '../../src/vscode/tree/podTreeFeed';
import type { RefreshTarget } from '../../src/vscode/tree/podTreeRefresh';
import { contextFor, sendJson, startFakeApiServer } from '../cluster/support/fakeApiServer';

const pod = (ns: string, name: string, rv: string) => ({
  kind: 'Pod', apiVersion: 'v1',
  metadata: { name, namespace: ns, uid: `uid-${name}`, resourceVersion: rv, managedFields: [{ manager: 'kubelet' }] },
  spec: { containers: [{ name: 'c', image: 'nginx' }] },
  status: { phase: 'Running', containerStatuses: [{ name: 'c', ready: true, restartCount: 0, state: { running: {} } }] },
});

test('the first list page shows as rows before the second page arrives', async (t) => {
  let releaseSecondPage!: () => void;
  const secondPage = new Promise<void>((r) => { releaseSecondPage = r; });
  const server = await startFakeApiServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.searchParams.get('watch') === 'true') { res.writeHead(200, { 'content-type': 'application/json' }); return; } // stays open, quiet
    if (!url.searchParams.get('continue')) {
      sendJson(res, 200, { kind: 'PodList', metadata: { resourceVersion: '10', continue: 'page2' }, items: [pod('shop', 'web-a', '1'), pod('shop', 'web-b', '2')] });
    } else {
      void secondPage.then(() => sendJson(res, 200, { kind: 'PodList', metadata: { resourceVersion: '10' }, items: [pod('shop', 'web-c', '3'), pod('tools', 'job-1', '4')] }));
    }
  });
  t.after(() => server.close());
  const client = createPodClient(contextFor(server.url));
  t.after(() => client.dispose());
  const cache = new PodWatchCache<PodSummary>(client, { transform: podSummaryTransform, pageSize: 2, batchMs: 5 });
  t.after(() => cache.dispose());

  const refreshes: RefreshTarget[][] = [];
  let onRefresh: () => void = () => undefined;
  const feed = new PodTreeFeed({ filtering: () => false, isResolved: () => true, refresh: (targets) => { refreshes.push(targets); onRefresh(); } });
  cache.onDidChange((batch) => feed.onBatch('ctx', batch, cache));
  const firstRows = new Promise<void>((r) => { onRefresh = r; });
  let synced = false;
  const start = cache.start().then(() => { synced = true; });

  await firstRows;
  assert.equal(synced, false, 'the list is still under way');
  assert.deepEqual(refreshes, [[{ kind: 'context', context: 'ctx' }]], 'the context is refreshed to show its first namespaces');
  const model = feed.model('ctx')!;
  assert.deepEqual(model.namespaceList(), ['shop']);
  assert.deepEqual(model.pods('shop').map((s) => s.name), ['web-a', 'web-b']);
  // The rows are the cache's summaries: no whole pod is kept, the watch's bookkeeping is.
  const row = model.get('shop', 'web-a')!;
  assert.equal(row, cache.get('shop', 'web-a'), 'the model and the cache share one summary per pod');
  assert.deepEqual([row.uid, row.resourceVersion, 'metadata' in row, 'managedFields' in row], ['uid-web-a', '1', false, false]);

  const secondBatch = new Promise<void>((r) => { onRefresh = r; });
  releaseSecondPage();
  await Promise.all([start, secondBatch]);
  assert.deepEqual(model.namespaceList(), ['shop', 'tools']);
  assert.deepEqual(model.pods('shop').map((s) => s.name), ['web-a', 'web-b', 'web-c']);
  assert.deepEqual(refreshes.at(-1)!.map((r) => r.kind).sort(), ['context', 'namespace', 'namespace'], 'a new namespace refreshes the context, each grown namespace its node');
});

test('the feed: a batch before anything attached makes the model from the cache; modifications refresh rows; detach forgets the context', () => {
  const refreshes: RefreshTarget[][] = [];
  const feed = new PodTreeFeed({ filtering: () => false, isResolved: (_c, ns) => ns === 'shop', refresh: (targets) => refreshes.push(targets) });
  const a = podSummaryTransform.apply(pod('shop', 'web-a', '1'));
  const b = podSummaryTransform.apply(pod('shop', 'web-b', '2'));
  feed.onBatch('ctx', { added: [a], modified: [], deleted: [] }, { pods: () => [a, b] });
  assert.deepEqual(feed.model('ctx')?.pods('shop').map((s) => s.name), ['web-a', 'web-b'], 'the cache already held the batch and more');
  assert.deepEqual(refreshes.pop(), [{ kind: 'context', context: 'ctx' }]);

  const a2 = podSummaryTransform.apply(pod('shop', 'web-a', '7'));
  feed.onBatch('ctx', { added: [], modified: [a2], deleted: [] }, undefined);
  assert.deepEqual(refreshes.pop(), [{ kind: 'pod', context: 'ctx', namespace: 'shop', name: 'web-a' }]);
  assert.equal(feed.model('ctx')?.get('shop', 'web-a')?.resourceVersion, '7');

  // attach keeps a model that batches kept current (the cache synced after its pages streamed in).
  const model = feed.model('ctx');
  assert.equal(feed.attach('ctx', { pods: () => [] }), model);
  // A new connection starts from nothing: pods of the old one must not linger.
  assert.equal(feed.begin('ctx').size, 0);
  assert.notEqual(feed.model('ctx'), model);
  feed.detach('ctx');
  assert.equal(feed.model('ctx'), undefined);
  assert.deepEqual(refreshes.pop(), [{ kind: 'context', context: 'ctx' }]);
});
