// Our kubeconfig loader against the real kubectl (client-go) on the same files: which entry wins
// when names repeat across KUBECONFIG files, current-context, and relative certificate paths
// (kubectl's --flatten reads them, so it shows which file each resolved against).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { loadKubeconfig } from '../../src/core/cluster/kubeconfig';
import { makeTempDir } from './support/tempFiles';

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;

type Named<T> = { name: string } & T;
type ViewedConfig = {
  'current-context'?: string;
  clusters: Named<{ cluster: Record<string, string> }>[];
  users: Named<{ user: Record<string, string> }>[];
  contexts: Named<{ context: Record<string, string> }>[];
};

test('KUBECONFIG merge and relative paths match kubectl config view --flatten', { skip: hasKubectl ? false : 'kubectl is not on PATH' }, async (t) => {
  const tmp = makeTempDir();
  t.after(() => tmp.remove());
  const pem = (who: string) => `-----BEGIN CERTIFICATE-----\n${Buffer.from(`ca of ${who}`).toString('base64')}\n-----END CERTIFICATE-----\n`;
  tmp.write('certs/ca.pem', pem('a'));
  tmp.write('sub/ca.pem', pem('b'));
  const a = tmp.write('a.yaml', `apiVersion: v1
kind: Config
clusters:
- name: shared
  cluster: {server: "https://first.example:6443", certificate-authority: certs/ca.pem}
users:
- name: alice
  user: {token: token-from-a}
contexts:
- name: ctx-a
  context: {cluster: shared, user: alice, namespace: team-a}
`);
  const b = tmp.write('sub/b.yaml', `apiVersion: v1
kind: Config
current-context: ctx-b
clusters:
- name: shared
  cluster: {server: "https://second.example:6443"}
- name: only-b
  cluster: {server: "https://b.example", certificate-authority: ca.pem}
users:
- name: alice
  user: {token: token-from-b}
- name: bob
  user: {token: bob-token}
contexts:
- name: ctx-a
  context: {cluster: only-b, user: bob}
- name: ctx-b
  context: {cluster: only-b, user: bob}
`);
  const c = tmp.write('c.yaml', 'apiVersion: v1\nkind: Config\ncurrent-context: ctx-a\n');
  const KUBECONFIG = [a, path.join(tmp.dir, 'missing.yaml'), b, c].join(path.delimiter);
  const run = spawnSync('kubectl', ['config', 'view', '--raw', '--flatten', '-o', 'json'], { env: { ...process.env, KUBECONFIG, HOME: tmp.dir }, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const view = JSON.parse(run.stdout) as ViewedConfig;

  const ours = await loadKubeconfig({ env: { KUBECONFIG, HOME: tmp.dir } });
  assert.equal(ours.currentContext, view['current-context']);
  assert.deepEqual(ours.contexts.map((x) => x.name).sort(), view.contexts.map((x) => x.name).sort());
  for (const ctx of view.contexts) {
    const resolved = ours.resolveContext(ctx.name);
    const cluster = view.clusters.find((x) => x.name === ctx.context.cluster)!;
    const user = view.users.find((x) => x.name === ctx.context.user)!;
    assert.equal(resolved.cluster.name, ctx.context.cluster, ctx.name);
    assert.equal(resolved.user.name, ctx.context.user, ctx.name);
    assert.equal(resolved.namespace, ctx.context.namespace ?? 'default', ctx.name);
    assert.equal(resolved.cluster.server, cluster.cluster.server, ctx.name);
    assert.equal(resolved.user.token, user.user.token, ctx.name);
    const caData = cluster.cluster['certificate-authority-data'];
    assert.equal(resolved.cluster.caPem, caData ? Buffer.from(caData, 'base64').toString() : undefined, `CA of ${ctx.name}`);
  }
});
