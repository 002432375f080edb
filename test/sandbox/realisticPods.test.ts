// `--pods N --realistic`: the generated pods have a real cluster's shape and size (5-10 KB of JSON,
// managedFields, a ReplicaSet owner, an init container and a sidecar, full status), and the pod
// summary keeps a small part of each.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { summarizePod } from '../../src/core/podSummary';
import { startSandboxProcess, type SandboxProcess } from '../support/sandboxProcess';
import { apiCall } from './support/apiCall';

let sb: SandboxProcess;

before(async () => { sb = await startSandboxProcess(['--pods', '20', '--realistic']); });
after(async () => { await sb?.stop(); });

test('realistic pods are 5-10 KB each with managedFields, owner, three containers and full status', async () => {
  const list = await apiCall(sb, 'GET', '/api/v1/pods?labelSelector=app');
  assert.equal(list.json.items.length, 20);
  for (const pod of list.json.items) {
    const size = JSON.stringify(pod).length;
    assert.ok(size >= 5000 && size <= 10_000, `${pod.metadata.name} is ${size} bytes`);
    assert.equal(pod.metadata.managedFields.length, 2);
    assert.equal(pod.metadata.ownerReferences[0].kind, 'ReplicaSet');
    assert.equal(pod.spec.initContainers.length, 1);
    assert.equal(pod.spec.containers.length, 2);
  }
  const summaries = list.json.items.map((p: any) => summarizePod(p));
  assert.ok(JSON.stringify(summaries[0]).length < 600);
  assert.deepEqual(summaries.map((s: any) => s.reason).filter((r: string) => r !== 'Running'), []);
});
