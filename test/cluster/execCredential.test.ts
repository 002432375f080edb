import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ExecCredentialProvider } from '../../src/core/cluster/execCredential';
import { createPodClient } from '../../src/core/cluster/podClient';
import { makeTempDir, writeExecPlugin } from './support/tempFiles';
import { contextFor, sendJson, startFakeApiServer, status } from './support/fakeApiServer';
import type { ExecConfig } from '../../src/core/cluster/kubeconfigTypes';

function execConfig(command: string, extra: Partial<ExecConfig> = {}): ExecConfig {
  return { apiVersion: 'client.authentication.k8s.io/v1', command, args: [], env: [], interactiveMode: 'Never', provideClusterInfo: false, ...extra };
}

test('exec plugin: token used, cached until expiry, re-run after it, KUBERNETES_EXEC_INFO given', async (t) => {
  const tmp = makeTempDir();
  t.after(() => tmp.remove());
  const plugin = writeExecPlugin(tmp, 'plugin', { expiresInSeconds: 3600 });
  let now = Date.now();
  const provider = new ExecCredentialProvider(execConfig(plugin, { env: [{ name: 'EXTRA_SUFFIX', value: '-x' }], provideClusterInfo: true }), {
    now: () => now,
    cluster: { server: 'https://k.example', insecureSkipTlsVerify: false, caPem: 'CA' },
  });
  const first = await provider.get();
  assert.equal(first.token, 'exec-token-1-x', 'env entries of the exec config reach the plugin');
  assert.ok(first.expiresAt && first.expiresAt > now);
  const [again, concurrent] = await Promise.all([provider.get(), provider.get()]);
  assert.equal(again, first);
  assert.equal(concurrent, first);
  assert.equal(provider.runs, 1, 'cached until expirationTimestamp');
  const info = JSON.parse(readFileSync(plugin + '.count.info', 'utf8'));
  assert.equal(info.apiVersion, 'client.authentication.k8s.io/v1');
  assert.equal(info.kind, 'ExecCredential');
  assert.equal(info.spec.interactive, false);
  assert.equal(info.spec.cluster.server, 'https://k.example');
  assert.equal(Buffer.from(info.spec.cluster['certificate-authority-data'], 'base64').toString(), 'CA');
  now += 3601 * 1000;
  const second = await provider.get();
  assert.equal(second.token, 'exec-token-2-x');
  assert.equal(provider.runs, 2);
});

test('exec plugin: missing command names the command and the PATH searched; failures and bad output are clear', async (t) => {
  const tmp = makeTempDir();
  t.after(() => tmp.remove());
  const missing = new ExecCredentialProvider(execConfig('podpatch-no-such-plugin', { installHint: 'Install it with: brew install thing' }), { env: { PATH: '/opt/a:/opt/b' } });
  await assert.rejects(missing.get(), (err: Error) => {
    assert.match(err.message, /exec: executable podpatch-no-such-plugin not found/);
    assert.match(err.message, /searched PATH: \/opt\/a:\/opt\/b/);
    assert.match(err.message, /brew install thing/);
    return true;
  });
  const failing = tmp.write('failing', `#!${process.execPath}\nprocess.stderr.write('login required\\n'); process.exit(3);\n`, 0o755);
  await assert.rejects(new ExecCredentialProvider(execConfig(failing)).get(), /failed with exit code 3: login required/);
  const wrongVersion = writeExecPlugin(tmp, 'old', { apiVersion: 'client.authentication.k8s.io/v1beta1' });
  await assert.rejects(new ExecCredentialProvider(execConfig(wrongVersion)).get(), /configured to use API version client.authentication.k8s.io\/v1, plugin returned version client.authentication.k8s.io\/v1beta1/);
  await assert.rejects(new ExecCredentialProvider(execConfig(failing, { interactiveMode: 'Always' }), { stdinIsTerminal: false }).get(), /standard input is not a terminal/);
});

test('exec plugin: a 401 refreshes the credential and retries once (also for PATCH)', async (t) => {
  const tmp = makeTempDir();
  t.after(() => tmp.remove());
  const plugin = writeExecPlugin(tmp, 'plugin');
  // The server only accepts the second token the plugin hands out, as after a rotation.
  const server = await startFakeApiServer((req, res) => {
    if (req.headers.authorization !== 'Bearer exec-token-2') return sendJson(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
    sendJson(res, 200, { kind: 'Pod', metadata: { name: 'p', namespace: 'default' } });
  });
  t.after(() => server.close());
  const client = createPodClient(contextFor(server.url, { exec: execConfig(plugin) }));
  t.after(() => client.dispose());
  const pod = await client.patchPod('default', 'p', { metadata: { labels: { a: 'b' } } });
  assert.equal(pod.metadata?.name, 'p');
  assert.deepEqual(server.seen.map((r) => [r.method, r.headers.authorization]), [['PATCH', 'Bearer exec-token-1'], ['PATCH', 'Bearer exec-token-2']]);
  await client.getPod('default', 'p');
  assert.equal(client.transport.credentialSource.execProvider?.runs, 2, 'the refreshed credential stays cached');
});

test('exec plugins are refused when not allowed', async (t) => {
  const tmp = makeTempDir();
  t.after(() => tmp.remove());
  const ctx = { ...contextFor('http://127.0.0.1:1', { exec: execConfig('anything') }), allowExec: false };
  assert.throws(() => createPodClient(ctx), /exec plugin "anything".*not allowed/);
});
