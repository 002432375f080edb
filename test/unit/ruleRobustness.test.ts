// Edited manifests can hold anything (a string where a list belongs, numbers for names, nulls): the
// rules and patch builders must answer for every such pod rather than throw. Deterministic fuzzing
// of the conformance pods.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPodUpdate } from '../../src/core/rules/checkPodUpdate';
import { createMergePatch, applyMergePatch } from '../../src/core/patch/mergePatch';
import { createStrategicMergePatch } from '../../src/core/patch/strategicMergePatch';
import { StrategicMergePatchError } from '../../src/core/patch/strategicMergeErrors';
import { createJsonPatch, applyJsonPatch } from '../../src/core/patch/jsonPatch';
import { stripServerOwnedFields } from '../../src/core/patch/serverOwnedFields';
import type { Pod } from '../../src/core/pod';

import { loadConformanceCases } from '../support/conformanceCases';

const cases = loadConformanceCases();

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

const JUNK: unknown[] = [null, 0, -1, 1.5, '', ' x ', 'text', true, [], {}, [1, 'a', null], { a: { b: 1 } }, ['x']];

/** Replaces one randomly chosen value anywhere in the pod with junk. */
function mutate(pod: Pod, random: () => number): Pod {
  const copy = structuredClone(pod) as Record<string, unknown>;
  const slots: [Record<string, unknown> | unknown[], string | number][] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach((x, i) => { slots.push([v, i]); walk(x); });
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { slots.push([v as Record<string, unknown>, k]); walk(x); }
  };
  walk(copy);
  const [parent, key] = slots[Math.floor(random() * slots.length)];
  (parent as Record<string | number, unknown>)[key] = structuredClone(JUNK[Math.floor(random() * JUNK.length)]);
  return copy as Pod;
}

test('rules and patches never throw on malformed pods', () => {
  const random = rng(42);
  for (let round = 0; round < 20; round++) {
    for (const c of cases) {
      const a = random() < 0.3 ? mutate(c.old, random) : c.old;
      const b = mutate(random() < 0.5 ? c.new : c.old, random);
      for (const profile of ['kubernetes', 'cci'] as const) {
        const findings = checkPodUpdate(a, b, profile);
        for (const f of findings) assert.equal(typeof f.message, 'string');
      }
      // Building and applying must not throw; a JSON patch is exact, so it also has to land on b.
      applyMergePatch(a, createMergePatch(a, b) ?? {});
      // A strategic patch cannot express every malformed pod (a keyed list item without its key):
      // then it fails with upstream's error, as kubectl edit does, and with nothing else.
      try { createStrategicMergePatch(a, b); } catch (err) { assert.ok(err instanceof StrategicMergePatchError, String(err)); }
      assert.deepEqual(stripServerOwnedFields(applyJsonPatch(a, createJsonPatch(a, b))), stripServerOwnedFields(b));
    }
  }
});

test('a spec that is not an object is handled', () => {
  const pod = cases[0].old;
  const broken = { ...pod, spec: 'nope' } as unknown as Pod;
  assert.ok(checkPodUpdate(pod, broken, 'kubernetes').some((f) => f.severity === 'error'));
  assert.ok(checkPodUpdate(pod, broken, 'cci').some((f) => f.severity === 'error'));
});
