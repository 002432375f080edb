// One Deployment followed by its own watch, against the sandbox: a change behind the caller's back
// is news once; a dropped stream resumes from the last resourceVersion seen (nothing replayed,
// nothing missed); after history is compacted (410) the object is listed again by name and the
// watch starts from the list; failing reconnects back off and recover; a deletion ends as news.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../src/core/pod';
import { followWorkload, type WorkloadNews } from '../../src/core/cluster/workloadWatch';
import { isNewer } from '../../src/core/cluster/resourceVersion';
import { ApiError } from '../../src/core/cluster/apiError';
import { startSandboxProcess, type RecordedRequest } from '../support/sandboxProcess';
import { sandboxClient } from './support/sandboxKubeconfig';

const ns = 'namespace-test';
const collection = `/apis/apps/v1/namespaces/${ns}/deployments`;

// replicas 0: the controller has no pods to run, so the Deployment stays quiet unless a test changes it.
function deployment(name: string) {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: { replicas: 0, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } },
  };
}

/** The news so far, and a promise for the first one that `ok` accepts (already here or still to come). */
class NewsLog {
  readonly all: WorkloadNews[] = [];
  private readonly waiters: { ok: (n: WorkloadNews) => boolean; resolve: (n: WorkloadNews) => void }[] = [];

  push(n: WorkloadNews): void {
    this.all.push(n);
    for (const w of [...this.waiters]) {
      if (w.ok(n)) { this.waiters.splice(this.waiters.indexOf(w), 1); w.resolve(n); }
    }
  }

  next(ok: (n: WorkloadNews) => boolean): Promise<WorkloadNews> {
    const seen = this.all.find(ok);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ ok, resolve }));
  }
}

const label = (n: WorkloadNews, key: string) => (n.object?.metadata?.labels as Record<string, string> | undefined)?.[key];
const rvOf = (o: Pod | undefined) => o?.metadata?.resourceVersion ?? '';
const watchesIn = (rs: RecordedRequest[]) => rs.filter((r) => r.method === 'GET' && r.path === collection && /(^|&)watch=true(&|$)/.test(r.query ?? ''));
const listsIn = (rs: RecordedRequest[]) => rs.filter((r) => r.method === 'GET' && r.path === collection && !/(^|&)watch=/.test(r.query ?? ''));
const rvAsked = (r: RecordedRequest) => new URLSearchParams(r.query).get('resourceVersion') ?? '';

