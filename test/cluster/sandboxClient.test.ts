// The pod client against the real sandbox server: TLS, token auth, paging, retries, typed errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, NetworkError } from '../../src/core/cluster/apiError';
import { createCertificateAuthority } from '../../src/sandbox/tls/certificates';
import { startSandboxProcess } from '../support/sandboxProcess';
import { sandboxClient, writeKubeconfigVariant } from './support/sandboxKubeconfig';

test('TLS with the sandbox CA and token from its kubeconfig; a wrong CA, server name or token is refused', async (t) => {
  const sandbox = await startSandboxProcess(['--tls', '--token', 'right-token-123']);
  t.after(() => sandbox.stop());
  assert.match(sandbox.url, /^https:/);
  const client = await sandboxClient(sandbox.kubeconfigPath);
  t.after(() => client.dispose());
  const pods = await client.listPods('namespace-test');
  assert.deepEqual(pods.items.map((p) => p.metadata?.name), ['pod-test']);

  const wrongCa = writeKubeconfigVariant(sandbox, 'wrong-ca', (doc) => {
    doc.clusters[0].cluster['certificate-authority-data'] = Buffer.from(createCertificateAuthority().certPem).toString('base64');
  });
  const untrusted = await sandboxClient(wrongCa);
  t.after(() => untrusted.dispose());
  await assert.rejects(untrusted.listPods('namespace-test'), (err: unknown) => err instanceof NetworkError && /certificate is not trusted/.test(err.message));

  const serverName = writeKubeconfigVariant(sandbox, 'server-name', (doc) => { doc.clusters[0].cluster['tls-server-name'] = 'not-the-sandbox.example'; });
  const misnamed = await sandboxClient(serverName);
  t.after(() => misnamed.dispose());
  await assert.rejects(misnamed.listPods('namespace-test'), (err: unknown) => err instanceof NetworkError && /tls-server-name/.test(err.message));

  const badToken = writeKubeconfigVariant(sandbox, 'bad-token', (doc) => { doc.users[0].user.token = 'wrong-token-456'; });
  const lines: string[] = [];
  const unauthorized = await sandboxClient(badToken, { logger: (l) => lines.push(l) });
  t.after(() => unauthorized.dispose());
  await assert.rejects(unauthorized.getPod('namespace-test', 'pod-test'), (err: unknown) => err instanceof ApiError && err.code === 401 && err.reason === 'Unauthorized');
  assert.ok(lines.length && lines.every((l) => !l.includes('wrong-token-456')), 'tokens never reach log lines');
});

test('paging with limit/continue returns every pod once, consistent with one unpaged list', async (t) => {
  const sandbox = await startSandboxProcess(['--pods', '60']);
  t.after(() => sandbox.stop());
  const client = await sandboxClient(sandbox.kubeconfigPath);
  t.after(() => client.dispose());
  const first = await client.listPods(undefined, { limit: 7 });
  assert.equal(first.items.length, 7);
  assert.ok(first.metadata.continue, 'a first page has a continue token');
  const all = await client.listAllPods(undefined, { pageSize: 7 });
  const unpaged = await client.listPods(undefined);
  const key = (p: { metadata?: { namespace?: string; name?: string } }) => `${p.metadata?.namespace}/${p.metadata?.name}`;
  assert.equal(new Set(all.items.map(key)).size, all.items.length, 'no pod twice');
  assert.deepEqual(all.items.map(key).sort(), unpaged.items.map(key).sort());
  assert.equal(all.items.length, 61);
  assert.ok(all.resourceVersion);
  // The request log has paths without queries: the single page, the pages of listAllPods, the unpaged list.
  const listRequests = (await sandbox.admin.requests()).filter((r) => r.method === 'GET' && r.path === '/api/v1/pods');
  assert.equal(listRequests.length, 1 + Math.ceil(61 / 7) + 1);
});

test('503 is retried for GET and never for PATCH (checked in the server request log)', async (t) => {
  const sandbox = await startSandboxProcess();
  t.after(() => sandbox.stop());
  const client = await sandboxClient(sandbox.kubeconfigPath);
  t.after(() => client.dispose());
  const podPath = '/api/v1/namespaces/namespace-test/pods/pod-test';
  await sandbox.admin.faults({ count: 2, status: 503, retryAfter: 0, method: 'GET', pathPrefix: podPath });
  const pod = await client.getPod('namespace-test', 'pod-test');
  assert.equal(pod.metadata?.name, 'pod-test');
  let log = await sandbox.admin.requests();
  assert.deepEqual(log.filter((r) => r.path.startsWith(podPath)).map((r) => `${r.method} ${r.status}`), ['GET 503', 'GET 503', 'GET 200']);

  await sandbox.admin.faults({ count: 1, status: 503, retryAfter: 0, method: 'PATCH', pathPrefix: podPath });
  await assert.rejects(client.patchPod('namespace-test', 'pod-test', { metadata: { labels: { x: 'y' } } }), (err: unknown) => err instanceof ApiError && err.code === 503);
  log = await sandbox.admin.requests();
  assert.deepEqual(log.filter((r) => r.method === 'PATCH').map((r) => r.status), [503], 'the PATCH was sent once');
  assert.equal((await client.getPod('namespace-test', 'pod-test')).metadata?.labels?.x, undefined, 'and nothing changed');
});

test('409 and 422 are typed ApiErrors carrying reason and causes; a merge patch is sent as application/merge-patch+json', async (t) => {
  const sandbox = await startSandboxProcess();
  t.after(() => sandbox.stop());
  const client = await sandboxClient(sandbox.kubeconfigPath);
  t.after(() => client.dispose());
  const pod = await client.getPod('namespace-test', 'pod-test');
  const rv = pod.metadata?.resourceVersion as string;
  const patched = await client.patchPod('namespace-test', 'pod-test', { metadata: { labels: { name: 'pod-test2' }, resourceVersion: rv } });
  assert.equal(patched.metadata?.labels?.name, 'pod-test2');
  const sent = (await sandbox.admin.requests()).find((r) => r.method === 'PATCH');
  assert.equal(sent?.contentType, 'application/merge-patch+json');

  await assert.rejects(client.patchPod('namespace-test', 'pod-test', { metadata: { labels: { name: 'again' }, resourceVersion: rv } }), (err: unknown) => {
    assert.ok(err instanceof ApiError);
    assert.equal(err.code, 409);
    assert.equal(err.reason, 'Conflict');
    return true;
  });
  await assert.rejects(client.patchPod('namespace-test', 'pod-test', { spec: { restartPolicy: 'Never' } }), (err: unknown) => {
    assert.ok(err instanceof ApiError);
    assert.equal(err.code, 422);
    assert.equal(err.reason, 'Invalid');
    assert.ok(err.causes.length > 0, 'causes are carried');
    assert.ok(err.causes.every((c) => typeof c.field === 'string' && typeof c.message === 'string'));
    return true;
  });
  await assert.rejects(client.getPod('namespace-test', 'no-such-pod'), (err: unknown) => err instanceof ApiError && err.code === 404 && err.reason === 'NotFound');
  const namespaces = await client.listNamespaces();
  assert.ok(namespaces.some((n) => n.metadata?.name === 'namespace-test'));
});
