// `podpatch apply` on a release that serves pods/resize: it detects the version, sends the main
// patch and then PATCH .../resize with exactly the resource change, each reported; on 1.32 (no
// resize) the same edit is refused before anything is sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import type { Pod } from '../../src/core/pod';
import { startSandboxProcess, type SandboxProcess } from '../support/sandboxProcess';
import { sandboxClient } from './support/sandboxKubeconfig';
import { runCli } from './support/runCli';
import { detectServer, ServerDetectionCache } from '../../src/core/cluster/serverDetection';
import { createPodClient } from '../../src/core/cluster/podClient';
import { contextFor, sendJson, startFakeApiServer } from './support/fakeApiServer';

async function editedSeed(sandbox: SandboxProcess): Promise<string> {
  const client = await sandboxClient(sandbox.kubeconfigPath);
  try {
    const pod: Pod = await client.getPod('namespace-test', 'pod-test');
    pod.metadata!.labels = { ...pod.metadata!.labels, tier: 'cache' };
    pod.spec!.containers![0].resources = { limits: { cpu: '500m', memory: '2Gi' }, requests: { cpu: '500m', memory: '2Gi' } };
    const file = path.join(sandbox.dir, 'pod.yaml');
    writeFileSync(file, stringify(pod));
    return file;
  } finally {
    client.dispose();
  }
}

test('apply on 1.35: the label by the main patch, the memory by pods/resize, two requests reported', async (t) => {
  const sandbox = await startSandboxProcess(['--kubernetes-version', '1.35']);
  t.after(() => sandbox.stop());
  const file = await editedSeed(sandbox);
  const r = await runCli(['apply', file, '--kubeconfig', sandbox.kubeconfigPath]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.deepEqual(r.stdout.trim().split('\n'), [
    'pod/pod-test patched: metadata.labels[tier]',
    'pod/pod-test resized in place (pods/resize): spec.containers[0].resources.limits[memory], spec.containers[0].resources.requests[memory]',
  ]);
  const patches = (await sandbox.admin.requests()).filter((q) => q.method === 'PATCH');
  assert.deepEqual(patches.map((q) => [q.path, q.status]), [
    ['/api/v1/namespaces/namespace-test/pods/pod-test', 200],
    ['/api/v1/namespaces/namespace-test/pods/pod-test/resize', 200],
  ]);
  const client = await sandboxClient(sandbox.kubeconfigPath);
  t.after(() => client.dispose());
  const live = await client.getPod('namespace-test', 'pod-test');
  assert.equal(live.metadata?.labels?.tier, 'cache');
  assert.equal((live.spec?.containers?.[0].resources as { limits: Record<string, string> }).limits.memory, '2Gi');
});

test('apply on 1.32: the memory change is refused (only recreating applies it) and nothing is sent', async (t) => {
  const sandbox = await startSandboxProcess(['--kubernetes-version', '1.32']);
  t.after(() => sandbox.stop());
  const file = await editedSeed(sandbox);
  const r = await runCli(['apply', file, '--kubeconfig', sandbox.kubeconfigPath]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /spec: Forbidden: pod updates may not change fields other than/);
  assert.deepEqual((await sandbox.admin.requests()).filter((q) => q.method === 'PATCH'), []);
});

test('server detection: /version and discovery once per context, cached; unmodelled releases say so once', async (t) => {
  const sandbox = await startSandboxProcess(['--kubernetes-version', '1.33']);
  t.after(() => sandbox.stop());
  const client = await sandboxClient(sandbox.kubeconfigPath);
  t.after(() => client.dispose());
  const detected = await detectServer(client);
  assert.deepEqual({ ...detected }, { gitVersion: 'v1.33.0-podpatch-sandbox', serverVersion: '1.33', resizeServed: true });
  const lines: string[] = [];
  const cache = new ServerDetectionCache((l) => lines.push(l));
  await cache.get('podpatch-sandbox', client);
  await cache.get('podpatch-sandbox', client);
  const asked = (await sandbox.admin.requests()).filter((q) => q.path === '/version');
  assert.equal(asked.length, 2, 'one for detectServer, one for the cache');
  assert.deepEqual(lines, []);
});

/** A fake API server answering /version with `version` and /api/v1 with the given resource names. */
async function fakeCluster(t: { after(fn: () => unknown): void }, version: Record<string, string>, resources: string[]) {
  const server = await startFakeApiServer((req, res) => {
    if (req.url === '/version') return sendJson(res, 200, version);
    return sendJson(res, 200, { kind: 'APIResourceList', groupVersion: 'v1', resources: resources.map((name) => ({ name })) });
  });
  t.after(() => server.close());
  const client = createPodClient(contextFor(server.url));
  t.after(() => client.dispose());
  return { server, client };
}

test('a newer release than modelled falls back to the newest rules, said once per context; emulation sets gate defaults', async (t) => {
  const { server, client } = await fakeCluster(t, { major: '1', minor: '40', gitVersion: 'v1.40.1', emulationMajor: '1', emulationMinor: '39' }, ['pods']);
  const lines: string[] = [];
  const cache = new ServerDetectionCache((l) => lines.push(l));
  const first = await cache.get('fake', client);
  await cache.get('fake', client);
  assert.equal(first.serverVersion, '1.37');
  assert.equal(first.resizeServed, false, 'discovery did not list pods/resize');
  assert.deepEqual(lines, ['podpatch: server v1.40.1 is not a release podpatch models (1.29 ... 1.37); using the rules of 1.37']);
  assert.equal(server.seen.filter((r) => r.url === '/version').length, 1);
  const older = await fakeCluster(t, { major: '1', minor: '35', gitVersion: 'v1.35.0', emulationMajor: '1', emulationMinor: '33' }, ['pods/resize']);
  const emulated = await detectServer(older.client);
  assert.equal(emulated.serverVersion, '1.35');
  // Emulating 1.33: PodLevelResources is still alpha (off), unlike 1.35's default.
  assert.equal(emulated.featureGates?.PodLevelResources, false);
});
