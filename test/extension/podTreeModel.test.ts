// The pod tree's vscode-free pieces: kubectl-like row summaries, the model kept current from watch
// batches, refresh planning and the throttle, and the pod document's YAML rendering.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { Pod } from '../../src/core/pod';
import { summarizePod, type PodSummary } from '../../src/core/podSummary';
import { describePod, humanAge, podIconKind, podStatusText } from '../../src/vscode/tree/podRow';
import { PodTreeModel } from '../../src/vscode/tree/podTreeModel';
import { pageRanges, planRefresh, podsPerPage, RefreshThrottle } from '../../src/vscode/tree/podTreeRefresh';
import { pagedChildren, pageOf, pageRow, podsOnPage } from '../../src/vscode/tree/podPages';
import { renderPodYaml } from '../../src/vscode/documents/podYaml';

function wholePod(name: string, ns = 'default', extra: Partial<Pod> = {}, rv = '1'): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, resourceVersion: rv, creationTimestamp: '2026-01-01T00:00:00Z' }, spec: { containers: [{ name: 'c', image: 'nginx' }] }, ...extra };
}

/** The tree holds what the watch cache's transform made of a pod: its summary. */
function pod(name: string, ns = 'default', extra: Partial<Pod> = {}, rv = '1'): PodSummary {
  return summarizePod(wholePod(name, ns, extra, rv));
}

test('summaries follow kubectl: waiting reasons win over the phase, Terminating over all', () => {
  const crash = pod('a', 'ns', { status: { phase: 'Running', containerStatuses: [{ ready: false, restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } } }] } });
  assert.equal(podStatusText(crash), 'CrashLoopBackOff');
  assert.equal(podIconKind(crash), 'warning');
  assert.equal(crash.restarts, 4);
  assert.equal(`${crash.ready}/${crash.total}`, '0/1');
  const running = pod('b', 'ns', { status: { phase: 'Running', podIP: '10.0.0.1', containerStatuses: [{ ready: true, state: { running: {} } }] } });
  assert.deepEqual([podStatusText(running), podIconKind(running), running.ip], ['Running', 'running', '10.0.0.1']);
  const init = pod('c', 'ns', { spec: { initContainers: [{ name: 'i1' }, { name: 'i2' }], containers: [{ name: 'c', image: 'nginx' }] }, status: { phase: 'Pending', initContainerStatuses: [{ state: { waiting: { reason: 'PodInitializing' } } }, { state: {} }] } });
  assert.equal(podStatusText(init), 'Init:0/2');
  const done = pod('d', 'ns', { status: { phase: 'Succeeded' } });
  assert.deepEqual([podStatusText(done), podIconKind(done)], ['Completed', 'succeeded']);
  const gone = pod('e', 'ns', { metadata: { name: 'e', namespace: 'ns', deletionTimestamp: '2026-01-01T00:00:00Z' }, status: { phase: 'Running' } });
  assert.deepEqual([podStatusText(gone), podIconKind(gone)], ['Terminating', 'terminating']);
  const owned = pod('f', 'ns', { metadata: { name: 'f', namespace: 'ns', ownerReferences: [{ kind: 'ReplicaSet', name: 'web-1', controller: true }] } });
  assert.deepEqual(owned.owner, { kind: 'ReplicaSet', name: 'web-1' });
  assert.match(describePod(owned), / · by ReplicaSet$/);
});

