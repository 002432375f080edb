// kubectl (v1.32 here) sends strategic merge patches to the sandbox: `kubectl edit` computes one with
// upstream's CreateTwoWayMergePatch and the sandbox must apply it as the API server does; a patch
// upstream refuses is refused with upstream's status and text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { kubectlAgainstSandbox } from './support/kubectl';

const ns = ['-n', 'namespace-test'];
const { bin, sandbox, dir, run } = kubectlAgainstSandbox([]);

test('kubectl edit: its strategic patch (a finalizer, an image, a toleration) lands as on a real server', async (t) => {
  if (!bin) return t.skip('kubectl not on PATH');
  await sandbox().admin.reset();
  // The "editor" rewrites the YAML kubectl hands it.
  const editor = path.join(dir(), 'editor.js');
  writeFileSync(editor, `
const fs = require('fs');
const YAML = require(${JSON.stringify(require.resolve('yaml'))});
const file = process.argv[2];
const pod = YAML.parse(fs.readFileSync(file, 'utf8'));
pod.metadata.finalizers = [...(pod.metadata.finalizers || []), 'example.com/keep'];
pod.spec.containers[0].image = 'redis:7.2';
pod.spec.tolerations = [...(pod.spec.tolerations || []), { key: 'example.com/edited', operator: 'Exists', effect: 'NoSchedule' }];
fs.writeFileSync(file, YAML.stringify(pod));
`);
  const r = await run(['edit', 'pod', 'pod-test', ...ns], { KUBE_EDITOR: `${process.execPath} ${editor}` });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /pod\/pod-test edited/);
  const patches = (await sandbox().admin.requests()).filter((x) => x.method === 'PATCH');
  assert.deepEqual(patches.map((p) => [p.contentType, p.status]), [['application/strategic-merge-patch+json', 200]]);
  const got = await run(['get', 'pod', 'pod-test', ...ns, '-o', 'json']);
  const pod = JSON.parse(got.stdout);
  assert.deepEqual(pod.metadata.finalizers, ['example.com/keep']);
  assert.equal(pod.spec.containers[0].image, 'redis:7.2');
  assert.deepEqual(pod.spec.tolerations.at(-1), { key: 'example.com/edited', operator: 'Exists', effect: 'NoSchedule' });
  // kubectl's own directive removes it again.
  const rm = await run(['patch', 'pod', 'pod-test', ...ns, '--type', 'strategic', '-p', '{"metadata":{"$deleteFromPrimitiveList/finalizers":["example.com/keep"]}}', '-o', 'json']);
  assert.equal(rm.code, 0, rm.stderr);
  assert.deepEqual(JSON.parse(rm.stdout).metadata.finalizers ?? [], []);
});

test('kubectl patch: a $setElementOrder list that disagrees with the patch list is refused with upstream\'s 500 text', async (t) => {
  if (!bin) return t.skip('kubectl not on PATH');
  await sandbox().admin.reset();
  const patch = { metadata: { '$setElementOrder/finalizers': ['a', 'b'], finalizers: ['b', 'a'] } };
  const r = await run(['patch', 'pod', 'pod-test', ...ns, '--type', 'strategic', '-p', JSON.stringify(patch)]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /The order in patch list:\n\[b a\]\n doesn't match \$setElementOrder list:\n\[a b\]/);
  assert.equal((await sandbox().admin.requests()).filter((x) => x.method === 'PATCH').at(-1)?.status, 500);
});

test('kubectl patch: a malformed $retainKeys is a 400 BadRequest', async (t) => {
  if (!bin) return t.skip('kubectl not on PATH');
  await sandbox().admin.reset();
  const patch = { spec: { $retainKeys: 'containers' } };
  const r = await run(['patch', 'pod', 'pod-test', ...ns, '--type', 'strategic', '-p', JSON.stringify(patch)]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Error from server \(BadRequest\): invalid patch format of retainKeys/);
});
