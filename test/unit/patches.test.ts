// Patch computation: minimal merge patches (lists whole, nulls delete, server-owned fields left
// out), strategic merge patches with kubectl's directives, and RFC 6902 JSON patches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyMergePatch, createMergePatch } from '../../src/core/patch/mergePatch';
import { applyStrategicMergePatch, createStrategicMergePatch } from '../../src/core/patch/strategicMergePatch';
import { applyJsonPatch, createJsonPatch, JsonPatchError } from '../../src/core/patch/jsonPatch';
import { stripServerOwnedFields } from '../../src/core/patch/serverOwnedFields';
import { container, makePod } from './podFactory';

test('merge patch: only what changed, undefined when nothing did', () => {
  const a = makePod({}, { labels: { name: 'pod-test' } });
  const b = makePod({}, { labels: { name: 'pod-test2' } });
  assert.deepEqual(createMergePatch(a, b), { metadata: { labels: { name: 'pod-test2' } } });
  assert.equal(createMergePatch(a, structuredClone(a)), undefined);
});

test('merge patch: a changed list is carried whole, defaulted fields included', () => {
  const a = makePod({ containers: [container({ name: 'a' }), container({ name: 'b' })] });
  const b = makePod({ containers: [container({ name: 'a' }), container({ name: 'b', image: 'new' })] });
  const patch = createMergePatch(a, b) as { spec: { containers: unknown[] } };
  assert.deepEqual(patch.spec.containers, [container({ name: 'a' }), container({ name: 'b', image: 'new' })]);
});

test('merge patch: removed keys become null; server-owned fields are left out; resourceVersion as a precondition', () => {
  const a = makePod({ hostname: 'h' }, { uid: 'u', resourceVersion: '7', labels: { x: '1' } });
  const b = makePod({}, { uid: 'other', resourceVersion: '8', labels: { x: '1' } });
  (b as Record<string, unknown>).status = { phase: 'Failed' };
  assert.deepEqual(createMergePatch(a, b), { spec: { hostname: null } });
  assert.deepEqual(createMergePatch(a, b, { resourceVersion: '7' }), { spec: { hostname: null }, metadata: { resourceVersion: '7' } });
});

test('applyMergePatch follows RFC 7386 and does not modify its inputs', () => {
  const target = { a: 'b', c: { d: 'e', f: 'g' }, l: [1, 2] };
  const patch = { a: 'z', c: { f: null }, l: [3], n: { x: null } };
  const frozen = JSON.stringify(target);
  assert.deepEqual(applyMergePatch(target, patch), { a: 'z', c: { d: 'e' }, l: [3], n: {} });
  assert.equal(JSON.stringify(target), frozen);
  assert.deepEqual(applyMergePatch({ a: 1 }, ['x']), ['x']);
});

test('strategic merge patch: containers merged by name, only the changed field sent', () => {
  const a = makePod({ containers: [container({ name: 'a' }), container({ name: 'b' })] });
  const b = makePod({ containers: [container({ name: 'a' }), container({ name: 'b', image: 'new' })] });
  const patch = createStrategicMergePatch(a, b);
  assert.deepEqual(patch, { spec: { '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }], containers: [{ name: 'b', image: 'new' }] } });
  assert.deepEqual(applyStrategicMergePatch(stripServerOwnedFields(a), patch), stripServerOwnedFields(b));
});

test('strategic merge patch: deletion and replacement directives, tolerations replaced whole', () => {
  const target = { spec: { containers: [{ name: 'a', image: '1' }, { name: 'b', image: '2' }], tolerations: [{ key: 'x' }] } };
  assert.deepEqual(applyStrategicMergePatch(target, { spec: { containers: [{ name: 'a', $patch: 'delete' }], tolerations: [{ key: 'y' }] } }), {
    spec: { containers: [{ name: 'b', image: '2' }], tolerations: [{ key: 'y' }] },
  });
  assert.deepEqual(applyStrategicMergePatch<{ spec: { containers: unknown[] } }>(target, { spec: { containers: [{ name: 'c', image: '3' }, { $patch: 'replace' }] } }).spec.containers, [{ name: 'c', image: '3' }]);
  // Upstream puts a finalizer the server lacks before the server's own (checked with strategicpatch v0.37.2).
  assert.deepEqual(applyStrategicMergePatch({ metadata: { finalizers: ['a', 'b'] } }, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'], finalizers: ['c'] } }), { metadata: { finalizers: ['c', 'b'] } });
  assert.deepEqual(applyStrategicMergePatch({ spec: { a: 1, b: 2 } }, { spec: { $patch: 'replace', c: 3 } }), { spec: { c: 3 } });
  assert.throws(() => applyStrategicMergePatch(target, { spec: { containers: [{ image: 'no-name' }] } }), { message: 'map: map[image:no-name] does not contain declared merge key: name' });
});

test('strategic merge patch: $setElementOrder reorders a merged list', () => {
  const target = { spec: { containers: [{ name: 'a' }, { name: 'b' }] } };
  assert.deepEqual(applyStrategicMergePatch(target, { spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }] } }), { spec: { containers: [{ name: 'b' }, { name: 'a' }] } });
});

test('JSON patch: operations for changes, a test op for the resourceVersion precondition', () => {
  const a = makePod({}, { labels: { 'app.kubernetes.io/name': 'x' } });
  const b = makePod({ hostname: 'h' }, { labels: { 'app.kubernetes.io/name': 'y' } });
  assert.deepEqual(createJsonPatch(a, b), [
    { op: 'replace', path: '/metadata/labels/app.kubernetes.io~1name', value: 'y' },
    { op: 'add', path: '/spec/hostname', value: 'h' },
  ]);
  const ops = createJsonPatch(a, b, { resourceVersion: '1' });
  assert.deepEqual(ops[0], { op: 'test', path: '/metadata/resourceVersion', value: '1' });
  assert.deepEqual(createJsonPatch(a, structuredClone(a)), []);
});

test('applyJsonPatch: every op, and clear errors for bad ops and failed tests', () => {
  const doc = { a: { b: [1, 2] }, c: 'x' };
  assert.deepEqual(applyJsonPatch(doc, [
    { op: 'add', path: '/a/b/1', value: 9 },
    { op: 'add', path: '/a/b/-', value: 3 },
    { op: 'remove', path: '/a/b/0' },
    { op: 'replace', path: '/c', value: 'y' },
    { op: 'copy', from: '/c', path: '/d' },
    { op: 'move', from: '/d', path: '/e' },
    { op: 'test', path: '/e', value: 'y' },
  ]), { a: { b: [9, 2, 3] }, c: 'y', e: 'y' });
  assert.deepEqual(doc, { a: { b: [1, 2] }, c: 'x' });
  assert.throws(() => applyJsonPatch(doc, [{ op: 'test', path: '/c', value: 'z' }]), (e: unknown) => e instanceof JsonPatchError && /test failed at \/c/.test(e.message));
  assert.throws(() => applyJsonPatch(doc, [{ op: 'replace', path: '/missing', value: 1 }]), /does not exist/);
  assert.throws(() => applyJsonPatch(doc, [{ op: 'remove', path: '/a/b/5' }]), /out of range/);
  assert.throws(() => applyJsonPatch(doc, [{ op: 'frob', path: '/c' } as never]), /unknown op/);
  assert.throws(() => applyJsonPatch(doc, [{ op: 'add', path: 'c', value: 1 }]), /must start with/);
});
