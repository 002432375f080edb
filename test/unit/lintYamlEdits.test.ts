import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { applyTextEdit, editForValueChange, editForValueChanges, minimalEdit } from '../../src/core/lint/yamlEdits';
import { parseFieldPath } from '../../src/core/yaml/fieldPath';

const manifest = `apiVersion: v1
kind: Pod
metadata:
  name: pod-test  # keep this comment
  labels:
    app: web
spec:
  restartPolicy: Never
  containers:
  - name: c0
    image: redis:latest
    ports:
    - containerPort: 80
  tolerations:
    - key: a
      operator: Exists
  nodeName: node-1
status:
  phase: Running
`;

function set(text: string, path: string, value: unknown): string {
  return applyTextEdit(text, editForValueChange(text, { segments: parseFieldPath(path), present: true, value }));
}
function remove(text: string, path: string): string {
  return applyTextEdit(text, editForValueChange(text, { segments: parseFieldPath(path), present: false }));
}

test('a changed scalar is put back on its own line and nothing else moves', () => {
  const out = set(manifest, 'spec.restartPolicy', 'Always');
  assert.equal(out, manifest.replace('restartPolicy: Never', 'restartPolicy: Always'));
});

test('an added key is removed with its line', () => {
  const out = remove(manifest, 'spec.nodeName');
  assert.equal(out, manifest.replace('  nodeName: node-1\n', ''));
});

test('a removed key is re-inserted at the indentation of its siblings', () => {
  const out = set(manifest, 'spec.dnsPolicy', 'ClusterFirst');
  assert.equal(parse(out).spec.dnsPolicy, 'ClusterFirst');
  assert.match(out, /\n {2}dnsPolicy: ClusterFirst\n/);
  assert.ok(out.includes('# keep this comment'));
});

test('a removed nested object is re-inserted under the nearest existing ancestor', () => {
  const out = set(manifest, 'spec.securityContext.runAsUser', 1000);
  assert.deepEqual(parse(out).spec.securityContext, { runAsUser: 1000 });
});

test('a changed collection is rewritten in block style at its indentation', () => {
  const out = set(manifest, 'spec.containers[0].ports', [{ containerPort: 8080, protocol: 'TCP' }]);
  assert.deepEqual(parse(out).spec.containers[0].ports, [{ containerPort: 8080, protocol: 'TCP' }]);
  assert.equal(parse(out).spec.containers[0].image, 'redis:latest');
});

test('a removed list item is appended back; an added one is removed', () => {
  const appended = set(manifest, 'spec.tolerations[1]', { key: 'b', operator: 'Exists' });
  assert.deepEqual(parse(appended).spec.tolerations, [{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'Exists' }]);
  const removed = remove(appended, 'spec.tolerations[1]');
  assert.equal(removed, manifest);
});

test('strings that look like numbers are quoted; map keys with dots and slashes work', () => {
  const out = set(manifest, 'metadata.labels[app.kubernetes.io/version]', '123');
  assert.equal(parse(out).metadata.labels['app.kubernetes.io/version'], '123');
});

test('removing the last key of a map leaves an empty map, not null', () => {
  const out = remove(manifest, 'metadata.labels[app]');
  assert.deepEqual(parse(out).metadata.labels, {});
});

test('flow-style maps are edited in place', () => {
  const text = 'kind: Pod\nmetadata: {name: x, labels: {app: web}}\nspec: {restartPolicy: Never}\n';
  const out = set(text, 'spec.restartPolicy', 'Always');
  assert.equal(parse(out).spec.restartPolicy, 'Always');
  assert.deepEqual(parse(out).metadata, { name: 'x', labels: { app: 'web' } });
});

test('several changes make one edit; the Pod document of a multi-document file is the one edited', () => {
  const text = 'kind: ConfigMap\ndata:\n  restartPolicy: Never\n---\n' + manifest;
  const edit = editForValueChanges(text, [
    { segments: parseFieldPath('spec.restartPolicy'), present: true, value: 'Always' },
    { segments: parseFieldPath('spec.nodeName'), present: false },
  ]);
  const out = applyTextEdit(text, edit);
  assert.ok(out.startsWith('kind: ConfigMap\ndata:\n  restartPolicy: Never\n---\n'));
  assert.ok(edit.start > text.indexOf('---'));
  assert.equal(out.split('---\n')[1], manifest.replace('restartPolicy: Never', 'restartPolicy: Always').replace('  nodeName: node-1\n', ''));
});

test('minimalEdit trims the common prefix and suffix', () => {
  assert.deepEqual(minimalEdit('abcXdef', 'abcYYdef'), { start: 3, end: 4, newText: 'YY' });
  assert.deepEqual(minimalEdit('same', 'same'), { start: 4, end: 4, newText: '' });
});
