// Fault injection, the request log, dropped watches, TLS with a bearer token, and the state file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { parse as parseYaml } from 'yaml';
import { startSandboxProcess } from '../support/sandboxProcess';
import { apiCall, readWatch } from './support/apiCall';

const POD = '/api/v1/namespaces/namespace-test/pods/pod-test';

test('faults: 503 with Retry-After, 429, 500, a connection reset and a stall hit only matching requests', async (t) => {
  const sb = await startSandboxProcess();
  t.after(() => sb.stop());
  await sb.admin.faults({ count: 1, status: 503, retryAfter: 2, method: 'GET', pathPrefix: '/api/v1/namespaces/namespace-test' });
  assert.equal((await apiCall(sb, 'GET', '/version')).status, 200, 'a non-matching path is served');
  const unavailable = await apiCall(sb, 'GET', POD);
  assert.equal(unavailable.status, 503);
  assert.equal(unavailable.headers['retry-after'], '2');
  assert.equal(unavailable.json.reason, 'ServiceUnavailable');
  assert.equal((await apiCall(sb, 'GET', POD)).status, 200, 'count 1 means one request');

  await sb.admin.faults({ count: 2, status: 429, retryAfter: 1 });
  assert.equal((await apiCall(sb, 'GET', POD)).json.reason, 'TooManyRequests');
  assert.equal((await apiCall(sb, 'GET', POD)).status, 429);
  await sb.admin.faults({ count: 1, status: 500, method: 'PATCH' });
  const failed = await apiCall(sb, 'PATCH', POD, { body: { metadata: { labels: { a: 'b' } } }, contentType: 'application/merge-patch+json' });
  assert.equal(failed.status, 500);
  assert.equal(failed.json.reason, 'InternalError');

  await sb.admin.faults({ count: 1, reset: true });
  await assert.rejects(apiCall(sb, 'GET', POD));
  await sb.admin.faults({ count: 1, stallMs: 50 });
  assert.equal((await apiCall(sb, 'GET', POD)).status, 200);

  const log = await sb.admin.requests();
  const patches = log.filter((r) => r.method === 'PATCH');
  assert.deepEqual(patches.map((r) => [r.path, r.contentType, r.status]), [[POD, 'application/merge-patch+json', 500]]);
  assert.ok(log.every((r) => !r.path.startsWith('/_podpatch/')));
});

test('faults: a 422 with one cause on the given field, and a 400, as a server with rules of its own answers', async (t) => {
  const sb = await startSandboxProcess();
  t.after(() => sb.stop());
  await sb.admin.faults({ count: 1, status: 422, method: 'PATCH', pathPrefix: `${POD}/resize`, field: 'spec.containers[0].resources.limits', message: 'no resizes here' });
  const body = { spec: { containers: [{ name: 'test', resources: { limits: { memory: '2Gi' } } }] } };
  const invalid = await apiCall(sb, 'PATCH', `${POD}/resize`, { body, contentType: 'application/strategic-merge-patch+json' });
  assert.equal(invalid.status, 422);
  assert.equal(invalid.json.message, 'Pod "pod-test" is invalid: spec.containers[0].resources.limits: Forbidden: no resizes here');
  assert.deepEqual(invalid.json.details.causes, [{ reason: 'FieldValueForbidden', message: 'Forbidden: no resizes here', field: 'spec.containers[0].resources.limits' }]);
  await sb.admin.faults({ count: 1, status: 400, message: 'the node pool does not resize' });
  const bad = await apiCall(sb, 'GET', POD);
  assert.deepEqual([bad.status, bad.json.reason, bad.json.message], [400, 'BadRequest', 'the node pool does not resize']);
  assert.equal((await apiCall(sb, 'GET', POD)).status, 200);
});

test('dropping watches ends open streams abruptly', async (t) => {
  const sb = await startSandboxProcess();
  t.after(() => sb.stop());
  let opened!: () => void;
  const sawAdded = new Promise<'open'>((resolve) => { opened = () => resolve('open'); });
  const watching = readWatch(sb, '/api/v1/pods?watch=1', (e) => { if (e.type === 'ADDED') opened(); return false; })
    .then(() => 'clean end', (err: Error) => err);
  // The ADDED event proves the stream is open before the drop (a stream that ends first fails here).
  assert.equal(await Promise.race([sawAdded, watching]), 'open', 'the watch ended before its first event');
  await sb.admin.dropWatches();
  const outcome = await watching;
  assert.ok(outcome instanceof Error, 'the client sees the stream end without a clean finish');
  assert.match(String((outcome as Error).message), /other side closed|terminated|socket/i);
});

