import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { loadKubeconfig, KubeconfigError } from '../../src/core/cluster/kubeconfig';
import { makeTempDir } from './support/tempFiles';

const caPem = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';
const b64 = (s: string) => Buffer.from(s).toString('base64');

function kubeconfig(opts: { current?: string; clusters?: [string, Record<string, unknown>][]; users?: [string, Record<string, unknown>][]; contexts?: [string, Record<string, unknown>][] }): string {
  const lines = ['apiVersion: v1', 'kind: Config'];
  if (opts.current) lines.push(`current-context: ${opts.current}`);
  lines.push('clusters:', ...(opts.clusters ?? []).map(([n, c]) => `- name: ${n}\n  cluster: ${JSON.stringify(c)}`));
  lines.push('users:', ...(opts.users ?? []).map(([n, u]) => `- name: ${n}\n  user: ${JSON.stringify(u)}`));
  lines.push('contexts:', ...(opts.contexts ?? []).map(([n, c]) => `- name: ${n}\n  context: ${JSON.stringify(c)}`));
  return lines.join('\n') + '\n';
}

test('KUBECONFIG with several files: first file that sets a name or current-context wins, duplicates are no error', async (t) => {
  const tmp = makeTempDir();
  t.after(() => tmp.remove());
  const a = tmp.write('a.yaml', kubeconfig({
    clusters: [['shared', { server: 'https://first.example:6443' }]],
    users: [['alice', { token: 'token-from-a' }]],
    contexts: [['ctx-a', { cluster: 'shared', user: 'alice', namespace: 'team-a' }]],
  }));
  const b = tmp.write('b.yaml', kubeconfig({
    current: 'ctx-b',
    clusters: [['shared', { server: 'https://second.example:6443' }], ['only-b', { server: 'https://b.example' }]],
    users: [['alice', { token: 'token-from-b' }], ['bob', { token: 'bob-token' }]],
    contexts: [['ctx-a', { cluster: 'only-b', user: 'bob' }], ['ctx-b', { cluster: 'only-b', user: 'bob' }]],
  }));
  const c = tmp.write('c.yaml', kubeconfig({ current: 'ctx-a' }));
  const kc = await loadKubeconfig({ env: { KUBECONFIG: [a, path.join(tmp.dir, 'missing.yaml'), b, c, a].join(path.delimiter) } });
  assert.deepEqual(kc.files, [a, b, c]);
  assert.equal(kc.currentContext, 'ctx-b', 'the first file that sets current-context wins');
  assert.deepEqual(kc.contexts.map((x) => x.name), ['ctx-a', 'ctx-b']);
  const ctxA = kc.resolveContext('ctx-a');
  assert.equal(ctxA.cluster.server, 'https://first.example:6443');
  assert.equal(ctxA.user.token, 'token-from-a');
  assert.equal(ctxA.namespace, 'team-a');
  const current = kc.resolveContext();
  assert.equal(current.name, 'ctx-b');
  assert.equal(current.cluster.server, 'https://b.example');
  assert.equal(current.namespace, 'default');
  assert.equal(current.namespaceFromContext, false);
});

