// Rule engine (kubernetes profile) on rows beyond the conformance file: each test is an upstream
// rule applied to a case the file does not hold, so a rule fitted to the cases would fail here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPodUpdate } from '../../src/core/rules/checkPodUpdate';
import { formatFinding, type Finding } from '../../src/core/rules/finding';
import { container, makePod } from './podFactory';

const errors = (fs: Finding[]) => fs.filter((f) => f.severity === 'error').map(formatFinding);
const check = (a: ReturnType<typeof makePod>, b: ReturnType<typeof makePod>) => errors(checkPodUpdate(a, b, 'kubernetes'));

test('metadata.name change is immutable, reported with the new value and a revert fix', () => {
  const findings = checkPodUpdate(makePod(), makePod({}, { name: 'bar' }), 'kubernetes');
  const f = findings.find((x) => x.path === 'metadata.name');
  assert.equal(f && formatFinding(f), 'metadata.name: Invalid value: "bar": field is immutable');
  assert.deepEqual(f?.fix, { kind: 'revert', path: 'metadata.name', original: 'foo' });
});

test('deletionTimestamp removed or changed is immutable too', () => {
  const deleting = makePod({}, { deletionTimestamp: '2025-01-01T00:00:00Z' });
  assert.ok(check(deleting, makePod()).includes('metadata.deletionTimestamp: Invalid value: "null": field is immutable'));
  assert.ok(check(deleting, makePod({}, { deletionTimestamp: '2026-01-01T00:00:00Z' })).includes('metadata.deletionTimestamp: Invalid value: 2026-01-01 00:00:00 +0000 UTC: field is immutable'));
});

test('no new finalizers while the pod is being deleted; removing them is fine', () => {
  const old = makePod({}, { deletionTimestamp: '2025-01-01T00:00:00Z', finalizers: ['example.com/a'] });
  assert.deepEqual(check(old, makePod({}, { deletionTimestamp: '2025-01-01T00:00:00Z', finalizers: [] })), []);
  assert.deepEqual(check(old, makePod({}, { deletionTimestamp: '2025-01-01T00:00:00Z', finalizers: ['example.com/a', 'example.com/b'] })), [
    'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/b"}',
  ]);
});

test('more containers: count change returns early, nothing else reported', () => {
  const next = makePod({ containers: [container(), container({ name: 'ctr2' })], restartPolicy: 'Never' });
  assert.deepEqual(check(makePod(), next), ['spec.containers: Forbidden: pod updates may not add or remove containers']);
});

test('init container image may change, but not to empty or with whitespace', () => {
  const old = makePod({ initContainers: [container({ name: 'init', image: 'a:1' })] });
  assert.deepEqual(check(old, makePod({ initContainers: [container({ name: 'init', image: 'a:2' })] })), []);
  assert.ok(check(old, makePod({ initContainers: [container({ name: 'init', image: '' })] })).includes('spec.initContainers[0].image: Required value'));
  assert.ok(check(old, makePod({ initContainers: [container({ name: 'init', image: 'a:2 ' })] })).includes('spec.initContainers[0].image: Invalid value: "a:2 ": must not have leading or trailing whitespace'));
});

test('activeDeadlineSeconds: set from nil, lower, never raise', () => {
  assert.deepEqual(check(makePod(), makePod({ activeDeadlineSeconds: 60 })), []);
  assert.deepEqual(check(makePod({ activeDeadlineSeconds: 60 }), makePod({ activeDeadlineSeconds: 59 })), []);
  assert.deepEqual(check(makePod({ activeDeadlineSeconds: 30 }), makePod({ activeDeadlineSeconds: 31 })), [
    'spec.activeDeadlineSeconds: Invalid value: 31: must be less than or equal to previous value',
  ]);
  assert.ok(check(makePod(), makePod({ activeDeadlineSeconds: 0 })).includes('spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive'));
});

test('tolerations: additions anywhere and tolerationSeconds changes are fine; removal or operator change is not', () => {
  const t1 = { key: 'k', operator: 'Equal', value: 'v', effect: 'NoExecute', tolerationSeconds: 10 };
  const t2 = { key: 'k2', operator: 'Exists', effect: 'NoSchedule' };
  const old = makePod({ tolerations: [t1] });
  assert.deepEqual(check(old, makePod({ tolerations: [t2, { ...t1, tolerationSeconds: 300 }] })), []);
  assert.deepEqual(check(old, makePod({ tolerations: [{ ...t1, tolerationSeconds: undefined }] })), []);
  assert.deepEqual(check(makePod(), makePod({ tolerations: [t2] })), []);
  const forbidden = 'spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds';
  assert.deepEqual(check(old, makePod({ tolerations: [t2] })), [forbidden]);
  assert.deepEqual(check(makePod({ tolerations: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] }), makePod({ tolerations: [{ key: 'k', operator: 'Equal', value: 'v', effect: 'NoSchedule' }] })), [forbidden]);
});

