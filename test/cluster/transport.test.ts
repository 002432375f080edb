import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { AbortedError, ApiError, NetworkError } from '../../src/core/cluster/apiError';
import { createPodClient } from '../../src/core/cluster/podClient';
import { parseRetryAfter } from '../../src/core/cluster/backoff';
import { redactHeaders } from '../../src/core/cluster/redact';
import { makeTempDir } from './support/tempFiles';
import { contextFor, sendJson, startFakeApiServer, status } from './support/fakeApiServer';

test('GET is retried on 429 and 503 honouring Retry-After; PATCH, POST and DELETE never are', async (t) => {
  let failuresLeft = 2;
  const server = await startFakeApiServer((req, res) => {
    if (failuresLeft > 0) {
      failuresLeft--;
      return sendJson(res, failuresLeft === 1 ? 503 : 429, status(503, 'ServiceUnavailable', 'busy'), { 'retry-after': '0' });
    }
    sendJson(res, 200, { kind: 'Pod', metadata: { name: 'p' } });
  });
  t.after(() => server.close());
  const lines: string[] = [];
  const client = createPodClient(contextFor(server.url, { token: 'secret-token-123' }), { logger: (l) => lines.push(l) });
  t.after(() => client.dispose());
  assert.equal((await client.getPod('default', 'p')).metadata?.name, 'p');
  assert.equal(server.seen.length, 3);
  assert.ok(lines.some((l) => /503 .*retry 1\/4 in 0ms/.test(l)), lines.join('\n'));

  for (const send of [
    () => client.patchPod('default', 'p', { metadata: { labels: { a: 'b' } } }),
    () => client.createPod('default', { metadata: { name: 'q' } }),
    () => client.deletePod('default', 'p'),
  ]) {
    failuresLeft = 1;
    const before: number = server.seen.length;
    await assert.rejects(send(), (err: unknown) => err instanceof ApiError && err.code === 429);
    assert.equal(server.seen.length, before + 1, 'sent exactly once');
  }
  assert.ok(lines.length > 0 && lines.every((l) => !l.includes('secret-token-123')), 'the token never reaches a log line');
});

test('GET retries give up after maxRetries with the last ApiError', async (t) => {
  const server = await startFakeApiServer((_req, res) => sendJson(res, 503, status(503, 'ServiceUnavailable', 'still busy')));
  t.after(() => server.close());
  const client = createPodClient(contextFor(server.url), { retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2 } });
  t.after(() => client.dispose());
  await assert.rejects(client.getPod('default', 'p'), (err: unknown) => err instanceof ApiError && err.code === 503 && err.message === 'still busy');
  assert.equal(server.seen.length, 3);
});

test('error answers become ApiError with the Status, its reason and causes; non-Status bodies too', async (t) => {
  const server = await startFakeApiServer((req, res) => {
    if (req.url.includes('/pods/conflict')) return sendJson(res, 409, status(409, 'Conflict', 'Operation cannot be fulfilled on pods "conflict": the object has been modified'));
    if (req.url.includes('/pods/invalid')) {
      return sendJson(res, 422, status(422, 'Invalid', 'Pod "invalid" is invalid: spec: Forbidden: pod updates may not change fields other than ...', [
        { reason: 'FieldValueForbidden', message: 'Forbidden: pod updates may not change fields', field: 'spec' },
      ]));
    }
    res.writeHead(502, { 'content-type': 'text/html' });
    res.end('<html>bad gateway</html>');
  });
  t.after(() => server.close());
  const client = createPodClient(contextFor(server.url));
  t.after(() => client.dispose());
  await assert.rejects(client.patchPod('default', 'conflict', {}), (err: unknown) => err instanceof ApiError && err.code === 409 && err.reason === 'Conflict' && /has been modified/.test(err.message));
  await assert.rejects(client.patchPod('default', 'invalid', {}), (err: unknown) => {
    assert.ok(err instanceof ApiError);
    assert.equal(err.code, 422);
    assert.equal(err.reason, 'Invalid');
    assert.deepEqual(err.causes, [{ reason: 'FieldValueForbidden', message: 'Forbidden: pod updates may not change fields', field: 'spec' }]);
    assert.equal(err.status?.kind, 'Status');
    return true;
  });
  await assert.rejects(client.getPod('default', 'other'), (err: unknown) => err instanceof ApiError && err.code === 502 && /bad gateway/.test(err.message));
});

