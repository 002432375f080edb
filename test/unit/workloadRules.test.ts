// Update rules of the workload kinds, with cases modelled on upstream's table tests
// (pkg/apis/apps/validation TestValidateDeploymentUpdate / TestValidateStatefulSetUpdate,
// pkg/apis/batch/validation TestValidateJobUpdate, kubernetes/kubernetes master as read on
// 2026-12-02) and the exact messages the API server answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkWorkloadCreate, checkWorkloadUpdate } from '../../src/core/rules/workloads/checkWorkloadUpdate';
import { goLabelSelector, selectorMatches, selectorQuery } from '../../src/core/rules/workloads/labelSelector';
import { formatFinding } from '../../src/core/rules/finding';

type Obj = Record<string, any>;

function deployment(edit: (d: Obj) => void = () => undefined): Obj {
  const d: Obj = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { restartPolicy: 'Always', containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
  };
  edit(d);
  return d;
}

function statefulSet(edit: (d: Obj) => void = () => undefined): Obj {
  const s = deployment((d) => { d.kind = 'StatefulSet'; d.spec.serviceName = 'db'; d.spec.podManagementPolicy = 'OrderedReady'; d.spec.updateStrategy = { type: 'RollingUpdate' }; });
  edit(s);
  return s;
}

function job(edit: (d: Obj) => void = () => undefined): Obj {
  const j: Obj = {
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: 'default' },
    spec: { completions: 1, parallelism: 1, completionMode: 'NonIndexed', selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u1' } }, template: { metadata: { labels: { 'batch.kubernetes.io/controller-uid': 'u1' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'm', image: 'm:1' }] } } },
    status: {},
  };
  edit(j);
  return j;
}

const messages = (kind: any, o: Obj, n: Obj) => checkWorkloadUpdate(kind, o, n).map(formatFinding);

test('LabelSelector renders as Go %#v, matches labels, and becomes a label query', () => {
  assert.equal(goLabelSelector({ matchLabels: { b: '2', a: '1' } }).text, 'v1.LabelSelector{MatchLabels:map[string]string{"a":"1", "b":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}');
  assert.equal(goLabelSelector({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }] }).text,
    'v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"tier", Operator:"In", Values:[]string{"a"}}}}');
  assert.ok(selectorMatches({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] }, { app: 'web', tier: 'fe' }));
  assert.ok(!selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, { app: 'web' }));
  assert.equal(selectorQuery({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }, { key: 'x', operator: 'DoesNotExist' }] }), 'app=web,tier in (a,b),!x');
});

test('Deployment: image, replicas and strategy may change; spec.selector may not (apps/v1), nor may the template stop matching it', () => {
  assert.deepEqual(messages('Deployment', deployment(), deployment((d) => { d.spec.template.spec.containers[0].image = 'nginx:1.28'; d.spec.replicas = 5; d.spec.strategy = { type: 'Recreate' }; })), []);
  assert.deepEqual(messages('Deployment', deployment(), deployment((d) => { d.spec.selector = { matchLabels: { app: 'web2' } }; d.spec.template.metadata.labels = { app: 'web2' }; })), [
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
  ]);
  assert.deepEqual(messages('Deployment', deployment(), deployment((d) => { d.spec.template.metadata.labels = { app: 'other' }; })), [
    'spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`',
  ]);
  assert.deepEqual(messages('Deployment', deployment(), deployment((d) => { d.spec.replicas = -1; d.spec.template.spec.restartPolicy = 'Never'; })), [
    'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
  ]);
  const fix = checkWorkloadUpdate('Deployment', deployment(), deployment((d) => { d.spec.selector.matchLabels.app = 'x'; d.spec.template.metadata.labels.app = 'x'; }))[0].fix;
  assert.deepEqual(fix, { kind: 'revert', path: 'spec.selector', original: { matchLabels: { app: 'web' } } });
});

test('Deployment create: a missing or empty selector', () => {
  assert.deepEqual(checkWorkloadCreate('Deployment', deployment((d) => { delete d.spec.selector; })).map(formatFinding), ['spec.selector: Required value']);
  assert.deepEqual(checkWorkloadCreate('Deployment', deployment((d) => { d.spec.selector = {}; })).map(formatFinding), [
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
  ]);
});

