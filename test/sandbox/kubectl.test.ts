// The real kubectl (v1.32 on these machines) against the sandbox over TLS with a token, using only
// the written kubeconfig and a fresh HOME (fresh discovery cache) per test.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSandboxProcess, type SandboxProcess } from '../support/sandboxProcess';
import { findKubectl, kubectl, kubectlEnv, kubectlStream } from './support/kubectl';

const bin = findKubectl();
let sb: SandboxProcess;
let dir: string;

before(async () => {
  if (!bin) return;
  dir = mkdtempSync(path.join(tmpdir(), 'podpatch-kubectl-'));
  sb = await startSandboxProcess(['--tls', '--token', 'kubectl-token', '--pods', '20', '--status-delay', '20']);
});
after(async () => {
  await sb?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function run(args: string[], extra: NodeJS.ProcessEnv = {}) {
  return kubectl(bin!, args, kubectlEnv(dir, sb.kubeconfigPath, extra));
}

test('kubectl get pods -A shows the usual columns', async (t) => {
  if (!bin) return t.skip('kubectl not on PATH');
  const r = await run(['get', 'pods', '-A']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.match(lines[0], /^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
  assert.match(r.stdout, /namespace-test\s+pod-test\s+0\/1\s+ErrImagePull\s+0\s+\S+/);
  assert.equal(lines.length, 22);
});

test('kubectl get pod -o yaml returns the seed pod', async (t) => {
  if (!bin) return t.skip('kubectl not on PATH');
  const r = await run(['get', 'pod', 'pod-test', '-n', 'namespace-test', '-o', 'yaml']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /image: redis:latest/);
  assert.match(r.stdout, /qosClass: Guaranteed/);
  assert.match(r.stdout, /key: node.kubernetes.io\/not-ready/);
});

test("kubectl patch with the seed's example answers the seed's response", async (t) => {
  if (!bin) return t.skip('kubectl not on PATH');
  await sb.admin.reset();
  const expected = JSON.parse(readFileSync(path.resolve(__dirname, '../../../test/sandbox/fixtures/seed-patch-response.json'), 'utf8'));
  const r = await run(['patch', 'pod', 'pod-test', '-n', 'namespace-test', '--type', 'merge', '-p', '{"metadata":{"labels":{"name":"pod-test2"}}}', '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const got = JSON.parse(r.stdout);
  for (const o of [got, expected]) { delete o.metadata.resourceVersion; delete o.metadata.uid; delete o.metadata.creationTimestamp; }
  assert.deepEqual(got, expected);
  const log = await sb.admin.requests();
  const patch = log.filter((x) => x.method === 'PATCH').at(-1)!;
  assert.equal(patch.contentType, 'application/merge-patch+json');
  const again = await run(['patch', 'pod', 'pod-test', '-n', 'namespace-test', '--type', 'merge', '-p', '{"metadata":{"labels":{"name":"pod-test2"}}}']);
  assert.equal(again.stdout.trim(), 'pod/pod-test patched (no change)');
});

test('kubectl patches an image, and reports a forbidden restartPolicy change as invalid', async (t) => {
  if (!bin) return t.skip('kubectl not on PATH');
  const image = await run(['patch', 'pod', 'pod-test', '-n', 'namespace-test', '-p', '{"spec":{"containers":[{"name":"test","image":"redis:7.4"}]}}']);
  assert.equal(image.code, 0, image.stderr);
  assert.equal(image.stdout.trim(), 'pod/pod-test patched');
  const forbidden = await run(['patch', 'pod', 'pod-test', '-n', 'namespace-test', '--type', 'merge', '-p', '{"spec":{"restartPolicy":"Never"}}']);
  assert.notEqual(forbidden.code, 0);
  assert.match(forbidden.stderr, /The Pod "pod-test" is invalid: .*spec: Forbidden: pod updates may not change fields other than/s);
});

test('kubectl edit with an editor script that changes a label', async (t) => {
  if (!bin) return t.skip('kubectl not on PATH');
  const editor = path.join(dir, 'edit-label.js');
  writeFileSync(editor, `const fs = require('fs'); const f = process.argv[2];
fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace(/^(    name: )pod-test2?$/m, '$1edited-by-kubectl'));\n`);
  const r = await run(['edit', 'pod', 'pod-test', '-n', 'namespace-test'], { KUBE_EDITOR: `${process.execPath} ${editor}` });
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.equal(r.stdout.trim(), 'pod/pod-test edited');
  const log = await sb.admin.requests();
  const patch = log.filter((x) => x.method === 'PATCH').at(-1)!;
  assert.match(patch.query ?? '', /fieldValidation=Strict/);
  const labels = await run(['get', 'pod', 'pod-test', '-n', 'namespace-test', '-o', 'jsonpath={.metadata.labels.name}']);
  assert.equal(labels.stdout, 'edited-by-kubectl');
});

test('kubectl get pods -w prints the MODIFIED event of a change', async (t) => {
  if (!bin) return t.skip('kubectl not on PATH');
  const w = kubectlStream(bin, ['get', 'pods', '-n', 'namespace-test', '-w', '--output-watch-events'], kubectlEnv(dir, sb.kubeconfigPath));
  t.after(() => { w.child.kill(); });
  // Once the initial list is printed the watch is open; then change the pod behind kubectl's back.
  await w.waitFor(/^ADDED\s+pod-test\s/);
  await sb.admin.touch('namespace-test', 'pod-test');
  const line = await w.waitFor(/^MODIFIED\s+pod-test\s/);
  assert.match(line, /^MODIFIED\s+pod-test\s+\d\/1\s+\S+/);
});

test('kubectl run then delete a pod', async (t) => {
  if (!bin) return t.skip('kubectl not on PATH');
  const created = await run(['run', 'short-lived', '--image', 'nginx:1.27', '-n', 'namespace-test']);
  assert.equal(created.code, 0, created.stderr);
  assert.equal(created.stdout.trim(), 'pod/short-lived created');
  const deleted = await run(['delete', 'pod', 'short-lived', '-n', 'namespace-test']);
  assert.equal(deleted.code, 0, deleted.stderr);
  assert.equal(deleted.stdout.trim(), 'pod "short-lived" deleted');
  const gone = await run(['get', 'pod', 'short-lived', '-n', 'namespace-test']);
  assert.match(gone.stderr, /pods "short-lived" not found/);
});

test('kubectl create namespace (a protobuf body) then lists it', async (t) => {
  if (!bin) return t.skip('kubectl not on PATH');
  const created = await run(['create', 'namespace', 'team-kubectl']);
  assert.equal(created.code, 0, created.stderr);
  assert.equal(created.stdout.trim(), 'namespace/team-kubectl created');
  const list = await run(['get', 'ns', 'team-kubectl', '-o', 'jsonpath={.metadata.labels}']);
  assert.match(list.stdout, /"kubernetes.io\/metadata.name":"team-kubectl"/);
});