test('cancelling a call and its timeout give AbortedError and NetworkError; a refused connection is a NetworkError', async (t) => {
  // This server never answers: the client must stop waiting on its own.
  const server = await startFakeApiServer(() => undefined);
  t.after(() => server.close());
  const client = createPodClient(contextFor(server.url), { timeoutMs: 200 });
  t.after(() => client.dispose());
  const ac = new AbortController();
  const pending = client.getPod('default', 'p', { signal: ac.signal });
  ac.abort();
  await assert.rejects(pending, (err: unknown) => err instanceof AbortedError);
  await assert.rejects(client.patchPod('default', 'p', {}), (err: unknown) => err instanceof NetworkError && /no answer within 0.2s/.test(err.message));
  const refused = createPodClient(contextFor('http://127.0.0.1:1'));
  t.after(() => refused.dispose());
  await assert.rejects(refused.getPod('default', 'p'), (err: unknown) => err instanceof NetworkError && /connection refused/.test(err.message));
});

test('tokenFile is read, and re-read after a 401 when the token rotated', async (t) => {
  const tmp = makeTempDir();
  t.after(() => tmp.remove());
  const tokenFile = tmp.write('token', 'old-token\n');
  const server = await startFakeApiServer((req, res) => {
    if (req.headers.authorization !== 'Bearer new-token') return sendJson(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
    sendJson(res, 200, { kind: 'Pod', metadata: { name: 'p' } });
  });
  t.after(() => server.close());
  const client = createPodClient(contextFor(server.url, { tokenFile, token: 'ignored-static' }));
  t.after(() => client.dispose());
  await assert.rejects(client.getPod('default', 'p'), (err: unknown) => err instanceof ApiError && err.code === 401);
  assert.equal(server.seen.at(-1)?.headers.authorization, 'Bearer old-token', 'tokenFile wins over token');
  tmp.write('token', 'new-token\n');
  assert.equal((await client.getPod('default', 'p')).metadata?.name, 'p');
});

test('a server URL with a path prefix keeps it; query parameters are encoded', async (t) => {
  const server = await startFakeApiServer((_req, res) => sendJson(res, 200, { metadata: { resourceVersion: '5' }, items: [] }));
  t.after(() => server.close());
  const client = createPodClient(contextFor(`${server.url}/k8s/clusters/c-1`));
  t.after(() => client.dispose());
  await client.listPods('team a', { limit: 10, labelSelector: 'app in (x,y)' });
  assert.equal(server.seen[0].url, '/k8s/clusters/c-1/api/v1/namespaces/team%20a/pods?limit=10&labelSelector=app+in+%28x%2Cy%29');
  await client.patchPod('a', 'p', { metadata: {} }, { dryRun: true });
  assert.equal(server.seen[1].url, '/k8s/clusters/c-1/api/v1/namespaces/a/pods/p?dryRun=All&fieldManager=podpatch');
  assert.equal(server.seen[1].headers['content-type'], 'application/merge-patch+json');
});

test('Retry-After parsing and header redaction', () => {
  assert.equal(parseRetryAfter('3'), 3000);
  assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 4_000), 6000);
  assert.equal(parseRetryAfter('soon'), undefined);
  assert.deepEqual(redactHeaders({ Authorization: 'Bearer abc.def', accept: 'application/json', cookie: 'x=1' }), {
    Authorization: 'Bearer <redacted>', accept: 'application/json', cookie: '<redacted>',
  });
});

test('proxy-url: requests tunnel through an HTTP proxy (CONNECT); a socks proxy is a clear error', async (t) => {
  const server = await startFakeApiServer((_req, res) => sendJson(res, 200, { kind: 'Pod', metadata: { name: 'p' } }));
  t.after(() => server.close());
  const tunnels: string[] = [];
  const proxy = http.createServer((_req, res) => { res.writeHead(405); res.end(); });
  proxy.on('connect', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket).pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => { proxy.closeAllConnections(); proxy.close(() => resolve()); }));
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
  const ctx = contextFor(server.url);
  const client = createPodClient({ ...ctx, cluster: { ...ctx.cluster, proxyUrl } });
  t.after(() => client.dispose());
  assert.equal((await client.getPod('default', 'p')).metadata?.name, 'p');
  assert.deepEqual(tunnels, [new URL(server.url).host]);

  const socks = createPodClient({ ...ctx, cluster: { ...ctx.cluster, proxyUrl: 'socks5://127.0.0.1:1080' } });
  t.after(() => socks.dispose());
  await assert.rejects(socks.getPod('default', 'p'), /only http and https proxies are supported/);
});