test('ReplicaSet and DaemonSet: the selector is immutable too', () => {
  const rs = deployment((d) => { d.kind = 'ReplicaSet'; });
  assert.equal(messages('ReplicaSet', rs, deployment((d) => { d.kind = 'ReplicaSet'; d.spec.selector.matchLabels.tier = 'x'; d.spec.template.metadata.labels.tier = 'x'; })).length, 1);
  const ds = deployment((d) => { d.kind = 'DaemonSet'; delete d.spec.replicas; });
  assert.deepEqual(messages('DaemonSet', ds, deployment((d) => { d.kind = 'DaemonSet'; delete d.spec.replicas; d.spec.template.spec.containers[0].image = 'x:2'; })), []);
});

test('StatefulSet: replicas, template, updateStrategy, minReadySeconds ... may change; serviceName or volumeClaimTemplates may not', () => {
  assert.deepEqual(messages('StatefulSet', statefulSet(), statefulSet((s) => {
    s.spec.replicas = 3; s.spec.template.spec.containers[0].image = 'redis:8'; s.spec.updateStrategy = { type: 'OnDelete' }; s.spec.minReadySeconds = 5;
    s.spec.revisionHistoryLimit = 3; s.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Delete', whenScaled: 'Retain' }; s.spec.ordinals = { start: 1 };
  })), []);
  const forbidden = "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
  assert.deepEqual(messages('StatefulSet', statefulSet(), statefulSet((s) => { s.spec.serviceName = 'other'; })), [forbidden]);
  assert.deepEqual(messages('StatefulSet', statefulSet(), statefulSet((s) => { s.spec.volumeClaimTemplates = [{ metadata: { name: 'data' } }]; })), [forbidden]);
  assert.deepEqual(messages('StatefulSet', statefulSet(), statefulSet((s) => { s.spec.podManagementPolicy = 'Parallel'; })), [forbidden]);
});

test('Job: the template is immutable, except scheduling directives of a suspended Job that never started', () => {
  const changedImage = job((j) => { j.spec.template.spec.containers[0].image = 'm:2'; });
  assert.deepEqual(messages('Job', job(), changedImage), ['spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable']);
  const scheduling = (j: Obj) => { j.spec.template.spec.nodeSelector = { disk: 'ssd' }; j.spec.template.spec.tolerations = [{ key: 'k', operator: 'Exists' }]; j.spec.template.metadata.annotations = { a: 'b' }; j.spec.template.spec.affinity = { nodeAffinity: {} }; };
  assert.equal(messages('Job', job(), job(scheduling)).length, 1, 'a running Job may not change them');
  const suspended = job((j) => { j.spec.suspend = true; });
  assert.deepEqual(messages('Job', suspended, job((j) => { j.spec.suspend = true; scheduling(j); })), []);
  const started = job((j) => { j.spec.suspend = true; j.status.startTime = '2024-01-01T00:00:00Z'; });
  assert.equal(messages('Job', started, job((j) => { j.spec.suspend = true; scheduling(j); })).length, 1, 'one that started may not');
  assert.equal(messages('Job', suspended, job((j) => { j.spec.suspend = true; j.spec.template.spec.containers[0].image = 'm:2'; })).length, 1, 'images stay immutable');
});

test('Job: completions (Indexed: only with parallelism), selector and completionMode are immutable; suspend and parallelism may change', () => {
  assert.deepEqual(messages('Job', job(), job((j) => { j.spec.suspend = true; j.spec.parallelism = 3; })), []);
  assert.deepEqual(messages('Job', job(), job((j) => { j.spec.completions = 3; })), ['spec.completions: Invalid value: 3: field is immutable']);
  const indexed = (c: number, p: number) => job((j) => { j.spec.completionMode = 'Indexed'; j.spec.completions = c; j.spec.parallelism = p; });
  assert.deepEqual(messages('Job', indexed(1, 1), indexed(3, 3)), []);
  assert.deepEqual(messages('Job', indexed(1, 1), indexed(3, 1)), ['spec.completions: Invalid value: 3: can only be modified in tandem with spec.parallelism']);
  assert.deepEqual(messages('Job', job(), job((j) => { j.spec.completionMode = 'Indexed'; })), ['spec.completionMode: Invalid value: "Indexed": field is immutable']);
  assert.equal(messages('Job', job(), job((j) => { j.spec.selector.matchLabels.x = 'y'; j.spec.template.metadata.labels.x = 'y'; })).filter((m) => m.startsWith('spec.selector')).length, 1);
});
