import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { lintPodText } from '../../src/core/lint/lintPodText';
import { placeStatusCauses } from '../../src/core/lint/statusCauses';
import { applyTextEdit, editForValueChange } from '../../src/core/lint/yamlEdits';
import { parseFieldPath } from '../../src/core/yaml/fieldPath';
import type { Pod } from '../../src/core/pod';

const text = `apiVersion: v1
kind: Pod
metadata:
  name: pod-test
  namespace: namespace-test
  resourceVersion: "5254098"
  labels:
    name: pod-test
spec:
  containers:
    - name: c0
      image: redis:latest
      terminationMessagePath: /dev/termination-log
      terminationMessagePolicy: File
      imagePullPolicy: Always
  restartPolicy: Always
  terminationGracePeriodSeconds: 30
  dnsPolicy: ClusterFirst
  nodeName: node-1
  tolerations:
    - key: node.kubernetes.io/not-ready
      operator: Exists
      effect: NoExecute
      tolerationSeconds: 300
status:
  phase: Running
`;
const base = parse(text) as Pod;
const lineOf = (t: string, needle: string) => t.split('\n').findIndex((l) => l.includes(needle));

test('an unchanged pod has no diagnostics', () => {
  const r = lintPodText(text, base, 'kubernetes');
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.pod?.metadata?.name, 'pod-test');
});

test('a label change is allowed; a restartPolicy change is an error on that value with a revert fix', () => {
  const edited = text.replace('name: pod-test\nspec', 'name: pod-test2\nspec').replace('restartPolicy: Always', 'restartPolicy: Never');
  const r = lintPodText(edited, base, 'kubernetes');
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  const field = errors.find((d) => d.path === 'spec.restartPolicy');
  assert.ok(field, JSON.stringify(errors));
  const line = lineOf(edited, 'restartPolicy: Never');
  assert.equal(field.range.start.line, line);
  assert.equal(edited.slice(field.range.start.offset, field.range.end.offset), 'Never');
  assert.match(field.message, /^spec\.restartPolicy: Forbidden: /);
  assert.deepEqual(field.fix, { kind: 'revert', path: 'spec.restartPolicy', original: 'Always' });
  assert.deepEqual(field.original, { present: true, value: 'Always', path: 'spec.restartPolicy' });
  assert.ok(!errors.some((d) => d.path?.startsWith('metadata.labels')));
  // Applying the fix brings the text back to the base and the error goes.
  const fixed = applyTextEdit(edited, editForValueChange(edited, { segments: parseFieldPath('spec.restartPolicy'), present: true, value: 'Always' }, { documentOffset: r.documentOffset }));
  assert.equal(lintPodText(fixed, base, 'kubernetes').diagnostics.filter((d) => d.severity === 'error').length, 0);
});

test('one forbidden change is one error, on the changed value; the catch-all text travels with it', () => {
  const edited = text.replace('restartPolicy: Always', 'restartPolicy: Never');
  const r = lintPodText(edited, base, 'kubernetes');
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  assert.equal(errors.length, 1, JSON.stringify(errors.map((d) => d.message)));
  assert.equal(errors[0].path, 'spec.restartPolicy');
  assert.equal(errors[0].range.start.line, lineOf(edited, 'restartPolicy: Never'));
  assert.match(errors[0].related ?? '', /^spec: Forbidden: pod updates may not change fields other than /);
  // The finding itself is still there (the CLI prints it in upstream's words).
  assert.ok(r.findings.some((f) => f.rule === 'spec.catchAll'));
});

test('a removed field points at the key of its nearest ancestor', () => {
  const edited = text.replace('  nodeName: node-1\n', '');
  const r = lintPodText(edited, base, 'kubernetes');
  const d = r.diagnostics.find((x) => x.path === 'spec.nodeName');
  assert.ok(d, JSON.stringify(r.diagnostics));
  assert.equal(d.range.start.line, lineOf(edited, 'spec:'));
  assert.deepEqual(d.fix, { kind: 'revert', path: 'spec.nodeName', original: 'node-1' });
});

test('status edits are information: the server ignores them', () => {
  const edited = text.replace('phase: Running', 'phase: Failed');
  const r = lintPodText(edited, base, 'kubernetes');
  assert.equal(r.diagnostics.filter((d) => d.severity === 'error').length, 0);
  const info = r.diagnostics.find((d) => d.severity === 'info');
  assert.ok(info);
  assert.equal(info.path, 'status');
  assert.match(info.message, /ignores/);
});

test('the cci profile refuses a change the kubernetes profile allows', () => {
  const edited = text.replace('      tolerationSeconds: 300\n', '      tolerationSeconds: 600\n');
  assert.equal(lintPodText(edited, base, 'kubernetes').diagnostics.filter((d) => d.severity === 'error').length, 0);
  const edited2 = text.replace('name: pod-test\n  namespace', 'name: pod-test\n  finalizers: [example.com/keep]\n  namespace');
  assert.equal(lintPodText(edited2, base, 'kubernetes').diagnostics.filter((d) => d.severity === 'error').length, 0);
  const cci = lintPodText(edited2, base, 'cci').diagnostics.filter((d) => d.severity === 'error');
  assert.ok(cci.some((d) => d.rule === 'cci.fieldChanged' && d.path?.startsWith('metadata.finalizers')), JSON.stringify(cci));
});

test('YAML errors become diagnostics with a position, and no rule runs', () => {
  const broken = text.replace('  restartPolicy: Always', '  restartPolicy: [Always');
  const r = lintPodText(broken, base, 'kubernetes');
  assert.ok(r.diagnostics.length > 0);
  assert.ok(r.diagnostics.every((d) => d.source === 'yaml'));
  assert.equal(r.findings.length, 0);
});

test('a pod document that is not a Pod says so; a local file that is not a Pod is silent', () => {
  assert.equal(lintPodText('kind: ConfigMap\n', base, 'kubernetes', { requirePod: true }).diagnostics[0]?.source, 'manifest');
  assert.deepEqual(lintPodText('kind: ConfigMap\n', base, 'kubernetes').diagnostics, []);
});

test('422 causes are placed on the field they name (or its nearest ancestor)', () => {
  const placed = placeStatusCauses(text, [
    { reason: 'FieldValueInvalid', message: 'Invalid value', field: 'spec.containers[0].image' },
    { reason: 'FieldValueForbidden', message: 'Forbidden', field: 'spec.hostname' },
  ]);
  assert.equal(placed[0].range.start.line, lineOf(text, 'image: redis:latest'));
  assert.equal(placed[1].range.start.line, lineOf(text, 'spec:'));
});

test('a partial local manifest is laid over the live pod: fields it leaves out are not removals', () => {
  const local = `apiVersion: v1
kind: Pod
metadata:
  name: pod-test
  namespace: namespace-test
  labels:
    name: pod-test2
spec:
  containers:
    - name: c0
      image: redis:7
  restartPolicy: Always
`;
  const r = lintPodText(local, base, 'kubernetes', { partial: true });
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.pod?.spec?.nodeName, 'node-1');
  assert.equal(r.pod?.spec?.containers?.[0].image, 'redis:7');
  const refused = lintPodText(local.replace('restartPolicy: Always', 'restartPolicy: OnFailure'), base, 'kubernetes', { partial: true });
  const d = refused.diagnostics.find((x) => x.path === 'spec.restartPolicy');
  assert.ok(d);
  assert.equal(d.range.start.line, lineOf(local, 'restartPolicy'));
});
