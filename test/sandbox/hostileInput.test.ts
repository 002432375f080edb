// Hostile input against the real sandbox process (issue 13): every request that once crashed,
// stalled or misrouted the server now gets upstream's answer quickly, and the server stays up.
// Each case is bounded: small bodies or a fixed number of requests, no unbounded wait.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSandboxProcess, type SandboxProcess } from '../support/sandboxProcess';
import { request } from 'undici';
import { apiCall, readWatch } from './support/apiCall';

const POD = '/api/v1/namespaces/namespace-test/pods/pod-test';
const MERGE = 'application/merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';
const cliPath = path.resolve(__dirname, '../../../dist/cli.js');
let sb: SandboxProcess;

before(async () => { sb = await startSandboxProcess(['--pods', '3000', '--bookmark-interval', '50']); });
after(async () => { await sb.stop(); });

async function assertAlive(what: string): Promise<void> {
  const res = await apiCall(sb, 'GET', '/healthz');
  assert.equal(res.status, 200, `the sandbox stopped answering after ${what}: ${sb.stderr()}`);
}

test('a watch that times out while its client reads nothing ends cleanly; later events do not crash the server', async () => {
  // A raw socket that never reads: 3,000 pods of initial events stay buffered in the server.
  const socket = net.connect(Number(new URL(sb.url).port), '127.0.0.1');
  await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
  socket.pause();
  socket.write('GET /api/v1/pods?watch=1&timeoutSeconds=1&allowWatchBookmarks=true HTTP/1.1\r\nHost: x\r\n\r\n');
  const started = Date.now();
  // Writes (and 50 ms bookmarks) keep coming before and after the 1 s timeout ends the stream.
  let i = 0;
  while (Date.now() - started < 2_500) {
    const res = await apiCall(sb, 'PATCH', POD, { body: { metadata: { labels: { round: String(i++) } } }, contentType: MERGE });
    assert.equal(res.status, 200, res.text);
  }
  // Now read: the stream was ended by the server (chunked terminator), and the server is up.
  const ended = new Promise<string>((resolve) => {
    let tail = '';
    socket.on('data', (d: Buffer) => { tail = (tail + d.toString('latin1')).slice(-64); if (tail.endsWith('0\r\n\r\n')) resolve(tail); });
    socket.once('close', () => resolve(tail));
  });
  socket.resume();
  assert.match(await ended, /0\r\n\r\n$/);
  socket.destroy();
  await assertAlive('a timed-out unread watch');
  assert.doesNotMatch(sb.stderr(), /ERR_STREAM_WRITE_AFTER_END|write after end/);
});

test('a JSON patch copying a subtree into itself stops at the 3 MiB copy limit with 422; over 10,000 operations is 413', async () => {
  const bomb = Array.from({ length: 27 }, (_, i) => ({ op: 'copy', from: '/metadata/labels', path: `/metadata/labels/k${i}` }));
  const res = await apiCall(sb, 'PATCH', POD, { body: bomb, contentType: JSON_PATCH });
  assert.equal(res.status, 422, res.text);
  // json-patch's AccumulatedCopySizeLimit error becomes NewGenericServerResponse(422, ..., false), which
  // carries no cause; a v1.37.2 kube-apiserver answers the same (test/real compares this very bomb).
  assert.equal(res.json.message, 'the server rejected our request due to an error in our request');
  assert.deepEqual(res.json.details, {});
  const tooMany = Array.from({ length: 10_001 }, () => ({ op: 'test', path: '/kind', value: 'Pod' }));
  const many = await apiCall(sb, 'PATCH', POD, { body: tooMany, contentType: JSON_PATCH });
  assert.equal(many.status, 413, many.text);
  assert.equal(many.json.reason, 'RequestEntityTooLarge');
  assert.equal(many.json.message, 'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001');
  const pod = await apiCall(sb, 'GET', POD);
  assert.equal(Object.keys(pod.json.metadata.labels).some((k) => /^k\d+$/.test(k)), false, 'nothing of the bomb was stored');
  await assertAlive('a copy bomb');
});

test('a body over 3 MiB is 413 RequestEntityTooLarge, declared or streamed', async () => {
  const huge = JSON.stringify({ metadata: { annotations: { a: 'x'.repeat(3 * 1024 * 1024) } } });
  const res = await apiCall(sb, 'PATCH', POD, { body: huge, contentType: MERGE });
  assert.equal(res.status, 413, res.text);
  assert.equal(res.json.message, 'Request entity too large: limit is 3145728');
  await assertAlive('a 3 MiB body');
});

test('deeply nested bodies are 400 BadRequest, not a stack overflow; ordinary nesting still works', async () => {
  const deep = (n: number) => '{"metadata":{"labels":{"a":"b"}},"x":' + '['.repeat(n) + ']'.repeat(n) + '}';
  for (const [method, p, type] of [['PATCH', POD, MERGE], ['PATCH', POD, 'application/strategic-merge-patch+json'], ['POST', '/api/v1/namespaces/namespace-test/pods', 'application/json'], ['PUT', POD, 'application/json']] as const) {
    const res = await apiCall(sb, method, p, { body: deep(100_000), contentType: type });
    assert.equal(res.status, 400, `${method} ${type}: ${res.text.slice(0, 200)}`);
    assert.match(res.json.message, /exceeded max depth/);
  }
  // Just under the bound: whatever the answer, it is not an internal error.
  const edge = await apiCall(sb, 'PATCH', POD, { body: deep(990), contentType: MERGE });
  assert.notEqual(edge.status, 500, edge.text.slice(0, 300));
  await assertAlive('deep nesting');
});