test('follows one Deployment: news once, resumed after a dropped stream, relisted after 410, backs off on errors, reports its deletion', async (t) => {
  const sandbox = await startSandboxProcess();
  t.after(() => sandbox.stop());
  const client = await sandboxClient(sandbox.kubeconfigPath);
  t.after(() => client.dispose());
  for (const name of ['quiet', 'other']) await client.transport.requestJson({ method: 'POST', path: collection, body: deployment(name) });
  // The controller writes the new Deployments' status once; start from whatever version that left.
  const opened = await client.getWorkload('Deployment', ns, 'quiet');

  const news = new NewsLog();
  const errors: unknown[] = [];
  const abort = new AbortController();
  const following = followWorkload(() => client.transport, 'Deployment', ns, 'quiet', {
    resourceVersion: rvOf(opened), signal: abort.signal, onNews: (n) => news.push(n), onError: (e) => errors.push(e), backoff: { baseMs: 1, maxMs: 5 },
  });
  t.after(() => abort.abort());
  const patch = (name: string, labels: Record<string, string>) => client.patchWorkload('Deployment', ns, name, { metadata: { labels } });

  // A change behind the caller's back is news; the other Deployment's is not.
  await patch('other', { step: 'ignored' });
  const first = await patch('quiet', { step: '1' });
  const one = await news.next((n) => label(n, 'step') === '1');
  assert.equal(one.type, 'changed');
  assert.equal(rvOf(one.object), rvOf(first));

  // The stream is cut: the next watch resumes from the last version seen, and nothing is replayed.
  await sandbox.admin.dropWatches();
  const second = await patch('quiet', { step: '2' });
  await news.next((n) => label(n, 'step') === '2');

  // History compacted past the resume point (another object's change, which the selector keeps
  // from us, moved the server on): the watch is Gone (410), the Deployment is listed again by
  // name, and the next watch starts from the list's version.
  await patch('other', { step: 'moves the server on' });
  await sandbox.admin.compact();
  await sandbox.admin.dropWatches();
  await patch('quiet', { step: '3' });
  await news.next((n) => label(n, 'step') === '3');

  // Reconnects that fail are reported and retried (with backoff) until one works.
  await sandbox.admin.faults({ count: 2, status: 500, method: 'GET', pathPrefix: collection });
  await sandbox.admin.dropWatches();
  await patch('quiet', { step: '4' });
  await news.next((n) => label(n, 'step') === '4');
  assert.equal(errors.filter((e) => e instanceof ApiError && e.code === 500).length, 2, String(errors));

  // The server logs a watch when it ends (the open one is not in the log yet). Whether the watch
  // after the list was open when the faults came is a race: it is either cut (200) or a 500.
  const log = (await sandbox.admin.requests()).filter((r) => r.method === 'GET' && r.path === collection);
  const watches = watchesIn(log);
  for (const w of watches) {
    const q = new URLSearchParams(w.query);
    assert.equal(q.get('fieldSelector'), 'metadata.name=quiet');
    assert.equal(q.get('allowWatchBookmarks'), 'true');
  }
  const [fromOpened, resumed, goneWatch] = watches;
  assert.equal(rvAsked(fromOpened), rvOf(opened), "the first watch starts from the caller's version");
  const seen = [rvOf(opened), ...news.all.map((n) => rvOf(n.object))];
  assert.ok(seen.includes(rvAsked(resumed)), `resumed from ${rvAsked(resumed)}, a version it saw (${seen.join(', ')})`);
  assert.ok(!isNewer(rvOf(first), rvAsked(resumed)) && isNewer(rvOf(second), rvAsked(resumed)), 'resumed after step 1, before step 2');
  assert.ok(!isNewer(rvOf(second), rvAsked(goneWatch)) && !goneWatch.aborted, 'the Gone watch resumed from the last version it saw');
  const lists = listsIn(log);
  assert.equal(lists.length, 1, 'only the 410 lists');
  assert.equal(new URLSearchParams(lists[0].query).get('fieldSelector'), 'metadata.name=quiet');
  assert.equal(log.indexOf(lists[0]), log.indexOf(goneWatch) + 1, 'Gone, then the list');
  const later = watches.slice(3);
  assert.ok(later.length >= 2 && later.every((w) => isNewer(rvAsked(w), rvAsked(goneWatch))), 'the watches after the list start from it, past the compaction');
  assert.equal(later.filter((w) => w.status === 500).length, 2);

  // Every version was news exactly once, in order.
  const rvs = news.all.map((n) => rvOf(n.object));
  for (let i = 1; i < rvs.length; i++) assert.ok(isNewer(rvs[i], rvs[i - 1]), `news out of order or repeated: ${rvs.join(', ')}`);
  assert.ok(news.all.every((n) => n.object?.metadata?.name === 'quiet'));

  await client.transport.requestJson({ method: 'DELETE', path: `${collection}/quiet` });
  const gone = await news.next((n) => n.type === 'deleted');
  assert.equal(gone.object?.metadata?.name, 'quiet');
  abort.abort();
  await following; // an abort ends the follow
});

test('an empty starting version lists first; a missing Deployment is reported deleted, and its creation is news', async (t) => {
  const sandbox = await startSandboxProcess();
  t.after(() => sandbox.stop());
  const client = await sandboxClient(sandbox.kubeconfigPath);
  t.after(() => client.dispose());
  const news = new NewsLog();
  const abort = new AbortController();
  const following = followWorkload(() => client.transport, 'Deployment', ns, 'later', { resourceVersion: '', signal: abort.signal, onNews: (n) => news.push(n), backoff: { baseMs: 1, maxMs: 5 } });
  t.after(() => abort.abort());
  assert.deepEqual(await news.next(() => true), { type: 'deleted' });
  await client.transport.requestJson({ method: 'POST', path: collection, body: deployment('later') });
  const created = await news.next((n) => n.type === 'changed');
  assert.equal(created.object?.metadata?.name, 'later');
  abort.abort();
  await following;
});
