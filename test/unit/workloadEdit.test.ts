// Editing a workload's document in the core pipeline (analyzeEdit → sendEdit) without VS Code:
// refused changes flagged on the line that changed, in upstream's words (Deployment spec.selector,
// StatefulSet fields other than those upstream lets change, a Job's template), and the merge patch
// with the resourceVersion precondition sent to apps/v1 or batch/v1. Also the owner-chain cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { analyzeEdit } from '../../src/core/edit/analyzeEdit';
import { sendEdit, type EditClient } from '../../src/core/edit/sendEdit';
import { OwnerChains, templateOwner, describeChain } from '../../src/core/cluster/ownerChain';
import { ApiError } from '../../src/core/cluster/apiError';
import { ownerPath } from '../../src/core/cluster/workloadResources';
import type { Pod } from '../../src/core/pod';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
  resourceVersion: "42"
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
status:
  replicas: 2
`;
const lineOf = (t: string, needle: string) => t.split('\n').findIndex((l) => l.includes(needle));
const target = { context: 'ctx', namespace: 'default', name: 'web', workload: 'Deployment' as const };

test('a Deployment: a spec.selector change is flagged on the changed label with "field is immutable", not sent', () => {
  const edited = deployment.replace('    matchLabels:\n      app: web', '    matchLabels:\n      app: web2');
  const a = analyzeEdit(edited, parse(deployment) as Pod, { profile: 'kubernetes', target, requirePod: true });
  const immutable = a.diagnostics.find((d) => d.rule === 'workload.selector.immutable');
  assert.ok(immutable, JSON.stringify(a.diagnostics));
  assert.equal(immutable.message, 'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable');
  assert.equal(immutable.range.start.line, lineOf(edited, 'app: web2'));
  // Upstream also says the selector no longer selects the template's pods.
  assert.ok(a.diagnostics.some((d) => d.message.startsWith('spec.template.metadata.labels: Invalid value') && d.message.includes('`selector` does not match template `labels`')));
  assert.equal(a.plan?.refused.length, 2);
  assert.deepEqual(a.plan?.recreateOnly, []);
});

test('a Deployment: an image change is a merge patch with the resourceVersion, sent to apps/v1', async () => {
  const edited = deployment.replace('nginx:1.27', 'nginx:1.28');
  const a = analyzeEdit(edited, parse(deployment) as Pod, { profile: 'kubernetes', target, requirePod: true });
  assert.deepEqual(a.diagnostics, []);
  assert.deepEqual(a.plan?.patch?.body, { metadata: { resourceVersion: '42' }, spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } } });
  const calls: unknown[][] = [];
  const client: EditClient = {
    getPod: () => Promise.reject(new Error('not a pod')),
    patchPod: () => Promise.reject(new Error('not a pod')),
    getWorkload: () => Promise.reject(new Error('unused')),
    async patchWorkload(kind, ns, name, body, opts) { calls.push([kind, ns, name, body, opts.type]); return { ...(parse(edited) as Pod), metadata: { name: 'web', resourceVersion: '43' } }; },
  };
  const outcome = await sendEdit(client, a.plan!, undefined);
  assert.equal(outcome.kind, 'patched');
  assert.deepEqual(calls, [['Deployment', 'default', 'web', a.plan!.patch!.body, 'merge']]);
  assert.equal(ownerPath('Deployment', 'default', 'web'), '/apis/apps/v1/namespaces/default/deployments/web');
  assert.equal(ownerPath('Job', 'default', 'migrate'), '/apis/batch/v1/namespaces/default/jobs/migrate');
});

test('a Deployment: a 409 fetches the latest Deployment (not a pod) and lays the edits over it', async () => {
  const edited = deployment.replace('nginx:1.27', 'nginx:1.28');
  const a = analyzeEdit(edited, parse(deployment) as Pod, { profile: 'kubernetes', target });
  const latest = parse(deployment.replace('"42"', '"50"').replace('replicas: 2\n  selector', 'replicas: 3\n  selector')) as Pod;
  const client: EditClient = {
    getPod: () => Promise.reject(new Error('not a pod')),
    patchPod: () => Promise.reject(new Error('not a pod')),
    getWorkload: async (kind) => { assert.equal(kind, 'Deployment'); return latest; },
    patchWorkload: () => Promise.reject(new ApiError({ code: 409, reason: 'Conflict', message: 'the object has been modified', method: 'PATCH', url: '/x' })),
  };
  const outcome = await sendEdit(client, a.plan!, undefined);
  assert.equal(outcome.kind, 'conflict');
  assert.ok(outcome.kind === 'conflict' && outcome.rebase);
});

const statefulSet = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: default
spec:
  serviceName: db
  replicas: 2
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
        - name: db
          image: redis:7.4
`;

