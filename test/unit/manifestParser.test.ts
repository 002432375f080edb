// Manifest model: JSON values plus a source map from upstream field paths to key/value ranges, and
// a clear positioned error (never a hang or a crash) for every kind of bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifest, parsePodManifest, MAX_MANIFEST_BYTES } from '../../src/core/yaml/manifestParser';
import { formatPath, parsePath } from '../../src/core/yaml/fieldPath';
import type { Position } from '../../src/core/yaml/range';
import type { Pod } from '../../src/core/pod';

const POD = `# a comment
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
  annotations:
    kubernetes.io/config.mirror: "abc"
spec:
  containers:
    - name: main
      image: nginx:1.25   # pinned
      ports:
        - containerPort: 80
  tolerations:
  - key: a
    operator: Exists
    effect: NoSchedule
`;

function textAt(text: string, r: { start: { offset: number }; end: { offset: number } }): string {
  return text.slice(r.start.offset, r.end.offset);
}

test('a pod parses to plain JSON values', () => {
  const parsed = parsePodManifest(POD);
  assert.ok(parsed.ok);
  assert.equal(parsed.pod.spec?.containers?.[0].image, 'nginx:1.25');
  assert.deepEqual(parsed.pod.metadata?.labels, { app: 'web' });
});

test('source map: key and value ranges for upstream paths, 0-based lines and columns', () => {
  const parsed = parsePodManifest(POD);
  assert.ok(parsed.ok);
  const map = parsed.document.sourceMap;
  const image = map.lookup('spec.containers[0].image');
  assert.ok(image?.keyRange);
  assert.equal(textAt(POD, image.keyRange), 'image');
  assert.equal(textAt(POD, image.valueRange), 'nginx:1.25');
  assert.deepEqual([image.valueRange.start.line, image.valueRange.start.column], [12, 13]);
  assert.equal(textAt(POD, map.lookup('metadata.labels[app]')!.valueRange), 'web');
  assert.equal(textAt(POD, map.lookup('metadata.annotations[kubernetes.io/config.mirror]')!.valueRange), '"abc"');
  assert.equal(textAt(POD, map.lookup('spec.tolerations[0].effect')!.valueRange), 'NoSchedule');
  assert.equal(textAt(POD, map.lookup('spec.containers[0].ports[0].containerPort')!.valueRange), '80');
  assert.equal(map.lookup('spec.containers[1]'), undefined);
  assert.equal(map.lookup('spec.restartPolicy'), undefined);
});

test('source map: nearest gives the closest existing ancestor of a deleted field', () => {
  const parsed = parsePodManifest(POD);
  assert.ok(parsed.ok);
  const near = parsed.document.sourceMap.nearest('spec.containers[0].resources.limits[cpu]');
  assert.equal(near?.path, 'spec.containers[0]');
  assert.equal(parsed.document.sourceMap.nearest('spec.restartPolicy')?.path, 'spec');
});

test('field paths round-trip, map keys with dots and slashes included', () => {
  for (const p of ['spec.containers[0].image', 'metadata.annotations[kubernetes.io/config.mirror]', 'spec.tolerations[1].effect', 'metadata.labels[app]']) {
    assert.equal(formatPath(parsePath(p)), p);
  }
});

test('several documents: each with its own source map; the Pod is found after other kinds', () => {
  const text = `kind: Service\nmetadata: {name: s}\n---\n${POD}`;
  const all = parseManifest(text);
  assert.equal(all.documents.length, 2);
  const pod = parsePodManifest(text);
  assert.ok(pod.ok);
  assert.equal(pod.documentIndex, 1);
  assert.equal(pod.document.sourceMap.lookup('metadata.name')?.valueRange.start.line, 7);
});

test('JSON input works too', () => {
  const text = '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"}}';
  const parsed = parsePodManifest(text);
  assert.ok(parsed.ok);
  assert.equal(parsed.document.sourceMap.lookup('metadata.name')?.valueRange.start.column, text.indexOf('"x"'));
});

function expectError(text: string, pattern: RegExp): Position {
  const parsed = parsePodManifest(text);
  assert.equal(parsed.ok, false);
  if (parsed.ok) throw new Error('unreachable');
  assert.match(parsed.error.message, pattern);
  assert.equal(typeof parsed.error.range.start.line, 'number');
  return parsed.error.range.start;
}

