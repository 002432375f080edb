// `podpatch apply` end to end: the built CLI against a TLS + token sandbox, with its kubeconfig.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import type { Pod } from '../../src/core/pod';
import { startSandboxProcess, type SandboxProcess } from '../support/sandboxProcess';
import { sandboxClient } from './support/sandboxKubeconfig';
import { runCli } from './support/runCli';

async function fetchManifest(sandbox: SandboxProcess, edit: (pod: Pod) => void, file = 'pod.yaml'): Promise<string> {
  const client = await sandboxClient(sandbox.kubeconfigPath);
  try {
    const pod = await client.getPod('namespace-test', 'pod-test');
    edit(pod);
    const p = path.join(sandbox.dir, file);
    writeFileSync(p, stringify(pod));
    return p;
  } finally {
    client.dispose();
  }
}

async function livePod(sandbox: SandboxProcess): Promise<Pod> {
  const client = await sandboxClient(sandbox.kubeconfigPath);
  try {
    return await client.getPod('namespace-test', 'pod-test');
  } finally {
    client.dispose();
  }
}

test('apply: --dry-run stores nothing; then the label change is patched with a merge patch; then unchanged', async (t) => {
  const sandbox = await startSandboxProcess(['--tls', '--token', 'cli-token-1']);
  t.after(() => sandbox.stop());
  const file = await fetchManifest(sandbox, (p) => { p.metadata!.labels = { ...p.metadata!.labels, name: 'pod-test2' }; });
  const before = await livePod(sandbox);

  const dry = await runCli(['apply', file, '--kubeconfig', sandbox.kubeconfigPath, '--dry-run']);
  assert.equal(dry.code, 0, dry.stderr);
  assert.equal(dry.stdout.trim(), 'pod/pod-test patched (server dry run): metadata.labels[name]');
  const afterDry = await livePod(sandbox);
  assert.equal(afterDry.metadata?.labels?.name, before.metadata?.labels?.name);
  assert.equal(afterDry.metadata?.resourceVersion, before.metadata?.resourceVersion, 'dry run stored nothing');

  const real = await runCli(['apply', file, '--kubeconfig', sandbox.kubeconfigPath]);
  assert.equal(real.code, 0, real.stderr);
  assert.equal(real.stdout.trim(), 'pod/pod-test patched: metadata.labels[name]');
  assert.equal((await livePod(sandbox)).metadata?.labels?.name, 'pod-test2');
  const patches = (await sandbox.admin.requests()).filter((r) => r.method === 'PATCH');
  assert.deepEqual(patches.map((r) => [r.contentType, r.status]), [['application/merge-patch+json', 200], ['application/merge-patch+json', 200]]);

  const again = await runCli(['apply', file, '--kubeconfig', sandbox.kubeconfigPath]);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout.trim(), 'pod/pod-test unchanged');
});