test('row functions over the summary: icon and STATUS for not-ready, pending, failed, stuck init and phaseless pods; the description', () => {
  const halfReady = pod('a', 'ns', { spec: { containers: [{ name: 'a' }, { name: 'b' }] }, status: { phase: 'Running', containerStatuses: [{ name: 'a', ready: true, state: { running: {} } }, { name: 'b', ready: false, state: { running: {} } }] } });
  assert.deepEqual([podStatusText(halfReady), podIconKind(halfReady)], ['Running', 'notReady']);
  const pending = pod('b', 'ns', { status: { phase: 'Pending' } });
  assert.deepEqual([podStatusText(pending), podIconKind(pending)], ['Pending', 'pending']);
  const pullFailed = pod('c', 'ns', { status: { phase: 'Failed', containerStatuses: [{ name: 'c', state: { waiting: { reason: 'ErrImagePull' } } }] } });
  assert.deepEqual([podStatusText(pullFailed), podIconKind(pullFailed)], ['ErrImagePull', 'failed']);
  const initStuck = pod('d', 'ns', { spec: { initContainers: [{ name: 'i' }], containers: [{ name: 'c' }] }, status: { phase: 'Pending', initContainerStatuses: [{ name: 'i', state: { waiting: { reason: 'ImagePullBackOff' } } }] } });
  assert.deepEqual([podStatusText(initStuck), podIconKind(initStuck)], ['Init:ImagePullBackOff', 'warning']);
  const phaseless = summarizePod({ metadata: { name: 'e', namespace: 'ns' } });
  assert.deepEqual([podStatusText(phaseless), podIconKind(phaseless), humanAge(phaseless.createdAt)], ['Unknown', 'unknown', '<unknown>']);
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  const once = pod('f', 'ns', { status: { phase: 'Running', containerStatuses: [{ name: 'c', ready: true, restartCount: 1, state: { running: {} } }] } });
  assert.equal(describePod(once, t0 + 300_000), 'Running · 1/1 · 1 restart · 5m');
});

test('ages read like kubectl', () => {
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  const at = (s: number) => humanAge(t0, t0 + s * 1000);
  assert.deepEqual([at(5), at(119), at(150), at(600), at(3 * 3600 + 60), at(30 * 3600), at(3 * 86400 + 3600), at(400 * 86400)], ['5s', '119s', '2m30s', '10m', '3h1m', '30h', '3d1h', '400d']);
  assert.equal(humanAge(NaN), '<unknown>');
  assert.equal(humanAge(0), '<unknown>', 'a summary without creationTimestamp has createdAt 0');
});

test('the model applies batches: in-place row changes, membership changes, namespaces appearing and going', () => {
  const model = new PodTreeModel();
  model.reset([pod('b'), pod('a'), pod('x', 'other')]);
  assert.deepEqual(model.namespaceList(), ['default', 'other']);
  assert.deepEqual(model.pods('default').map((s) => s.name), ['a', 'b']);

  const modified = model.apply({ added: [], modified: [pod('a', 'default', {}, '2')], deleted: [] });
  assert.deepEqual([...modified.membership], []);
  assert.deepEqual(modified.rows.map((s) => s.resourceVersion), ['2']);
  assert.equal(model.get('default', 'a')?.resourceVersion, '2');

  const grown = model.apply({ added: [pod('aa'), pod('new', 'third')], modified: [], deleted: [pod('x', 'other')] });
  assert.deepEqual([...grown.membership].sort(), ['default', 'other', 'third']);
  assert.equal(grown.namespaceList, true);
  assert.deepEqual(model.namespaceList(), ['default', 'third']);
  assert.deepEqual(model.pods('default').map((s) => s.name), ['a', 'aa', 'b']);
  assert.deepEqual(model.pods('default', 'A').map((s) => s.name), ['a', 'aa']);
  // A deletion of something never seen changes nothing.
  assert.deepEqual([...model.apply({ added: [], modified: [], deleted: [pod('ghost')] }).membership], []);
});

test('the sorted rows stay sorted through many random adds and deletes', () => {
  const model = new PodTreeModel();
  const names = new Set<string>();
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 2000; i++) {
    const name = `p-${Math.floor(rand() * 500)}`;
    if (names.has(name) && rand() < 0.5) { names.delete(name); model.apply({ added: [], modified: [], deleted: [pod(name)] }); }
    else { names.add(name); model.apply({ added: [pod(name)], modified: [], deleted: [] }); }
  }
  assert.deepEqual(model.pods('default').map((s) => s.name), [...names].sort());
});