test("a StatefulSet: upstream's one Forbidden on spec is flagged on each field that may not change; replicas and template may", () => {
  const edited = statefulSet.replace('serviceName: db', 'serviceName: other').replace('replicas: 2', 'replicas: 3').replace('redis:7.4', 'redis:8.0');
  const a = analyzeEdit(edited, parse(statefulSet) as Pod, { profile: 'kubernetes', target: { context: 'c', namespace: 'default', name: 'db', workload: 'StatefulSet' } });
  const errors = a.diagnostics.filter((d) => d.severity === 'error');
  assert.equal(errors.length, 1, JSON.stringify(errors));
  assert.match(errors[0].message, /^spec\.serviceName: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden/);
  assert.equal(errors[0].range.start.line, lineOf(edited, 'serviceName: other'));
  assert.deepEqual(errors[0].fix, { kind: 'revert', path: 'spec.serviceName', original: 'db' });
});

const job = `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  namespace: default
spec:
  completions: 2
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: registry.example/migrate:1.0
status:
  startTime: "2026-01-01T00:00:00Z"
`;

test("a Job: a template change is flagged on the changed line with upstream's spec.template message", () => {
  const edited = job.replace('migrate:1.0', 'migrate:2.0');
  const a = analyzeEdit(edited, parse(job) as Pod, { profile: 'kubernetes', target: { context: 'c', namespace: 'default', name: 'migrate', workload: 'Job' } });
  const errors = a.diagnostics.filter((d) => d.severity === 'error');
  assert.equal(errors.length, 1, JSON.stringify(errors));
  assert.equal(errors[0].message, 'spec.template.spec.containers[0].image: Invalid value: core.PodTemplateSpec{...}: field is immutable (upstream reports this on spec.template)');
  assert.equal(errors[0].range.start.line, lineOf(edited, 'migrate:2.0'));
});

test('owner chains: ReplicaSet → Deployment fetched once, cached, shared by concurrent asks; a 404 ends the chain', async () => {
  const fetched: string[] = [];
  const objects: Record<string, { metadata: { ownerReferences?: unknown[] } }> = {
    'ReplicaSet/web-abc': { metadata: { ownerReferences: [{ kind: 'Deployment', name: 'web', controller: true }] } },
    'Deployment/web': { metadata: {} },
    'Job/nightly-1': { metadata: { ownerReferences: [{ kind: 'CronJob', name: 'nightly', controller: true }] } },
  };
  let now = 0;
  const chains = new OwnerChains(async (kind, _ns, name) => {
    fetched.push(`${kind}/${name}`);
    const o = objects[`${kind}/${name}`];
    if (!o) throw new ApiError({ code: 404, reason: 'NotFound', message: 'not found', method: 'GET', url: '/x' });
    return o;
  }, { ttlMs: 1000, now: () => now });
  const signal = new AbortController().signal;
  assert.equal(chains.cached('default', { kind: 'ReplicaSet', name: 'web-abc' }), undefined);
  const [a, b] = await Promise.all([chains.resolve('default', { kind: 'ReplicaSet', name: 'web-abc' }, signal), chains.resolve('default', { kind: 'ReplicaSet', name: 'web-abc' }, signal)]);
  assert.deepEqual(a, [{ kind: 'ReplicaSet', name: 'web-abc' }, { kind: 'Deployment', name: 'web' }]);
  assert.deepEqual(b, a);
  assert.deepEqual(fetched, ['ReplicaSet/web-abc', 'Deployment/web']);
  assert.deepEqual(chains.cached('default', { kind: 'ReplicaSet', name: 'web-abc' }), a);
  assert.deepEqual(templateOwner(a), { kind: 'Deployment', name: 'web' });
  assert.equal(describeChain(a), 'ReplicaSet web-abc → Deployment web');
  const cron = await chains.resolve('default', { kind: 'Job', name: 'nightly-1' }, signal);
  assert.deepEqual(cron.map((l) => l.kind), ['Job', 'CronJob']); // the CronJob is not served: a 404 ends there
  assert.deepEqual(templateOwner(cron), { kind: 'Job', name: 'nightly-1' });
  now = 2000; // short-lived: asked again after ttlMs
  assert.equal(chains.cached('default', { kind: 'ReplicaSet', name: 'web-abc' }), undefined);
  await chains.resolve('default', { kind: 'ReplicaSet', name: 'web-abc' }, signal);
  assert.equal(fetched.filter((f) => f === 'ReplicaSet/web-abc').length, 2);
  // A kind that is not a pod owner podpatch knows is not fetched: the chain is that owner alone.
  assert.deepEqual(await chains.resolve('default', { kind: 'Rollout', name: 'x' }, signal), [{ kind: 'Rollout', name: 'x' }]);
});