test('new tolerations must be valid', () => {
  const errs = check(makePod(), makePod({ tolerations: [{ operator: 'Equal', value: 'x' }, { key: 'k', operator: 'Exists', value: 'v' }, { key: 'k', operator: 'Bogus', effect: 'Never' }] }));
  assert.ok(errs.some((e) => e.startsWith('spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty')));
  assert.ok(errs.some((e) => e.startsWith('spec.tolerations[1].operator: Invalid value:') && e.endsWith("value must be empty when `operator` is 'Exists'")));
  assert.ok(errs.includes('spec.tolerations[2].operator: Unsupported value: "Bogus": supported values: "Equal", "Exists"'));
  assert.ok(errs.includes('spec.tolerations[2].effect: Unsupported value: "Never": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"'));
});

test('schedulingGates: removal allowed, additions reported at their index in the new list', () => {
  const old = makePod({ schedulingGates: [{ name: 'a' }, { name: 'b' }] });
  assert.deepEqual(check(old, makePod({ schedulingGates: [{ name: 'b' }] })), []);
  assert.deepEqual(check(old, makePod({ schedulingGates: [{ name: 'b' }, { name: 'a' }] })), []);
  assert.deepEqual(check(old, makePod({ schedulingGates: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] })), [
    "spec.schedulingGates[2].name: Forbidden: only deletion is allowed, but found new scheduling gate 'c'",
  ]);
  assert.deepEqual(check(makePod(), makePod({ schedulingGates: [{ name: 'x' }] })), [
    "spec.schedulingGates[0].name: Forbidden: only deletion is allowed, but found new scheduling gate 'x'",
  ]);
});

test('terminationGracePeriodSeconds: negative to 1 allowed, any other change is the catch-all', () => {
  assert.deepEqual(check(makePod({ terminationGracePeriodSeconds: -1 }), makePod({ terminationGracePeriodSeconds: 1 })), []);
  const errs = check(makePod(), makePod({ terminationGracePeriodSeconds: 1 }));
  assert.ok(errs[0].startsWith('spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)'));
  assert.ok(errs.includes('spec.terminationGracePeriodSeconds: Forbidden: pod updates may not change this field'));
});

test('gated pods: nodeSelector additions allowed, removals not; the same request may remove the last gate', () => {
  const gated = makePod({ schedulingGates: [{ name: 'g' }], nodeSelector: { a: 'b' } });
  assert.deepEqual(check(gated, makePod({ nodeSelector: { a: 'b', c: 'd' } })), []);
  assert.deepEqual(check(gated, makePod({ schedulingGates: [{ name: 'g' }] })), [
    'spec.nodeSelector: Invalid value: map[string]string(nil): only additions to spec.nodeSelector are allowed (no mutations or deletions)',
  ]);
});

test('gated pods: required node affinity terms grow by appending expressions; a new term is refused', () => {
  const term = (values: string[]) => ({ matchExpressions: [{ key: 'k', operator: 'In', values }] });
  const affinity = (...terms: unknown[]) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } });
  const gated = makePod({ schedulingGates: [{ name: 'g' }], affinity: affinity(term(['a'])) });
  const appended = { matchExpressions: [...term(['a']).matchExpressions, { key: 'k2', operator: 'Exists' }] };
  assert.deepEqual(check(gated, makePod({ schedulingGates: [{ name: 'g' }], affinity: affinity(appended) })), []);
  const errs = check(gated, makePod({ schedulingGates: [{ name: 'g' }], affinity: affinity(term(['a']), term(['b'])) }));
  assert.equal(errs.length, 1);
  assert.match(errs[0], /^spec\.affinity\.nodeAffinity\.requiredDuringSchedulingIgnoredDuringExecution\.nodeSelectorTerms: Invalid value: .*: no additions\/deletions to non-empty NodeSelectorTerms list are allowed$/);
  // Not gated: the same change is the catch-all.
  assert.ok(check(makePod({ affinity: affinity(term(['a'])) }), makePod({ affinity: affinity(appended) }))[0].startsWith('spec: Forbidden'));
});