test('malformed YAML: an error with the position of the problem', () => {
  const at = expectError('kind: Pod\nmetadata:\n  name: [a, b\nspec: {}\n', /./);
  assert.ok(at.line >= 2);
  assert.deepEqual(expectError('kind: Pod\nmetadata:\n\tname: x\n', /Tabs/), { line: 2, column: 0, offset: 20 });
});

test('a document that is not a Pod, or no document at all', () => {
  assert.deepEqual(expectError('apiVersion: v1\nkind: Service\n', /expected a Pod manifest, found kind "Service"/), { line: 1, column: 6, offset: 21 });
  expectError('- a\n- b\n', /found a list/);
  expectError('', /empty/);
  expectError('metadata: {name: x}\n', /no kind/);
  expectError('kind: Pod\napiVersion: apps/v1\n', /expected apiVersion v1/);
});

test('duplicate keys are an error at the repeated key', () => {
  const at = expectError('kind: Pod\nmetadata:\n  labels:\n    a: "1"\n    a: "2"\n', /duplicate key "a"/);
  assert.deepEqual([at.line, at.column], [4, 4]);
});

test('an alias bomb is refused, not expanded', () => {
  let text = 'kind: Pod\na: &a ["x","x","x","x","x","x","x","x","x"]\n';
  let prev = 'a';
  for (let i = 0; i < 9; i++) {
    text += `b${i}: &b${i} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
    prev = `b${i}`;
  }
  expectError(text, /alias/);
});

test('a 10 MB document is refused with a position, without parsing it', () => {
  const text = 'kind: Pod\nmetadata:\n  annotations:\n    x: "' + 'a'.repeat(10 * 1024 * 1024) + '"\n';
  const at = expectError(text, /too large .* at most 3 MiB/);
  assert.equal(at.offset, MAX_MANIFEST_BYTES);
  assert.equal(at.line, 3);
});

test('absurdly deep nesting is an error, not a crash', () => {
  expectError('['.repeat(20000), /./);
});

test('YAML merge keys are expanded, as kubectl does', () => {
  const parsed = parsePodManifest('kind: Pod\nbase: &b {app: web}\nmetadata:\n  labels:\n    <<: *b\n    tier: front\n');
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.pod.metadata?.labels, { app: 'web', tier: 'front' });
});

test('0644 is octal, as kubectl (YAML 1.1) reads it; 0 and quoted values stay as they are', () => {
  const parsed = parsePodManifest('kind: Pod\nspec:\n  volumes:\n  - configMap: {defaultMode: 0644}\n  a: 0\n  b: "0644"\n  c: 644\n');
  assert.ok(parsed.ok);
  const spec = parsed.pod.spec as Record<string, unknown>;
  assert.deepEqual(spec.volumes, [{ configMap: { defaultMode: 420 } }]);
  assert.deepEqual([spec.a, spec.b, spec.c], [0, '0644', 644]);
});

test('a pod rendered with yaml.stringify reads back identical, so an untouched editor has no findings', async () => {
  const { stringify } = await import('yaml');
  const { checkPodUpdate } = await import('../../src/core/rules/checkPodUpdate');
  const { loadConformanceCases } = await import('../support/conformanceCases');
  const cases = loadConformanceCases();
  const tricky: Pod = { kind: 'Pod', metadata: { name: 'x', labels: { a: '0644', b: '1e3', c: 'true', d: 'null', e: '0o17', f: '2018-09-04T11:04:02Z', g: '' } }, spec: { containers: [{ name: 'c', image: 'i' }] } };
  for (const pod of [tricky, ...cases.flatMap((c) => [c.old, c.new])]) {
    const parsed = parsePodManifest(stringify(pod));
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.pod, pod);
    // Findings about changes: none (the pod may still be invalid on its own, e.g. a windows pod with seLinuxOptions).
    const changes = ['spec.catchAll', 'spec.fieldChanged', 'cci.fieldChanged', 'serverOwned'];
    for (const profile of ['kubernetes', 'cci'] as const) {
      assert.deepEqual(checkPodUpdate(pod, parsed.pod, profile).filter((f) => changes.includes(f.rule)), []);
    }
  }
});