test('relative paths resolve against the folder of the file that defined the entry', async (t) => {
  const tmp = makeTempDir();
  t.after(() => tmp.remove());
  tmp.write('certs/ca.pem', caPem);
  tmp.write('certs/client.pem', 'CLIENT CERT');
  tmp.write('certs/client.key', 'CLIENT KEY');
  tmp.write('nested/tokens/t', 'tok-from-file\n');
  const main = tmp.write('main.yaml', kubeconfig({
    current: 'c',
    clusters: [['k', { server: 'https://k.example', 'certificate-authority': 'certs/ca.pem', 'tls-server-name': 'kubernetes' }]],
    users: [['u', { 'client-certificate': './certs/client.pem', 'client-key': 'certs/client.key' }]],
    contexts: [['c', { cluster: 'k', user: 'u' }], ['t', { cluster: 'k', user: 'tu' }]],
  }));
  const nested = tmp.write('nested/other.yaml', kubeconfig({
    users: [['tu', { tokenFile: 'tokens/t', exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: './bin/plugin' } }], ['pathcmd', { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws' } }]],
  }));
  const kc = await loadKubeconfig({ env: { KUBECONFIG: `${main}${path.delimiter}${nested}` } });
  const c = kc.resolveContext('c');
  assert.equal(c.cluster.caPem, caPem);
  assert.equal(c.cluster.tlsServerName, 'kubernetes');
  assert.equal(c.user.clientCertPem, 'CLIENT CERT');
  assert.equal(c.user.clientKeyPem, 'CLIENT KEY');
  const tu = kc.resolveContext('t');
  assert.equal(tu.user.tokenFile, path.join(tmp.dir, 'nested/tokens/t'));
  assert.equal(tu.user.exec?.command, path.join(tmp.dir, 'nested/bin/plugin'), 'a command with a slash is relative to its file');
  assert.equal(tu.user.exec?.interactiveMode, 'IfAvailable', 'v1beta1 defaults interactiveMode');
  assert.equal(kc.users.find((u) => u.name === 'pathcmd')?.exec?.command, 'aws', 'a bare command stays a PATH lookup');
});

test('*-data fields win over files, and decode from base64', async (t) => {
  const tmp = makeTempDir();
  t.after(() => tmp.remove());
  const file = tmp.write('config', kubeconfig({
    current: 'c',
    clusters: [['k', { server: 'https://k.example/prefix/', 'certificate-authority-data': b64(caPem), 'certificate-authority': 'does-not-exist.pem', 'insecure-skip-tls-verify': false }]],
    users: [['u', { 'client-certificate-data': b64('CERT'), 'client-key-data': b64('KEY') }]],
    contexts: [['c', { cluster: 'k', user: 'u' }]],
  }));
  const ctx = (await loadKubeconfig({ path: file })).resolveContext();
  assert.equal(ctx.cluster.caPem, caPem);
  assert.equal(ctx.cluster.server, 'https://k.example/prefix', 'trailing slash dropped, path prefix kept');
  assert.equal(ctx.user.clientCertPem, 'CERT');
  assert.equal(ctx.user.clientKeyPem, 'KEY');
});

test('missing files: an explicit path must exist; ~/.kube/config is the default; nothing at all is a clear error', async (t) => {
  const tmp = makeTempDir();
  t.after(() => tmp.remove());
  await assert.rejects(loadKubeconfig({ path: path.join(tmp.dir, 'nope.yaml') }), (err: Error) => err instanceof KubeconfigError && /nope\.yaml does not exist/.test(err.message));
  await assert.rejects(loadKubeconfig({ env: { KUBECONFIG: path.join(tmp.dir, 'x') + path.delimiter + path.join(tmp.dir, 'y'), HOME: tmp.dir } }), /no kubeconfig found/);
  tmp.write('.kube/config', kubeconfig({ current: 'home', clusters: [['h', { server: 'http://127.0.0.1:1' }]], contexts: [['home', { cluster: 'h' }]] }));
  const kc = await loadKubeconfig({ env: { HOME: tmp.dir } });
  assert.deepEqual(kc.files, [path.join(tmp.dir, '.kube/config')]);
  assert.equal(kc.resolveContext().cluster.server, 'http://127.0.0.1:1');
  assert.equal(kc.resolveContext().user.name, '', 'a context without a user is anonymous');
});

test('unusable contexts give errors that say what is missing', async (t) => {
  const tmp = makeTempDir();
  t.after(() => tmp.remove());
  const file = tmp.write('config', kubeconfig({
    clusters: [['k', { server: 'https://k' }], ['noserver', {}], ['badca', { server: 'https://x', 'certificate-authority': 'missing-ca.pem' }]],
    users: [['gcp', { 'auth-provider': { name: 'gcp' } }], ['v1exec', {}]],
    contexts: [['nouser', { cluster: 'k', user: 'ghost' }], ['nocluster', { cluster: 'ghost' }], ['ns', { cluster: 'noserver' }], ['gcp', { cluster: 'k', user: 'gcp' }], ['ca', { cluster: 'badca' }]],
  }));
  const kc = await loadKubeconfig({ path: file });
  assert.throws(() => kc.resolveContext(), /current-context is not set/);
  assert.throws(() => kc.resolveContext('zzz'), /context "zzz" not found .*known: nouser/);
  assert.throws(() => kc.resolveContext('nouser'), /user "ghost" of context "nouser" not found/);
  assert.throws(() => kc.resolveContext('nocluster'), /cluster "ghost" of context "nocluster" not found/);
  assert.throws(() => kc.resolveContext('ns'), /cluster "noserver" has no server/);
  assert.throws(() => kc.resolveContext('gcp'), /"gcp" auth-provider/);
  assert.throws(() => kc.resolveContext('ca'), /certificate-authority of cluster "badca".*missing-ca\.pem does not exist/);
  const bad = tmp.write('bad-exec', kubeconfig({ users: [['e', { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'x' } }]] }));
  await assert.rejects(loadKubeconfig({ path: bad }), /interactiveMode must be set/);
  const broken = tmp.write('broken', 'clusters: [\n');
  await assert.rejects(loadKubeconfig({ path: broken }), /error loading config file ".*broken"/);
});