test('refresh planning names changed rows the view has shown, namespaces whose membership changed, and the context for new namespaces', () => {
  const model = new PodTreeModel();
  model.reset([pod('a'), pod('b'), pod('z', 'shut')]);
  const change = model.apply({ added: [pod('n', 'fresh')], modified: [pod('a', 'default', {}, '5'), pod('z', 'shut', {}, '5')], deleted: [] });
  const targets = planRefresh('ctx', change, { filtering: false, isResolved: (ns) => ns === 'default' });
  assert.deepEqual(targets, [
    { kind: 'context', context: 'ctx' },
    { kind: 'namespace', context: 'ctx', namespace: 'fresh' },
    { kind: 'pod', context: 'ctx', namespace: 'default', name: 'a' },
  ]);
  const many = { membership: new Set<string>(), namespaceList: false, rows: Array.from({ length: 201 }, (_, i) => pod(`p${i}`)) };
  assert.deepEqual(planRefresh('ctx', many, { filtering: false, isResolved: () => true }), [{ kind: 'namespace', context: 'ctx', namespace: 'default' }]);
});

test('pages cover a big namespace in order without gaps', () => {
  assert.deepEqual(pageRanges(3), [[0, 3]]);
  const pages = pageRanges(podsPerPage * 2 + 1);
  assert.deepEqual(pages, [[0, podsPerPage], [podsPerPage, 2 * podsPerPage], [2 * podsPerPage, 2 * podsPerPage + 1]]);
});

test("an owner group's pods page like a namespace's: same size, name order, page rows, and the page a pod sits on", () => {
  const model = new PodTreeModel();
  // Deployment web's pods interleaved (by name) with loose pods and another owner's: the group is
  // the namespace's sorted list filtered, as the provider makes it.
  const count = podsPerPage * 2 + 5;
  const web = Array.from({ length: count }, (_, i) => pod(`web-${String(i).padStart(5, '0')}`, 'shop', { metadata: { name: `web-${String(i).padStart(5, '0')}`, namespace: 'shop', ownerReferences: [{ kind: 'ReplicaSet', name: 'web-5d8', controller: true }] } }));
  model.reset([...web.reverse(), pod('web-00001x', 'shop'), pod('api-1', 'shop', { metadata: { name: 'api-1', namespace: 'shop', ownerReferences: [{ kind: 'ReplicaSet', name: 'api-7', controller: true }] } })]);
  const group = model.pods('shop').filter((s) => s.owner?.name === 'web-5d8');
  assert.equal(group.length, count);
  const children = pagedChildren(group, (s) => `pod ${s.name}`, (i) => `page ${i}`);
  assert.deepEqual(children, ['page 0', 'page 1', 'page 2']);
  assert.deepEqual(pageRow(group, 0), { label: `web-00000 … web-${String(podsPerPage - 1).padStart(5, '0')}`, description: `${podsPerPage} pods` });
  assert.deepEqual(pageRow(group, 2), { label: `web-${String(2 * podsPerPage).padStart(5, '0')} … web-${String(count - 1).padStart(5, '0')}`, description: '5 pods' });
  assert.deepEqual(pageRow(group, 3), { label: '(empty)', description: '0 pods' }, 'a page the list shrank below');
  assert.equal(pageRow(group.slice(0, podsPerPage + 1), 1).description, '1 pod');
  assert.deepEqual(podsOnPage(group, 1).map((s) => s.name), group.slice(podsPerPage, 2 * podsPerPage).map((s) => s.name));
  // Every pod is on the page whose rows list it.
  for (const i of [0, 1, podsPerPage - 1, podsPerPage, 2 * podsPerPage, count - 1]) {
    const page = pageOf(group, group[i].name)!;
    assert.ok(podsOnPage(group, page).includes(group[i]), `${group[i].name} on page ${page}`);
  }
  assert.equal(pageOf(group, 'web-00001x'), undefined, 'a pod outside the group');
  assert.equal(pageOf(group, 'zzz'), undefined);
  // A group that fits on one page lists its pods directly, and they sit directly under it.
  const small = group.slice(0, 3);
  assert.deepEqual(pagedChildren(small, (s) => s.name, (i) => `page ${i}`), ['web-00000', 'web-00001', 'web-00002']);
  assert.equal(pageOf(small, 'web-00001'), undefined);
  assert.equal(pagedChildren(group.slice(0, podsPerPage), (s) => s.name, (i) => `page ${i}`).length, podsPerPage, 'exactly one page: no page node');
});

