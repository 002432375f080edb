// The cci profile: only the seed's list of fields may change; every other change is reported on
// the field itself with its old value, and the image and container-count rules still apply.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkPodUpdate } from '../../src/core/rules/checkPodUpdate';
import { formatFinding } from '../../src/core/rules/finding';
import { parsePodManifest } from '../../src/core/yaml/manifestParser';
import type { Pod } from '../../src/core/pod';
import { container, makePod } from './podFactory';

const root = path.resolve(__dirname, '..', '..', '..');
function fixture(name: string): Pod {
  const parsed = parsePodManifest(readFileSync(path.join(root, 'test', 'fixtures', name), 'utf8'));
  assert.ok(parsed.ok);
  return parsed.pod;
}
const errors = (a: Pod, b: Pod) => checkPodUpdate(a, b, 'cci').filter((f) => f.severity === 'error');

test('the seed example (label name -> pod-test2) is valid under both profiles', () => {
  const before = fixture('seed-pod.yaml');
  const after = fixture('seed-pod-relabeled.yaml');
  assert.deepEqual(checkPodUpdate(before, after, 'cci'), []);
  assert.deepEqual(checkPodUpdate(before, after, 'kubernetes'), []);
});

test('every listed field may change', () => {
  const old = makePod({ initContainers: [container({ name: 'init' })], tolerations: [{ key: 'a', operator: 'Exists' }] }, { labels: { a: 'b' } });
  const next = makePod({
    initContainers: [container({ name: 'init', image: 'init:2' })],
    containers: [container({ image: 'image:2' })],
    activeDeadlineSeconds: 100,
    tolerations: [{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'Exists' }],
  }, { labels: { a: 'c' }, annotations: { x: 'y' }, generateName: 'foo-' });
  assert.deepEqual(errors(old, next).map(formatFinding), []);
});

test('a change outside the list is reported on that field, with a revert fix', () => {
  const next = makePod({ restartPolicy: 'Never', containers: [container({ env: [{ name: 'A', value: '1' }] })] }, { finalizers: ['example.com/x'] });
  const found = errors(makePod(), next);
  assert.deepEqual(found.map((f) => f.path).sort(), ['metadata.finalizers', 'spec.containers[0].env', 'spec.restartPolicy']);
  for (const f of found) {
    assert.equal(f.type, 'Forbidden');
    assert.match(f.message, /^Forbidden: this field cannot be updated: only metadata\.generateName, metadata\.labels/);
  }
  assert.deepEqual(found.find((f) => f.path === 'spec.restartPolicy')?.fix, { kind: 'revert', path: 'spec.restartPolicy', original: 'Always' });
  assert.deepEqual(found.find((f) => f.path === 'metadata.finalizers')?.fix, { kind: 'revert', path: 'metadata.finalizers', original: undefined });
});

test('changes upstream would allow but CCI does not: schedulingGates removal, gated nodeSelector addition', () => {
  const old = makePod({ schedulingGates: [{ name: 'g' }] });
  assert.deepEqual(checkPodUpdate(old, makePod(), 'kubernetes'), []);
  assert.deepEqual(errors(old, makePod()).map((f) => f.path), ['spec.schedulingGates']);
  assert.deepEqual(errors(old, makePod({ schedulingGates: [{ name: 'g' }], nodeSelector: { a: 'b' } })).map((f) => f.path), ['spec.nodeSelector']);
});

test('image rules and the container count still apply', () => {
  assert.deepEqual(errors(makePod(), makePod({ containers: [container({ image: ' x' })] })).map(formatFinding), [
    'spec.containers[0].image: Invalid value: " x": must not have leading or trailing whitespace',
  ]);
  assert.deepEqual(errors(makePod(), makePod({ containers: [container(), container({ name: 'b' })] })).map(formatFinding), [
    'spec.containers: Forbidden: pod updates may not add or remove containers',
  ]);
});

test('metadata.name change: one finding (upstream immutability), not a second cci one', () => {
  assert.deepEqual(errors(makePod(), makePod({}, { name: 'other' })).map(formatFinding), ['metadata.name: Invalid value: "other": field is immutable']);
});

test('server-owned fields stay information under cci', () => {
  const findings = checkPodUpdate(makePod({}, { resourceVersion: '1' }), makePod({}, { resourceVersion: '9' }), 'cci');
  assert.deepEqual(findings.map((f) => [f.path, f.severity]), [['metadata.resourceVersion', 'info']]);
});