test('bodies with odd keys (invalid UTF-8, constructor, __proto__) get 4xx or 2xx, never a 500', async () => {
  const bodies: (string | Buffer)[] = [
    Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), // {"\xff\xfe":1}: an unknown field named by invalid UTF-8
    '{"__proto__":{"polluted":true},"constructor":{"x":1},"metadata":{"labels":{"constructor":"x"}}}',
    '{"metadata":{"labels":{"a":"\\ud800"}},"spec":{"toString":"x","hasOwnProperty":1}}',
  ];
  for (const body of bodies) {
    for (const [method, p, type] of [['PATCH', POD, MERGE], ['PATCH', POD, 'application/strategic-merge-patch+json'], ['POST', '/api/v1/namespaces/namespace-test/pods', 'application/json']] as const) {
      const res = await request(sb.url + p, { method, body, headers: { 'content-type': type }, signal: AbortSignal.timeout(20_000) });
      const text = await res.body.text();
      assert.ok(res.statusCode < 500, `${method} ${type} ${String(body).slice(0, 40)}: ${res.statusCode} ${text.slice(0, 200)}`);
    }
  }
  await assertAlive('odd keys');
});

test('malformed % escapes in the path are 400; empty segments and encoded slashes match nothing', async () => {
  for (const bad of ['/api/v1/namespaces/%zz/pods', '/api/v1/namespaces/namespace-test/pods/%E0%A4%A', '/api/v1/namespaces/namespace-test/pods/%']) {
    const res = await apiCall(sb, 'GET', bad);
    assert.equal(res.status, 400, `${bad}: ${res.text}`);
  }
  assert.equal((await apiCall(sb, 'GET', '/api/v1/namespaces//pods')).status, 404, 'an empty namespace does not list every namespace');
  assert.equal((await apiCall(sb, 'GET', '/api/v1/namespaces//pods/namespace-test%2Fpod-test')).status, 404);
  assert.equal((await apiCall(sb, 'DELETE', '/api/v1/namespaces//pods/namespace-test%2Fpod-test')).status, 404);
  assert.equal((await apiCall(sb, 'GET', '/api/v1/namespaces/namespace-test/pods/namespace-test%2Fpod-test')).status, 404);
  assert.equal((await apiCall(sb, 'GET', POD)).status, 200, 'the pod is still there');
  assert.equal((await apiCall(sb, 'GET', POD + '/')).status, 200, 'a trailing slash still works');
});

test('the watch history is bounded in bytes: a watch from before the window gets 410 Expired', async () => {
  // Annotations just under upstream's 256 KiB total: 160 changes pass the 32 MiB window.
  const big = { metadata: { annotations: { blob: 'y'.repeat(200 * 1024) } } };
  const first = await apiCall(sb, 'PATCH', POD, { body: big, contentType: MERGE });
  assert.equal(first.status, 200, first.text.slice(0, 300));
  const startRv = first.json.metadata.resourceVersion;
  let last = first;
  for (let i = 0; i < 170; i++) {
    last = await apiCall(sb, 'PATCH', POD, { body: { metadata: { labels: { n: String(i) } } }, contentType: MERGE });
    assert.equal(last.status, 200);
  }
  const old = await readWatch(sb, `/api/v1/namespaces/namespace-test/pods?watch=1&resourceVersion=${startRv}`, () => true);
  assert.equal(old[0].type, 'ERROR');
  assert.equal(old[0].object.code, 410);
  assert.equal(old[0].object.reason, 'Expired');
  const recent = await readWatch(sb, `/api/v1/namespaces/namespace-test/pods?watch=1&resourceVersion=${Number(last.json.metadata.resourceVersion) - 1}`, () => true);
  assert.equal(recent[0].type, 'MODIFIED', 'the recent past is still in the window');
  await apiCall(sb, 'PATCH', POD, { body: { metadata: { annotations: { blob: null } } }, contentType: MERGE });
});

test('--state naming a directory is a clear usage error; snapshot temp files orphaned by kill -9 are removed at start', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'podpatch-hostile-state-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = spawnSync(process.execPath, [cliPath, 'sandbox', '--port', '0', '--state', dir], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /is a directory/);
  assert.doesNotMatch(r.stderr, /EISDIR|\n\s+at /);

  // A pid that surely no longer runs: a child that has exited.
  const gone = spawn(process.execPath, ['-e', '']);
  const deadPid = gone.pid!;
  await new Promise((resolve) => gone.once('exit', resolve));
  const state = path.join(dir, 'state.json');
  const orphan = `${state}.${deadPid}.tmp`;
  writeFileSync(orphan, '{"half a snap');
  const unrelated = path.join(dir, 'other.json.1.tmp');
  writeFileSync(unrelated, 'not ours');
  const withState = await startSandboxProcess(['--state', state]);
  try {
    assert.equal(existsSync(orphan), false, 'the orphaned snapshot temp file is removed');
    assert.equal(existsSync(unrelated), true, 'files of other state files are left alone');
  } finally {
    await withState.stop();
  }
});