test('a flood of changed rows refreshes their owner groups when grouped, not whole namespaces', () => {
  const rows = Array.from({ length: 201 }, (_, i) => pod(`p${i}`, i < 150 ? 'shop' : 'tools'));
  const change = { membership: new Set<string>(), namespaceList: false, rows };
  const ownerGroupOf = (s: PodSummary) => (s.namespace === 'shop' ? { kind: 'Deployment', name: Number(s.name.slice(1)) % 2 ? 'web' : 'api' } : undefined);
  assert.deepEqual(planRefresh('ctx', change, { filtering: false, isResolved: () => true, ownerGroupOf }), [
    { kind: 'owner', context: 'ctx', namespace: 'shop', ownerKind: 'Deployment', ownerName: 'api' },
    { kind: 'owner', context: 'ctx', namespace: 'shop', ownerKind: 'Deployment', ownerName: 'web' },
    { kind: 'namespace', context: 'ctx', namespace: 'tools' },
  ]);
  // A namespace with loose pods among them is refreshed whole, which takes its owner groups along.
  const someLoose = (s: PodSummary) => (s.name === 'p0' ? undefined : { kind: 'Deployment', name: 'web' });
  assert.deepEqual(planRefresh('ctx', { ...change, rows: rows.slice(0, 150).concat(rows.slice(0, 60).map((s) => ({ ...s, name: `${s.name}b` }))) }, { filtering: false, isResolved: () => true, ownerGroupOf: someLoose }), [
    { kind: 'namespace', context: 'ctx', namespace: 'shop' },
  ]);
  // Membership changes still refresh the namespace: its pod count changes, and maybe its owners.
  const grown = { membership: new Set(['shop']), namespaceList: false, rows: [] };
  assert.deepEqual(planRefresh('ctx', grown, { filtering: false, isResolved: () => true, ownerGroupOf }), [{ kind: 'namespace', context: 'ctx', namespace: 'shop' }]);
});

test('the refresh throttle delivers a burst as one refresh, and a full refresh supersedes rows', async () => {
  const deliveries: (string[] | 'all')[] = [];
  let resolveNext: () => void = () => undefined;
  const throttle = new RefreshThrottle<string>((items) => { deliveries.push(items); resolveNext(); }, 30);
  const next = () => new Promise<void>((r) => { resolveNext = r; });
  let got = next();
  throttle.add(['a', 'b']);
  throttle.add(['b', 'c']);
  await got;
  assert.deepEqual(deliveries, [['a', 'b', 'c']]);
  got = next();
  throttle.add(['d']);
  throttle.addAll(); // a full refresh supersedes the rows gathered with it
  await got;
  assert.deepEqual(deliveries, [['a', 'b', 'c'], 'all']);
  throttle.dispose();
});

test('a pod document leaves managedFields out, keeps status under a read-only note, and names the owner', () => {
  const live = wholePod('web-1', 'shop', {
    metadata: { name: 'web-1', namespace: 'shop', resourceVersion: '9', managedFields: [{ manager: 'kubectl' }], ownerReferences: [{ kind: 'ReplicaSet', name: 'web-5d8', controller: true }] },
    status: { phase: 'Running' },
  });
  const text = renderPodYaml(live, 'prod');
  assert.doesNotMatch(text, /managedFields/);
  assert.match(text, /^# Pod shop\/web-1 in context prod\. Saving patches the live pod/m);
  assert.match(text, /^# Controlled by ReplicaSet\/web-5d8: it replaces this pod from its own pod$/m);
  assert.match(text, /^# status is read-only: .*\nstatus:\n {2}phase: Running$/m);
  const parsed = parse(text) as Pod;
  assert.deepEqual(Object.keys(parsed), ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  assert.equal(parsed.metadata?.resourceVersion, '9');
});