test('apply: a change the server would refuse prints findings like `podpatch check` and sends nothing', async (t) => {
  const sandbox = await startSandboxProcess();
  t.after(() => sandbox.stop());
  const file = await fetchManifest(sandbox, (p) => { p.spec!.restartPolicy = 'Never'; });
  const res = await runCli(['apply', file, '--kubeconfig', sandbox.kubeconfigPath, '--profile', 'kubernetes']);
  assert.equal(res.code, 1);
  const lines = res.stdout.trim().split('\n');
  assert.ok(lines.length >= 1);
  for (const line of lines) assert.match(line, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: \\S+: `));
  assert.ok(lines.some((l) => /Forbidden: pod updates may not change fields other than/.test(l)), res.stdout);
  assert.match(res.stderr, /pod\/pod-test cannot be patched .*nothing was sent/);
  assert.equal((await sandbox.admin.requests()).filter((r) => r.method === 'PATCH').length, 0);
  // Exactly what `podpatch check LIVE FILE` prints, positions included (issue 10: they differed).
  const live = await fetchManifest(sandbox, () => undefined, 'live.yaml');
  const checked = await runCli(['check', live, file]);
  assert.equal(checked.code, 1, checked.stderr);
  assert.equal(res.stdout, checked.stdout);
  const line = readFileSync(file, 'utf8').split('\n').findIndex((l) => /^\s*restartPolicy: Never$/.test(l)) + 1;
  assert.ok(lines.includes(`${file}:${line}:3: spec.restartPolicy: Forbidden: pod updates may not change this field`), res.stdout);
});

test('apply: a 422 from the server is placed on the file at the same line:column as check places the finding', async (t) => {
  // The sandbox runs CCI rules while apply checks with kubernetes': the finalizer passes locally, the server refuses it.
  const sandbox = await startSandboxProcess(['--profile', 'cci']);
  t.after(() => sandbox.stop());
  const live = await fetchManifest(sandbox, () => undefined, 'live.yaml');
  const file = await fetchManifest(sandbox, (p) => { p.metadata!.finalizers = ['example.com/keep']; });
  const res = await runCli(['apply', file, '--kubeconfig', sandbox.kubeconfigPath, '--profile', 'kubernetes']);
  assert.equal(res.code, 1, res.stderr);
  assert.match(res.stderr, /the server refused the patch/);
  const placed = res.stderr.split('\n').find((l) => l.startsWith(file) && l.includes(': metadata.finalizers: '));
  const checked = (await runCli(['check', live, file, '--profile', 'cci'])).stdout.split('\n').find((l) => l.includes(': metadata.finalizers: '));
  assert.ok(placed && checked, `${res.stderr}\n${checked}`);
  const where = (l: string) => l.slice(0, l.indexOf(': metadata.finalizers: '));
  assert.equal(where(placed), where(checked));
});

test('apply: a pod changed on the server since the file was fetched is a conflict, unless --force-conflicts', async (t) => {
  const sandbox = await startSandboxProcess();
  t.after(() => sandbox.stop());
  const file = await fetchManifest(sandbox, (p) => { p.metadata!.labels = { ...p.metadata!.labels, tier: 'gold' }; });
  await sandbox.admin.touch('namespace-test', 'pod-test');
  const res = await runCli(['apply', file, '--kubeconfig', sandbox.kubeconfigPath]);
  assert.equal(res.code, 1);
  assert.match(res.stderr, /conflict: pod\/pod-test was changed on the server since .* \(resourceVersion \d+ → \d+\)/);
  assert.match(res.stderr, /metadata\.annotations\[sandbox\.podpatch\.dev\/touched\]: \(absent\) in the file, .* on the server/);
  assert.match(res.stderr, /--force-conflicts/);
  assert.deepEqual((await sandbox.admin.requests()).filter((r) => r.method === 'PATCH').map((r) => r.status), [409]);
  assert.equal((await livePod(sandbox)).metadata?.labels?.tier, undefined);

  const forced = await runCli(['apply', file, '--kubeconfig', sandbox.kubeconfigPath, '--force-conflicts']);
  assert.equal(forced.code, 0, forced.stderr);
  assert.equal((await livePod(sandbox)).metadata?.labels?.tier, 'gold');
});

test('apply: strategic and JSON patch types, and clear errors for a missing pod and bad usage', async (t) => {
  const sandbox = await startSandboxProcess();
  t.after(() => sandbox.stop());
  const strategic = await fetchManifest(sandbox, (p) => { p.metadata!.annotations = { ...p.metadata!.annotations, 'example.com/a': '1' }; }, 'a.yaml');
  const s = await runCli(['apply', strategic, '--kubeconfig', sandbox.kubeconfigPath, '--type', 'strategic']);
  assert.equal(s.code, 0, s.stderr);
  const json = await fetchManifest(sandbox, (p) => { p.spec!.containers![0].image = 'redis:7'; }, 'b.yaml');
  const j = await runCli(['apply', json, '--kubeconfig', sandbox.kubeconfigPath, '--type', 'json']);
  assert.equal(j.code, 0, j.stderr);
  assert.equal(j.stdout.trim(), 'pod/pod-test patched: spec.containers[0].image');
  const live = await livePod(sandbox);
  assert.equal(live.metadata?.annotations?.['example.com/a'], '1');
  assert.equal(live.spec?.containers?.[0].image, 'redis:7');
  assert.deepEqual((await sandbox.admin.requests()).filter((r) => r.method === 'PATCH').map((r) => r.contentType), ['application/strategic-merge-patch+json', 'application/json-patch+json']);

  const missing = await fetchManifest(sandbox, (p) => { p.metadata!.name = 'ghost'; }, 'ghost.yaml');
  const m = await runCli(['apply', missing, '--kubeconfig', sandbox.kubeconfigPath]);
  assert.equal(m.code, 1);
  assert.match(m.stderr, /pod\/ghost not found in namespace "namespace-test"/);
  const usage = await runCli(['apply', missing, '--type', 'yaml']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--type must be merge, strategic or json/);
  const wrongNs = await runCli(['apply', missing, '--kubeconfig', sandbox.kubeconfigPath, '-n', 'other']);
  assert.equal(wrongNs.code, 2);
  assert.match(wrongNs.stderr, /namespace from the provided object "namespace-test" does not match the namespace "other"/);
});
