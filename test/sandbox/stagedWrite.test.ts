// Staged writes (src/sandbox/stagedWrite.ts, issue 13): a big PUT/PATCH yields to the event loop
// between stages, so writes to one pod queue in order, a writer that lands between stages is not
// overwritten, and resourceVersions and watch events keep one order whatever the interleaving.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyedWriteQueue, runStepsYielding, type WriteSteps } from '../../src/sandbox/stagedWrite';
import { ResourceStore, RvClock, type StoredObject } from '../../src/sandbox/resourceStore';
import { seedPod } from '../../src/sandbox/seedPods';
import { updatePodSteps } from '../../src/sandbox/podUpdate';
import { startSandboxProcess, type SandboxProcess } from '../support/sandboxProcess';
import { apiCall, readWatch } from './support/apiCall';

const POD = '/api/v1/namespaces/namespace-test/pods/pod-test';
const MERGE = 'application/merge-patch+json';

test('writes to one key run one after the other in the order queued, however many turns each takes; other keys interleave', async () => {
  const queue = new KeyedWriteQueue();
  const log: string[] = [];
  const write = (name: string, turns: number) => async () => {
    log.push(`${name} start`);
    await runStepsYielding(function* (): WriteSteps<void> { for (let i = 0; i < turns; i++) yield; });
    log.push(`${name} end`);
    if (name === 'a2') throw new Error('a failed write does not block the queue');
  };
  const done = Promise.allSettled([
    queue.run('a', write('a1', 20)), queue.run('a', write('a2', 1)), queue.run('a', write('a3', 5)), queue.run('b', write('b1', 1)),
  ]);
  const results = await done;
  assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
  const a = log.filter((l) => l.startsWith('a'));
  assert.deepEqual(a, ['a1 start', 'a1 end', 'a2 start', 'a2 end', 'a3 start', 'a3 end']);
  assert.ok(log.indexOf('b1 end') < log.indexOf('a1 end'), `b does not wait for a: ${log.join(', ')}`);
  assert.equal(queue.busyKeys, 0);
});

test('a staged update redoes itself from the stored pod when another writer changed it between stages', async () => {
  const store = new ResourceStore(new RvClock());
  store.load([seedPod() as StoredObject]);
  const old = store.get('namespace-test', 'pod-test')!;
  const next = { ...old, metadata: { ...old.metadata, labels: { ...(old.metadata.labels as object), staged: 'yes' } } };
  const opts = { profile: 'kubernetes' as const, dryRun: false, fieldValidation: 'Warn' as const };
  let stages = 0;
  const result = runStepsYielding(function* () {
    // The redo reads the pod again and applies the same change to it, as a PATCH does.
    const current = store.get('namespace-test', 'pod-test')!;
    const patched = { ...current, metadata: { ...current.metadata, labels: { ...(current.metadata.labels as object), staged: 'yes' } } };
    stages++;
    return yield* updatePodSteps(store, 'namespace-test', 'pod-test', stages === 1 ? next : patched, opts, current);
  });
  // Another writer (the status simulator, an admin touch, a DELETE) runs between two stages.
  await new Promise<void>((resolve) => setImmediate(resolve));
  const touched = store.put({ ...old, metadata: { ...old.metadata, annotations: { touched: '1' } } });
  const { pod } = await result;
  assert.equal(stages, 2, 'the stale commit was redone');
  assert.equal((pod.metadata.labels as Record<string, string>).staged, 'yes');
  assert.deepEqual(pod.metadata.annotations, { touched: '1' }, 'the other writer\'s change is kept');
  assert.ok(Number(pod.metadata.resourceVersion) > Number(touched.metadata.resourceVersion));
});

let sb: SandboxProcess;
before(async () => { sb = await startSandboxProcess(['--pods', '200']); });
after(async () => { await sb.stop(); });

test('concurrent big and small PATCHes and admin touches of one pod: every acknowledged write is kept, resourceVersions and watch events in one order', async () => {
  const start = await apiCall(sb, 'GET', POD);
  const fromRv = start.json.metadata.resourceVersion as string;
  const bigLabels = (i: number) => Object.fromEntries(Array.from({ length: 5_000 }, (_, j) => [`b${i}-${j}`, 'v']));
  const writes: Promise<{ what: string; rv: number; pod: any }>[] = [];
  for (let i = 0; i < 30; i++) {
    const body = i % 10 === 0 ? { metadata: { labels: bigLabels(i / 10) } } : { metadata: { labels: { small: String(i) } } };
    writes.push(apiCall(sb, 'PATCH', POD, { body, contentType: MERGE }).then((r) => {
      assert.equal(r.status, 200, r.text.slice(0, 300));
      return { what: `patch ${i}`, rv: Number(r.json.metadata.resourceVersion), pod: r.json };
    }));
    if (i % 6 === 3) writes.push(sb.admin.touch('namespace-test', 'pod-test').then((pod: any) => ({ what: `touch ${i}`, rv: Number(pod.metadata.resourceVersion), pod })));
  }
  const acked = await Promise.all(writes);
  const rvs = acked.map((w) => w.rv);
  assert.equal(new Set(rvs).size, rvs.length, `one resourceVersion per write: ${rvs.join(', ')}`);
  const last = Math.max(...rvs);

  const events = await readWatch(sb, `/api/v1/namespaces/namespace-test/pods?watch=1&fieldSelector=metadata.name%3Dpod-test&resourceVersion=${fromRv}`,
    (e) => Number(e.object.metadata.resourceVersion) >= last);
  const eventRvs = events.map((e) => Number(e.object.metadata.resourceVersion));
  for (let i = 1; i < eventRvs.length; i++) assert.ok(eventRvs[i] > eventRvs[i - 1], `watch order: ${eventRvs.join(', ')}`);
  const byRv = new Map(events.map((e) => [Number(e.object.metadata.resourceVersion), e.object]));
  for (const w of acked) {
    const seen = byRv.get(w.rv);
    assert.ok(seen, `${w.what} (rv ${w.rv}) is in the watch`);
    assert.deepEqual(seen.metadata.labels, w.pod.metadata.labels, `${w.what}: the watch event is the acknowledged object`);
  }

  const final = (await apiCall(sb, 'GET', POD)).json;
  assert.equal(Number(final.metadata.resourceVersion), last);
  for (let i = 0; i < 3; i++) assert.equal(final.metadata.labels[`b${i}-4999`], 'v', `big write ${i} was not lost`);
  const lastSmall = acked.filter((w) => w.what.startsWith('patch') && w.pod.metadata.labels.small !== undefined).sort((a, b) => b.rv - a.rv)[0];
  assert.equal(final.metadata.labels.small, lastSmall.pod.metadata.labels.small);
  const lastTouch = acked.filter((w) => w.what.startsWith('touch')).sort((a, b) => b.rv - a.rv)[0];
  assert.deepEqual(final.metadata.annotations, { ...final.metadata.annotations, ...lastTouch.pod.metadata.annotations }, 'the last touch is kept');
});
