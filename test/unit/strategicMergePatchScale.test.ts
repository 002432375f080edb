// A long $setElementOrder list, a long finalizers merge and many `$patch: delete` items cost linear
// time (issue 13: a 2 MB body used to block the sandbox for 31 s). Sized so that a quadratic
// implementation (upstream's list scans, or podpatch's earlier one: 10^10 comparisons and more)
// cannot finish inside the test's timeout, while the linear one takes well under a second; the
// bench (`npm run bench`, strategicPatch) prints the ratio to a merge patch of the same size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPatch, PATCH_TYPES } from '../../src/sandbox/podUpdate';
import type { StoredObject } from '../../src/sandbox/resourceStore';

const N = 100_000;
const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

function pod(spec: object, metadata: object = {}): StoredObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'big', namespace: 'default', ...metadata }, spec } as unknown as StoredObject;
}

test('a 2 MB finalizers patch with a 100,000-item $setElementOrder applies in linear time through the sandbox', { timeout: 60_000 }, () => {
  const server = names('example.com/f', N / 2);
  const added = names('example.com/n', N / 2);
  const patch = {
    metadata: {
      '$setElementOrder/finalizers': [...added, ...[...server].reverse()],
      finalizers: added,
      '$deleteFromPrimitiveList/finalizers': server.slice(0, 1000),
    },
  };
  assert.ok(JSON.stringify(patch).length > 2_000_000, 'the body is over 2 MB');
  const result = applyPatch(pod({ containers: [{ name: 'c', image: 'i' }] }, { finalizers: server }), PATCH_TYPES.strategic, patch) as { metadata: { finalizers: string[] } };
  const finalizers = result.metadata.finalizers;
  assert.equal(finalizers.length, N - 1000);
  assert.deepEqual([finalizers[0], finalizers[N / 2 - 1], finalizers[N / 2], finalizers.at(-1)], ['example.com/n0', `example.com/n${N / 2 - 1}`, `example.com/f${N / 2 - 1}`, 'example.com/f1000']);
});

test('a 20,000-container reorder with 10,000 `$patch: delete` items applies in linear time', { timeout: 60_000 }, () => {
  const n = 20_000;
  const containers = names('c', n).map((name) => ({ name, image: 'i' }));
  const patch = {
    spec: {
      '$setElementOrder/containers': names('c', n).reverse().filter((_, i) => i < n / 2).map((name) => ({ name })),
      containers: [
        ...names('c', n).reverse().slice(0, n / 2).filter((_, i) => i % 4 === 0).map((name) => ({ name, image: 'j' })),
        ...names('c', n / 2).map((name) => ({ name, $patch: 'delete' })),
      ],
    },
  };
  const result = applyPatch(pod({ containers }), PATCH_TYPES.strategic, patch) as { spec: { containers: { name: string; image: string }[] } };
  const out = result.spec.containers;
  assert.equal(out.length, n / 2);
  assert.deepEqual(out.slice(0, 2), [{ name: `c${n - 1}`, image: 'j' }, { name: `c${n - 2}`, image: 'i' }]);
  assert.deepEqual(out.at(-1), { name: `c${n / 2}`, image: 'i' });
});
