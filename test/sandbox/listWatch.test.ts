// List and watch as reflectors use them: paging, selectors, Table answers, resumable watches,
// 410 Gone after compaction, and the status simulator's events; plus discovery negotiation.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSandboxProcess, type SandboxProcess } from '../support/sandboxProcess';
import { apiCall, readWatch } from './support/apiCall';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
let sb: SandboxProcess;

before(async () => { sb = await startSandboxProcess(['--pods', '120', '--status-delay', '20', '--bookmark-interval', '100']); });
after(async () => { await sb.stop(); });

test('paging with limit/continue returns every pod once, with remainingItemCount', async () => {
  const names: string[] = [];
  let cont = '';
  let pages = 0;
  let firstRv = '';
  do {
    const res = await apiCall(sb, 'GET', `/api/v1/pods?limit=50${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
    assert.equal(res.status, 200);
    if (!pages) {
      firstRv = res.json.metadata.resourceVersion;
      assert.equal(res.json.metadata.remainingItemCount, 71);
    } else assert.equal(res.json.metadata.resourceVersion, firstRv);
    names.push(...res.json.items.map((p: any) => `${p.metadata.namespace}/${p.metadata.name}`));
    cont = res.json.metadata.continue ?? '';
    pages++;
  } while (cont);
  assert.equal(pages, 3);
  assert.equal(names.length, 121);
  assert.equal(new Set(names).size, 121);
  assert.deepEqual(names, [...names].sort());
});

test('label and field selectors filter per namespace and across namespaces', async () => {
  const web = await apiCall(sb, 'GET', '/api/v1/pods?labelSelector=' + encodeURIComponent('app=web,tier in (frontend)'));
  assert.ok(web.json.items.length > 0);
  assert.ok(web.json.items.every((p: any) => p.metadata.labels.app === 'web' && p.metadata.labels.tier === 'frontend'));
  const byName = await apiCall(sb, 'GET', '/api/v1/namespaces/namespace-test/pods?fieldSelector=metadata.name%3Dpod-test');
  assert.deepEqual(byName.json.items.map((p: any) => p.metadata.name), ['pod-test']);
  const notRunning = await apiCall(sb, 'GET', '/api/v1/pods?fieldSelector=status.phase!%3DRunning');
  assert.ok(notRunning.json.items.length > 0 && notRunning.json.items.every((p: any) => p.status.phase !== 'Running'));
  const bad = await apiCall(sb, 'GET', '/api/v1/pods?fieldSelector=spec.image%3Dx');
  assert.equal(bad.status, 400);
  assert.equal(bad.json.message, 'field label not supported: spec.image');
});

test('a Table answer has the upstream pod columns and PartialObjectMetadata rows', async () => {
  const res = await apiCall(sb, 'GET', '/api/v1/namespaces/namespace-test/pods?limit=500', { accept: TABLE });
  assert.equal(res.json.kind, 'Table');
  assert.equal(res.json.apiVersion, 'meta.k8s.io/v1');
  assert.deepEqual(res.json.columnDefinitions.map((c: any) => `${c.name}:${c.priority}`),
    ['Name:0', 'Ready:0', 'Status:0', 'Restarts:0', 'Age:0', 'IP:1', 'Node:1', 'Nominated Node:1', 'Readiness Gates:1']);
  const row = res.json.rows.find((r: any) => r.cells[0] === 'pod-test');
  assert.deepEqual(row.cells.slice(0, 4), ['pod-test', '0/1', 'ErrImagePull', '0']);
  assert.equal(row.object.kind, 'PartialObjectMetadata');
  assert.equal(row.object.metadata.name, 'pod-test');
});

test('discovery declines aggregated discovery like a plain server and serves the OpenAPI v3 pod schema', async () => {
  const aggregatedOnly = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
  assert.equal((await apiCall(sb, 'GET', '/api', { accept: aggregatedOnly })).status, 406);
  const plain = await apiCall(sb, 'GET', '/api', { accept: `${aggregatedOnly},application/json` });
  assert.equal(plain.json.kind, 'APIVersions');
  const resources = await apiCall(sb, 'GET', '/api/v1');
  const pods = resources.json.resources.find((r: any) => r.name === 'pods');
  assert.deepEqual([pods.kind, pods.namespaced, pods.shortNames], ['Pod', true, ['po']]);
  const root = await apiCall(sb, 'GET', '/openapi/v3');
  const doc = await apiCall(sb, 'GET', root.json.paths['api/v1'].serverRelativeURL);
  const patch = doc.json.paths['/api/v1/namespaces/{namespace}/pods/{name}'].patch;
  assert.ok(patch.parameters.some((p: any) => p.name === 'fieldValidation'));
  assert.deepEqual(doc.json.components.schemas['io.k8s.api.core.v1.Pod']['x-kubernetes-group-version-kind'], [{ group: '', version: 'v1', kind: 'Pod' }]);
});

test('a watch from a list resourceVersion sees a created pod go Pending → Running, then its deletion', async () => {
  const list = await apiCall(sb, 'GET', '/api/v1/namespaces/namespace-test/pods');
  const rv = list.json.metadata.resourceVersion;
  const watching = readWatch(sb, `/api/v1/namespaces/namespace-test/pods?watch=1&resourceVersion=${rv}`,
    (e) => e.type === 'DELETED' && e.object.metadata.name === 'life');
  const created = await apiCall(sb, 'POST', '/api/v1/namespaces/namespace-test/pods', {
    body: { metadata: { name: 'life' }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } },
  });
  assert.equal(created.status, 201);
  // Wait for Running through a second watch, then delete with a grace period.
  await readWatch(sb, '/api/v1/namespaces/namespace-test/pods?watch=1&fieldSelector=metadata.name%3Dlife',
    (e) => e.object.status?.phase === 'Running');
  const deleted = await apiCall(sb, 'DELETE', '/api/v1/namespaces/namespace-test/pods/life');
  assert.equal(deleted.status, 200);
  assert.ok(deleted.json.metadata.deletionTimestamp);
  const events = (await watching).filter((e) => e.object.metadata.name === 'life');
  assert.equal(events[0].type, 'ADDED');
  const phases = events.map((e) => e.object.status.containerStatuses?.[0]?.state ? Object.keys(e.object.status.containerStatuses[0].state)[0] : e.object.status.phase);
  assert.deepEqual(phases.slice(0, 3), ['Pending', 'waiting', 'running']);
  assert.equal(events.at(-1)!.type, 'DELETED');
  const rvs = events.map((e) => Number(e.object.metadata.resourceVersion));
  assert.deepEqual(rvs, [...rvs].sort((a, b) => a - b), 'resourceVersions increase');
});

test('an image change restarts the container; a does-not-exist image goes to ErrImagePull', async () => {
  const name = 'web-00000';
  const ns = 'sandbox-0';
  const path = `/api/v1/namespaces/${ns}/pods/${name}`;
  const patched = await apiCall(sb, 'PATCH', path, { body: { spec: { containers: [{ name: 'web', image: 'registry.example/web:2.0.0' }] } }, contentType: 'application/strategic-merge-patch+json' });
  assert.equal(patched.status, 200, patched.text);
  const restarted = await readWatch(sb, `/api/v1/namespaces/${ns}/pods?watch=1&fieldSelector=metadata.name%3D${name}`,
    (e) => e.object.status.containerStatuses[0].image === 'registry.example/web:2.0.0');
  const cs = restarted.at(-1)!.object.status.containerStatuses[0];
  assert.equal(cs.restartCount, 1);
  assert.ok(cs.state.running);
  assert.equal(cs.lastState.terminated.reason, 'Completed');
  await apiCall(sb, 'PATCH', path, { body: { spec: { containers: [{ name: 'web', image: 'registry.example/web:does-not-exist' }] } }, contentType: 'application/strategic-merge-patch+json' });
  const failed = await readWatch(sb, `/api/v1/namespaces/${ns}/pods?watch=1&fieldSelector=metadata.name%3D${name}`,
    (e) => e.object.status.containerStatuses[0].state.waiting?.reason === 'ErrImagePull');
  const last = failed.at(-1)!.object;
  assert.equal(last.status.containerStatuses[0].ready, false);
  assert.equal(last.status.conditions.find((c: any) => c.type === 'Ready').status, 'False');
});

test('a watch from a compacted resourceVersion gets one 410 Expired ERROR event', async () => {
  const list = await apiCall(sb, 'GET', '/api/v1/namespaces/namespace-test/pods');
  await sb.admin.touch('namespace-test', 'pod-test');
  await sb.admin.compact();
  const events = await readWatch(sb, `/api/v1/namespaces/namespace-test/pods?watch=1&resourceVersion=${list.json.metadata.resourceVersion}`, () => false);
  assert.equal(events.length, 1);
  assert.equal(events[0].type, 'ERROR');
  assert.equal(events[0].object.kind, 'Status');
  assert.equal(events[0].object.code, 410);
  assert.equal(events[0].object.reason, 'Expired');
  assert.match(events[0].object.message, /^too old resource version: \d+ \(\d+\)$/);
});

test('watch with the Table Accept header sends Table rows, columns only in the first event', async () => {
  const events = await readWatch(sb, '/api/v1/namespaces/namespace-test/pods?watch=true', (_e, all) => all.length >= 1, { accept: TABLE });
  assert.equal(events[0].type, 'ADDED');
  assert.equal(events[0].object.kind, 'Table');
  assert.equal(events[0].object.columnDefinitions.length, 9);
  assert.equal(events[0].object.rows.length, 1);
});

test('label-selected watches turn a pod leaving the selection into DELETED', async () => {
  await apiCall(sb, 'PATCH', '/api/v1/namespaces/sandbox-0/pods/api-00003', { body: { metadata: { labels: { watched: 'yes' } } }, contentType: 'application/merge-patch+json' });
  const rv = (await apiCall(sb, 'GET', '/api/v1/pods?labelSelector=watched%3Dyes')).json.metadata.resourceVersion;
  const watching = readWatch(sb, `/api/v1/pods?watch=1&labelSelector=watched%3Dyes&resourceVersion=${rv}`, (e) => e.type === 'DELETED');
  await apiCall(sb, 'PATCH', '/api/v1/namespaces/sandbox-0/pods/api-00003', { body: { metadata: { labels: { watched: null } } }, contentType: 'application/merge-patch+json' });
  const events = await watching;
  assert.equal(events.at(-1)!.type, 'DELETED');
  assert.equal(events.at(-1)!.object.metadata.name, 'api-00003');
});

test('reset goes back to the initial pods through ordinary watch events, keeping untouched resourceVersions', async () => {
  const before = await apiCall(sb, 'GET', '/api/v1/namespaces/sandbox-2/pods');
  const untouched = before.json.items[0];
  const extra = await apiCall(sb, 'POST', '/api/v1/namespaces/namespace-test/pods', { body: { metadata: { name: 'extra' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } });
  assert.equal(extra.status, 201, extra.text);
  const changed = await apiCall(sb, 'PATCH', '/api/v1/namespaces/namespace-test/pods/pod-test', { body: { metadata: { labels: { name: 'changed' } } }, contentType: 'application/merge-patch+json' });
  assert.equal(changed.status, 200, changed.text);
  const rv = (await apiCall(sb, 'GET', '/api/v1/namespaces/namespace-test/pods')).json.metadata.resourceVersion;
  const watching = readWatch(sb, `/api/v1/namespaces/namespace-test/pods?watch=1&resourceVersion=${rv}`,
    (_e, all) => all.some((e) => e.type === 'DELETED') && all.some((e) => e.type === 'MODIFIED' && e.object.metadata.labels?.name === 'pod-test'));
  await sb.admin.reset();
  const events = await watching;
  const summary = JSON.stringify(events.map((e) => [e.type, e.object.metadata?.name, e.object.metadata?.resourceVersion]));
  assert.ok(events.some((e) => e.type === 'DELETED' && e.object.metadata.name === 'extra'), summary);
  const after = await apiCall(sb, 'GET', `/api/v1/namespaces/sandbox-2/pods/${untouched.metadata.name}`);
  assert.equal(after.json.metadata.resourceVersion, untouched.metadata.resourceVersion, `${untouched.metadata.name} was not changed, so it keeps its resourceVersion`);
});

test('allowWatchBookmarks sends BOOKMARK events with the current resourceVersion; timeoutSeconds ends the stream cleanly', async () => {
  const list = await apiCall(sb, 'GET', '/api/v1/namespaces/namespace-test/pods');
  const events = await readWatch(sb, `/api/v1/namespaces/namespace-test/pods?watch=1&allowWatchBookmarks=true&timeoutSeconds=1&resourceVersion=${list.json.metadata.resourceVersion}`, () => false);
  const bookmarks = events.filter((e) => e.type === 'BOOKMARK');
  assert.ok(bookmarks.length >= 1, JSON.stringify(events));
  assert.equal(bookmarks[0].object.kind, 'Pod');
  assert.ok(Number(bookmarks[0].object.metadata.resourceVersion) >= Number(list.json.metadata.resourceVersion));
  assert.ok(events.every((e) => e.type === 'BOOKMARK'), 'nothing changed in the namespace meanwhile');
});