test('invalid label value in required node affinity is refused unless the old pod already had one (ratcheting)', () => {
  const affinity = (v: string, extra: string[] = []) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'k', operator: 'In', values: [v, ...extra] }] }] } } });
  const gates = { schedulingGates: [{ name: 'g' }] };
  const errs = check(makePod(gates), makePod({ ...gates, affinity: affinity('ok', ['-1']) }));
  assert.deepEqual(errs.length, 1);
  assert.match(errs[0], /matchExpressions\[0\]\.values\[1\]: Invalid value: "-1": a valid label must be an empty string/);
  // The old pod already had "-1": the same value is accepted while something else changes.
  assert.deepEqual(check(makePod({ ...gates, affinity: affinity('-1') }), makePod({ ...gates, affinity: affinity('-1') }, { labels: { a: 'b' } })), []);
});

test('semantic equality: quantities by value, nil equals empty, omitted equals zero value', () => {
  const res = (cpu: unknown, mem: unknown) => makePod({ containers: [container({ resources: { limits: { cpu, memory: mem } } })] });
  assert.deepEqual(check(res('1', '1Gi'), res('1000m', '1073741824')), []);
  assert.deepEqual(check(res(1, '1024Mi'), res('1', '1Gi')), []);
  assert.ok(check(res('1', '1Gi'), res('1001m', '1Gi'))[0].startsWith('spec: Forbidden'));
  assert.deepEqual(check(makePod({ volumes: [] }), makePod({ nodeSelector: {}, imagePullSecrets: null, hostNetwork: false })), []);
  // Pointer fields: nil is not false.
  assert.ok(check(makePod(), makePod({ containers: [container({ securityContext: { privileged: false } })] }))[0].startsWith('spec: Forbidden'));
});

test('catch-all reports each changed leaf with the value to revert to', () => {
  const old = makePod({ containers: [container({ ports: [{ containerPort: 80, protocol: 'TCP' }] })] });
  const next = makePod({ restartPolicy: 'Never', containers: [container({ image: 'new', ports: [{ containerPort: 8080, protocol: 'TCP' }] })], hostname: 'h' });
  const fields = checkPodUpdate(old, next, 'kubernetes').filter((f) => f.rule === 'spec.fieldChanged');
  assert.deepEqual(fields.map((f) => [f.path, f.fix]).sort(), [
    ['spec.containers[0].ports[0].containerPort', { kind: 'revert', path: 'spec.containers[0].ports[0].containerPort', original: 80 }],
    ['spec.hostname', { kind: 'revert', path: 'spec.hostname', original: undefined }],
    ['spec.restartPolicy', { kind: 'revert', path: 'spec.restartPolicy', original: 'Always' }],
  ]);
  // Up to 1.33 the detail is go-cmp's per-field diff; from 1.34 a unified diff of the internal PodSpec as indented JSON.
  const spec = checkPodUpdate(old, next, { profile: 'kubernetes', serverVersion: '1.33' }).find((f) => f.path === 'spec');
  assert.deepEqual(spec?.fix, { kind: 'recreate' });
  assert.match(spec?.detail ?? '', /restartPolicy: "Always"/);
  assert.match(spec?.detail ?? '', /restartPolicy: "Never"/);
  const unified = checkPodUpdate(old, next, { profile: 'kubernetes', serverVersion: '1.34' }).find((f) => f.path === 'spec');
  assert.match(unified?.detail ?? '', /^@@ -\d+,\d+ \+\d+,\d+ @@\n/);
  assert.match(unified?.detail ?? '', /\n- "RestartPolicy": "Always",\n/);
  assert.match(unified?.detail ?? '', /\n\+ "RestartPolicy": "Never",\n/);
});

test('mirror and AppArmor annotations cannot be added, changed or removed; other annotations can', () => {
  const mirror = 'kubernetes.io/config.mirror';
  const old = makePod({ nodeName: 'n' }, { annotations: { [mirror]: 'x', note: 'a' } });
  assert.deepEqual(check(old, makePod({ nodeName: 'n' }, { annotations: { [mirror]: 'x', note: 'b', other: 'c' } })), []);
  assert.deepEqual(check(old, makePod({ nodeName: 'n' }, { annotations: { note: 'a' } })), [`metadata.annotations[${mirror}]: Forbidden: may not remove or update mirror pod annotation`]);
  const apparmor = 'container.apparmor.security.beta.kubernetes.io/ctr';
  assert.ok(check(makePod(), makePod({}, { annotations: { [apparmor]: 'runtime/default' } })).includes(`metadata.annotations[${apparmor}]: Forbidden: may not add AppArmor annotations`));
});

