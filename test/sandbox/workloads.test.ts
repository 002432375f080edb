// apps/v1 and batch/v1 workloads in the sandbox, driven by the real kubectl: discovery, get with
// server-side columns, the controller's ReplicaSet/pod chain with ownerReferences and
// pod-template-hash, rollout status, edit (KUBE_EDITOR), the update rules' 422s, cascading delete.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSandboxProcess, type SandboxProcess } from '../support/sandboxProcess';
import { apiCall, readWatch } from './support/apiCall';
import { findKubectl, kubectl, kubectlEnv } from './support/kubectl';

const bin = findKubectl();
let sb: SandboxProcess;
let dir: string;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'podpatch-workloads-'));
  sb = await startSandboxProcess(['--status-delay', '20', '--seed-workloads', '--job-run', '50']);
});
after(async () => {
  await sb?.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => { await sb.admin.reset(); });

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  return kubectl(bin!, args, kubectlEnv(dir, sb.kubeconfigPath, env));
}

/** Watches `path` (a collection) until some object satisfies `ok`. */
async function waitFor(p: string, ok: (o: any) => boolean): Promise<any> {
  const events = await readWatch(sb, `${p}${p.includes('?') ? '&' : '?'}watch=1`, (e) => e.type !== 'DELETED' && ok(e.object));
  const last = events.at(-1);
  assert.ok(last && ok(last.object), `nothing in ${p} reached the awaited state`);
  return last.object;
}

const MANIFESTS = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: "redis:7.4"}]}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: agent, image: "registry.example/agent:1.0"}]}
---
apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  completions: 2
  template:
    spec:
      restartPolicy: Never
      containers: [{name: migrate, image: "registry.example/migrate:1.0"}]
`;

test('discovery answers /apis, /apis/apps and /apis/apps/v1 as a pre-aggregation server does', async () => {
  const groups = await apiCall(sb, 'GET', '/apis');
  assert.deepEqual(groups.json.groups.map((g: any) => g.preferredVersion.groupVersion), ['apps/v1', 'batch/v1']);
  assert.equal((await apiCall(sb, 'GET', '/apis/apps')).json.kind, 'APIGroup');
  const apps = await apiCall(sb, 'GET', '/apis/apps/v1');
  assert.deepEqual(apps.json.resources.filter((r: any) => !r.name.includes('/')).map((r: any) => r.shortNames[0]), ['ds', 'deploy', 'rs', 'sts']);
});

test('the seeded Deployment owns a ReplicaSet (pod-template-hash) that owns 2 pods; kubectl get and rollout status', async (t) => {
  if (!bin) return t.skip('kubectl not on PATH');
  const rollout = await run(['rollout', 'status', 'deploy/web', '-n', 'default', '--timeout=20s']);
  assert.equal(rollout.code, 0, rollout.stderr);
  assert.match(rollout.stdout, /deployment "web" successfully rolled out/);
  const rs = (await apiCall(sb, 'GET', '/apis/apps/v1/namespaces/default/replicasets')).json.items;
  assert.equal(rs.length, 1);
  const hash = rs[0].metadata.labels['pod-template-hash'];
  assert.match(hash, /^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
  assert.equal(rs[0].metadata.name, `web-${hash}`);
  assert.equal(rs[0].metadata.ownerReferences[0].kind, 'Deployment');
  const pods = (await apiCall(sb, 'GET', `/api/v1/namespaces/default/pods?labelSelector=pod-template-hash%3D${hash}`)).json.items;
  assert.equal(pods.length, 2);
  for (const p of pods) assert.deepEqual(p.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs[0].metadata.name, uid: rs[0].metadata.uid, controller: true, blockOwnerDeletion: true }]);
  const get = await run(['get', 'deploy,rs', '-n', 'default']);
  assert.equal(get.code, 0, get.stderr);
  assert.match(get.stdout, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\ndeployment\.apps\/web\s+2\/2\s+2\s+2\s+\S+\n/);
  assert.match(get.stdout, new RegExp(`replicaset\\.apps/web-${hash}\\s+2\\s+2\\s+2\\s+`));
});

test('kubectl edit deploy changes the image: a new ReplicaSet, the old one scaled to 0, new pods, rollout completes', async (t) => {
  if (!bin) return t.skip('kubectl not on PATH');
  await waitFor('/apis/apps/v1/namespaces/default/deployments', (d) => d.status?.availableReplicas === 2);
  const editor = path.join(dir, 'edit-image.js');
  writeFileSync(editor, `const fs = require('fs'); const f = process.argv[2];
fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace('image: nginx:1.27', 'image: nginx:1.28'));\n`);
  const edit = await run(['edit', 'deploy', 'web', '-n', 'default'], { KUBE_EDITOR: `${process.execPath} ${editor}` });
  assert.equal(edit.code, 0, edit.stderr + edit.stdout);
  assert.match(edit.stdout, /deployment.apps\/web edited/);
  const rollout = await run(['rollout', 'status', 'deploy/web', '-n', 'default', '--timeout=20s']);
  assert.equal(rollout.code, 0, rollout.stderr);
  const sets = (await apiCall(sb, 'GET', '/apis/apps/v1/namespaces/default/replicasets')).json.items;
  assert.deepEqual(sets.map((r: any) => [r.spec.template.spec.containers[0].image, r.spec.replicas]).sort(), [['nginx:1.27', 0], ['nginx:1.28', 2]]);
  const pods = (await apiCall(sb, 'GET', '/api/v1/namespaces/default/pods')).json.items;
  assert.equal(pods.filter((p: any) => !p.metadata.deletionTimestamp && p.spec.containers[0].image === 'nginx:1.28').length, 2);
});

test("a refused change: spec.selector of a Deployment is immutable, in upstream's words (422 through kubectl)", async (t) => {
  if (!bin) return t.skip('kubectl not on PATH');
  const r = await run(['patch', 'deploy', 'web', '-n', 'default', '--type', 'merge', '-p', '{"spec":{"selector":{"matchLabels":{"app":"web2"}},"template":{"metadata":{"labels":{"app":"web2"}}}}}']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /The Deployment "web" is invalid: spec.selector: Invalid value: v1.LabelSelector\{MatchLabels:map\[string\]string\{"app":"web2"\}, MatchExpressions:\[\]v1.LabelSelectorRequirement\(nil\)\}: field is immutable/);
});

test('StatefulSet, DaemonSet and Job: created with kubectl apply, their pods run (the Job completes), refused changes', async (t) => {
  if (!bin) return t.skip('kubectl not on PATH');
  const file = path.join(dir, 'workloads.yaml');
  writeFileSync(file, MANIFESTS);
  const apply = await run(['apply', '-n', 'default', '-f', file]);
  assert.equal(apply.code, 0, apply.stderr);
  await waitFor('/apis/batch/v1/namespaces/default/jobs', (j) => j.status?.succeeded === 2 && j.status.conditions?.some((c: any) => c.type === 'Complete'));
  for (const target of ['sts/db', 'ds/agent']) {
    const rollout = await run(['rollout', 'status', target, '-n', 'default', '--timeout=20s']);
    assert.equal(rollout.code, 0, `${target}: ${rollout.stderr}`);
  }
  const get = await run(['get', 'sts,ds,jobs', '-n', 'default']);
  assert.match(get.stdout, /statefulset\.apps\/db\s+2\/2\s+/);
  assert.match(get.stdout, /daemonset\.apps\/agent\s+3\s+3\s+3\s+3\s+3\s+<none>\s+/);
  assert.match(get.stdout, /job\.batch\/migrate\s+Complete\s+2\/2\s+/);
  const pods = (await apiCall(sb, 'GET', '/api/v1/namespaces/default/pods?labelSelector=app%3Ddb')).json.items.map((p: any) => p.metadata.name).sort();
  assert.deepEqual(pods, ['db-0', 'db-1']);
  const sts = await run(['patch', 'sts', 'db', '-n', 'default', '--type', 'merge', '-p', '{"spec":{"serviceName":"other"}}']);
  assert.match(sts.stderr, /The StatefulSet "db" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden/);
  const jobImage = await run(['set', 'image', 'job/migrate', 'migrate=registry.example/migrate:2.0', '-n', 'default']);
  assert.match(jobImage.stderr, /Job "migrate" is invalid: spec.template: Invalid value: core.PodTemplateSpec\{\.\.\.\}: field is immutable/);
});

test('a StatefulSet template change replaces its pods; deleting the Deployment deletes its ReplicaSets and pods', async () => {
  const created = await apiCall(sb, 'POST', '/apis/apps/v1/namespaces/default/statefulsets', {
    body: { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'cache' }, spec: { serviceName: 'cache', replicas: 1, selector: { matchLabels: { app: 'cache' } }, template: { metadata: { labels: { app: 'cache' } }, spec: { containers: [{ name: 'c', image: 'redis:7.4' }] } } } },
  });
  assert.equal(created.status, 201, created.text);
  await waitFor('/apis/apps/v1/namespaces/default/statefulsets', (s) => s.status?.readyReplicas === 1);
  const patched = await apiCall(sb, 'PATCH', '/apis/apps/v1/namespaces/default/statefulsets/cache', { body: { spec: { template: { spec: { containers: [{ name: 'c', image: 'redis:8.0' }] } } } }, contentType: 'application/strategic-merge-patch+json' });
  assert.equal(patched.status, 200, patched.text);
  assert.equal(patched.json.metadata.generation, 2);
  const pod = await waitFor('/api/v1/namespaces/default/pods?fieldSelector=metadata.name%3Dcache-0', (p) => p.spec.containers[0].image === 'redis:8.0' && p.status?.phase === 'Running');
  assert.equal(pod.metadata.labels['statefulset.kubernetes.io/pod-name'], 'cache-0');

  await waitFor('/apis/apps/v1/namespaces/default/deployments', (d) => d.status?.availableReplicas === 2);
  const del = await apiCall(sb, 'DELETE', '/apis/apps/v1/namespaces/default/deployments/web');
  assert.equal(del.status, 200);
  assert.equal((await apiCall(sb, 'GET', '/apis/apps/v1/namespaces/default/replicasets')).json.items.length, 0);
  await readWatch(sb, '/api/v1/namespaces/default/pods?watch=1&labelSelector=app%3Dweb', (_e, all) => {
    const live = new Set<string>();
    for (const e of all) { if (e.type === 'DELETED') live.delete(e.object.metadata.name); else live.add(e.object.metadata.name); }
    return all.some((e) => e.type === 'DELETED') && live.size === 0;
  });
});

test('kubectl scale goes through the scale subresource (autoscaling/v1 Scale); the ReplicaSet follows', async (t) => {
  if (!bin) return t.skip('kubectl not on PATH');
  const scale = await apiCall(sb, 'GET', '/apis/apps/v1/namespaces/default/deployments/web/scale');
  assert.deepEqual({ kind: scale.json.kind, apiVersion: scale.json.apiVersion, spec: scale.json.spec, selector: scale.json.status.selector }, { kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 2 }, selector: 'app=web' });
  const r = await run(['scale', 'deploy/web', '-n', 'default', '--replicas=3']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'deployment.apps/web scaled');
  await waitFor('/apis/apps/v1/namespaces/default/replicasets', (rs) => rs.spec.replicas === 3 && rs.status?.readyReplicas === 3);
  const negative = await apiCall(sb, 'PATCH', '/apis/apps/v1/namespaces/default/deployments/web/scale', { body: { spec: { replicas: -1 } }, contentType: 'application/merge-patch+json' });
  assert.equal(negative.status, 422);
  assert.equal(negative.json.message, 'Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
});

test('kubectl get deploy,rs,sts,ds,jobs in one call, and kubectl edit deploy/web with EDITOR (not KUBE_EDITOR) then rollout status', async (t) => {
  if (!bin) return t.skip('kubectl not on PATH');
  const file = path.join(dir, 'all-kinds.yaml');
  writeFileSync(file, MANIFESTS);
  assert.equal((await run(['apply', '-n', 'default', '-f', file])).code, 0);
  await waitFor('/apis/batch/v1/namespaces/default/jobs', (j) => j.status?.succeeded === 2);
  const get = await run(['get', 'deploy,rs,sts,ds,jobs', '-n', 'default']);
  assert.equal(get.code, 0, get.stderr);
  for (const row of [/^deployment\.apps\/web\s+\d\/2\s+/m, /^replicaset\.apps\/web-\w+\s+2\s+/m, /^statefulset\.apps\/db\s+\d\/2\s+/m, /^daemonset\.apps\/agent\s+3\s+/m, /^job\.batch\/migrate\s+Complete\s+2\/2\s+/m]) assert.match(get.stdout, row);
  const editor = path.join(dir, 'edit-replicas.js');
  writeFileSync(editor, `const fs = require('fs'); const f = process.argv[2];
fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace(/^  replicas: 2$/m, '  replicas: 3'));\n`);
  const edit = await run(['edit', 'deploy/web', '-n', 'default'], { EDITOR: `${process.execPath} ${editor}` });
  assert.equal(edit.code, 0, edit.stderr + edit.stdout);
  assert.match(edit.stdout, /deployment.apps\/web edited/);
  const rollout = await run(['rollout', 'status', 'deploy/web', '-n', 'default', '--timeout=20s']);
  assert.equal(rollout.code, 0, rollout.stderr);
  assert.match(rollout.stdout, /deployment "web" successfully rolled out/);
  assert.equal((await apiCall(sb, 'GET', '/apis/apps/v1/namespaces/default/deployments/web')).json.status.readyReplicas, 3);
});
