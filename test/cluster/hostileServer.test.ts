// The cluster client and the CLI facing a hostile or broken server (issue 13), played by the real
// sandbox process's fault injection: an answer echoing the request's credentials, a server URL with
// a password in it that refuses connections, a watch stream that never ends a line. No secret may
// reach output, and the never-ending line ends as an error instead of eating memory.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { startSandboxProcess, type SandboxProcess } from '../support/sandboxProcess';
import { runCli } from './support/runCli';
import { sandboxClient, writeKubeconfigVariant } from './support/sandboxKubeconfig';
import { redactText } from '../../src/core/cluster/redact';
import { WatchDecoder, WatchDecodeError } from '../../src/core/cluster/watchDecoder';

const PASSWORD = 'hunter2-Secret-pw';
const TOKEN = 'tok-4f9c1e2d7a3b5c6d';
const BASIC = Buffer.from(`alice:${PASSWORD}`).toString('base64');
let sb: SandboxProcess;

before(async () => { sb = await startSandboxProcess(); });
after(async () => { await sb.stop(); });

function assertNoSecret(text: string, what: string): void {
  for (const secret of [PASSWORD, TOKEN, BASIC, `alice:${PASSWORD}`]) assert.equal(text.includes(secret), false, `${what} printed a secret: ${text}`);
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('an answer echoing Basic or Bearer credentials is printed without them (pods and apply)', async () => {
  const basic = writeKubeconfigVariant(sb, 'basic.yaml', (doc) => { doc.users[0].user = { username: 'alice', password: PASSWORD }; });
  const bearer = writeKubeconfigVariant(sb, 'bearer.yaml', (doc) => { doc.users[0].user = { token: TOKEN }; });
  const manifest = path.join(sb.dir, 'pod.yaml');
  writeFileSync(manifest, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-test\n  namespace: namespace-test\n');
  for (const kubeconfig of [basic, bearer]) {
    for (const args of [['pods', '-A'], ['apply', manifest]]) {
      await sb.admin.faults({ count: 1, status: 500, echoCredentials: true, pathPrefix: '/api/v1/' } as never);
      const r = await runCli([...args, '--kubeconfig', kubeconfig]);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /Internal error occurred: request with header Authorization: (Basic|Bearer) <redacted>/);
      assertNoSecret(r.stdout + r.stderr, `${args[0]} with ${path.basename(kubeconfig)}`);
    }
  }
});

test('a server URL with a password in its userinfo is not printed on "connection refused"', async () => {
  const port = await closedPort();
  const kubeconfig = writeKubeconfigVariant(sb, 'userinfo.yaml', (doc) => { doc.clusters[0].cluster.server = `http://alice:${PASSWORD}@127.0.0.1:${port}`; });
  const r = await runCli(['pods', '--kubeconfig', kubeconfig]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /connection refused by http:\/\/alice:<redacted>@127\.0\.0\.1/);
  assertNoSecret(r.stderr, 'pods against a refused URL with userinfo');
});

test('the client log lines and errors are redacted too (in process)', async () => {
  const kubeconfig = writeKubeconfigVariant(sb, 'basic-log.yaml', (doc) => { doc.users[0].user = { username: 'alice', password: PASSWORD }; });
  const lines: string[] = [];
  const client = await sandboxClient(kubeconfig, { logger: (l) => lines.push(l) });
  try {
    await sb.admin.faults({ count: 1, status: 500, echoCredentials: true, pathPrefix: '/api/v1/' } as never);
    const err = await client.getPod('namespace-test', 'pod-test').then(() => undefined, (e: Error) => e);
    assert.ok(err, 'the injected 500 fails the call');
    assertNoSecret(`${err.message} ${JSON.stringify(err)} ${lines.join('\n')}`, 'the client');
  } finally {
    client.dispose();
  }
});

test('a watch stream that never ends a line fails at the line bound instead of buffering without end', async () => {
  const client = await sandboxClient(sb.kubeconfigPath);
  try {
    await sb.admin.faults({ count: 1, endlessLine: true, pathPrefix: '/api/v1/pods' } as never);
    let batches = 0;
    const err = await (async () => { for await (const _ of client.watchPods(undefined)) batches++; })().then(() => undefined, (e: Error) => e);
    assert.ok(err, 'the watch ends with an error');
    assert.match(err.message, /longer than 16777216 characters/);
    assert.equal(batches, 0);
  } finally {
    client.dispose();
  }
});

test('the watch decoder scans each byte once and bounds a line; redactText knows the credential shapes', () => {
  const d = new WatchDecoder(1000);
  for (let i = 0; i < 9; i++) assert.deepEqual(d.push(Buffer.from('x'.repeat(100))), []);
  assert.throws(() => d.push(Buffer.from('y'.repeat(200))), (e: unknown) => e instanceof WatchDecodeError && /longer than 1000/.test((e as Error).message));
  // Many small chunks completing one event: every byte is decoded once, the event comes out whole.
  const event = JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'p'.repeat(5000) } } }) + '\n';
  const chunked = new WatchDecoder();
  const out = [];
  for (let i = 0; i < event.length; i += 7) out.push(...chunked.push(Buffer.from(event.slice(i, i + 7))));
  assert.equal(out.length, 1);

  assert.equal(redactText('GET https://bob:pa55word!@h:6443/api: refused'), 'GET https://bob:<redacted>@h:6443/api: refused');
  assert.equal(redactText('Authorization: Basic YWxpY2U6c2VjcmV0'), 'Authorization: Basic <redacted>');
  assert.equal(redactText('echo {"authorization":"Bearer abc.def.ghi"}'), 'echo {"authorization":"Bearer <redacted>"}');
  assert.equal(redactText('token: abcdef123'), 'token: <redacted>');
  assert.equal(redactText(`the pair alice:${PASSWORD} leaked`, [`alice:${PASSWORD}`]), 'the pair <redacted> leaked');
  assert.equal(redactText('no secret here: pods "x" not found'), 'no secret here: pods "x" not found');
});