test('label and annotation syntax are validated on the new pod', () => {
  assert.ok(check(makePod(), makePod({}, { labels: { app: 'bad value' } })).some((e) => e.startsWith('metadata.labels: Invalid value: "bad value": a valid label must be')));
  assert.ok(check(makePod(), makePod({}, { annotations: { 'bad key!': 'x' } })).some((e) => e.startsWith('metadata.annotations: Invalid value: "bad key!": name part must consist of')));
  assert.deepEqual(check(makePod(), makePod({}, { labels: { 'app.kubernetes.io/name': 'web' } })), []);
});

test('the new pod is validated whole: windows pod with seLinuxOptions, unknown OS name', () => {
  const errs = check(makePod({ os: { name: 'windows' }, securityContext: { seLinuxOptions: { role: 'r' } } }), makePod({ os: { name: 'windows' }, securityContext: { seLinuxOptions: { role: 'r' } } }, { labels: { a: 'b' } }));
  assert.deepEqual(errs, ['spec.securityContext.seLinuxOptions: Forbidden: cannot be set for a windows pod']);
  assert.ok(check(makePod({ os: { name: 'plan9' } }), makePod({ os: { name: 'plan9' } })).includes('spec.os: Unsupported value: "plan9": supported values: "linux", "windows"'));
});

test('server-owned fields are information, never errors', () => {
  const old = makePod({}, { uid: 'u1', resourceVersion: '5', generation: 2, creationTimestamp: '2020-01-01T00:00:00Z' });
  (old as Record<string, unknown>).status = { phase: 'Running' };
  const next = makePod({}, { uid: 'u2', resourceVersion: '6', generation: 3, creationTimestamp: '2021-01-01T00:00:00Z', selfLink: '/x' });
  (next as Record<string, unknown>).status = { phase: 'Failed' };
  const findings = checkPodUpdate(old, next, 'kubernetes');
  assert.deepEqual(findings.filter((f) => f.severity === 'error'), []);
  assert.deepEqual(findings.map((f) => f.path).sort(), ['metadata.creationTimestamp', 'metadata.generation', 'metadata.resourceVersion', 'metadata.selfLink', 'metadata.uid', 'status']);
  for (const f of findings) assert.match(f.message, /the server ignores this change/);
});

test('removing a defaulted field is Required (as well as a catch-all change); never having it is fine', () => {
  const next = makePod();
  delete (next.spec as Record<string, unknown>).terminationGracePeriodSeconds;
  const errs = check(makePod(), next);
  assert.ok(errs.includes('spec.terminationGracePeriodSeconds: Required value'));
  assert.ok(errs.some((e) => e.startsWith('spec: Forbidden')));
  assert.deepEqual(check(next, { ...next, metadata: { ...next.metadata, labels: { a: 'b' } } }), []);
  assert.ok(check(makePod(), makePod({ containers: [container({ imagePullPolicy: 'Sometimes' })] })).includes('spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"'));
});

test('a number where the API wants a string is reported on the field (the server would refuse to decode it)', () => {
  const errs = check(makePod(), makePod({}, { labels: { version: 1 } }));
  assert.deepEqual(errs, ['metadata.labels[version]: Invalid value: 1: must be a string; quote it in YAML ("1")']);
});

test('items appended to a list are reported one by one; other list changes on the list', () => {
  const old = makePod({ containers: [container({ ports: [{ containerPort: 80 }] })] });
  const appended = checkPodUpdate(old, makePod({ containers: [container({ ports: [{ containerPort: 80 }, { containerPort: 81 }] })] }), 'kubernetes');
  assert.deepEqual(appended.filter((f) => f.rule === 'spec.fieldChanged').map((f) => [f.path, f.fix]), [
    ['spec.containers[0].ports[1]', { kind: 'revert', path: 'spec.containers[0].ports[1]', original: undefined }],
  ]);
  const removed = checkPodUpdate(old, makePod({ containers: [container({ ports: [] })] }), 'kubernetes');
  assert.deepEqual(removed.filter((f) => f.rule === 'spec.fieldChanged').map((f) => [f.path, f.fix]), [
    ['spec.containers[0].ports', { kind: 'revert', path: 'spec.containers[0].ports', original: [{ containerPort: 80 }] }],
  ]);
});