test('TLS with a token: the kubeconfig carries the CA and token; no token is 401', async (t) => {
  const sb = await startSandboxProcess(['--tls', '--token', 'sesame']);
  t.after(() => sb.stop());
  assert.match(sb.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  const config = parseYaml(readFileSync(sb.kubeconfigPath, 'utf8'));
  assert.equal(config['current-context'], 'podpatch-sandbox');
  assert.equal(config.contexts[0].context.namespace, 'namespace-test');
  assert.equal(config.users[0].user.token, 'sesame');
  assert.match(Buffer.from(config.clusters[0].cluster['certificate-authority-data'], 'base64').toString(), /^-----BEGIN CERTIFICATE-----/);
  const ok = await apiCall(sb, 'GET', POD);
  assert.equal(ok.status, 200);
  const denied = await apiCall(sb, 'GET', POD, { token: null });
  assert.equal(denied.status, 401);
  assert.deepEqual(denied.json, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
  assert.equal((await apiCall(sb, 'GET', POD, { token: 'wrong' })).status, 401);
  // Without the CA the certificate is not trusted.
  await assert.rejects(request(sb.url + '/version', { signal: AbortSignal.timeout(10_000) }), /self-signed|unable to verify|certificate/i);
});

test('--state keeps changes across a restart and reset goes back to the initial pods', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'podpatch-state-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const state = path.join(dir, 'state.json');
  const first = await startSandboxProcess(['--state', state, '--pods', '5']);
  const patched = await apiCall(first, 'PATCH', POD, { body: { metadata: { labels: { kept: 'yes' } } }, contentType: 'application/merge-patch+json' });
  assert.equal(patched.status, 200);
  assert.deepEqual(await first.stop(), { code: 0, signal: null }, 'SIGTERM stops the server cleanly');
  const second = await startSandboxProcess(['--state', state, '--pods', '5']);
  t.after(() => second.stop());
  const again = await apiCall(second, 'GET', POD);
  assert.equal(again.json.metadata.labels.kept, 'yes');
  assert.equal(again.json.metadata.resourceVersion, patched.json.metadata.resourceVersion);
  const next = await apiCall(second, 'PATCH', POD, { body: { metadata: { labels: { more: '1' } } }, contentType: 'application/merge-patch+json' });
  assert.ok(Number(next.json.metadata.resourceVersion) > Number(patched.json.metadata.resourceVersion), 'resourceVersions keep increasing');
  await second.admin.reset();
  const reset = await apiCall(second, 'GET', POD);
  assert.deepEqual(reset.json.metadata.labels, { name: 'pod-test' });
  assert.equal((await apiCall(second, 'GET', '/api/v1/pods')).json.items.length, 6);
});

test('the CLI refuses bad options with a one-line usage error', async () => {
  await assert.rejects(startSandboxProcess(['--profile', 'openshift']), /--profile must be kubernetes or cci/);
  await assert.rejects(startSandboxProcess(['--pods', '-3']), /--pods must be a non-negative integer/);
});

test('--state: a crash right after an answered write loses nothing (journal replayed over the snapshot)', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'podpatch-state-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const state = path.join(dir, 'state.json');
  const first = await startSandboxProcess(['--state', state]);
  for (let i = 0; i < 5; i++) {
    const res = await apiCall(first, 'PATCH', POD, { body: { metadata: { labels: { step: String(i) } } }, contentType: 'application/merge-patch+json' });
    assert.equal(res.status, 200);
  }
  const created = await apiCall(first, 'POST', '/api/v1/namespaces', { body: { metadata: { name: 'after-crash' } } });
  assert.equal(created.status, 201);
  assert.equal((await first.stop('SIGKILL')).signal, 'SIGKILL');
  const second = await startSandboxProcess(['--state', state]);
  t.after(() => second.stop());
  assert.equal((await apiCall(second, 'GET', POD)).json.metadata.labels.step, '4');
  assert.equal((await apiCall(second, 'GET', '/api/v1/namespaces/after-crash')).status, 200);
});
