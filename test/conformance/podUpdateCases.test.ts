// The upstream TestValidatePodUpdate rows in test/fixtures/conformance: every verdict must match, and an
// invalid case must have a finding with exactly errPath whose "path: message" contains errContains.
// The same pairs drive the patch property tests: apply(create(a, b), a) == b for every patch kind.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { checkPodUpdate } from '../../src/core/rules/checkPodUpdate';
import { formatFinding } from '../../src/core/rules/finding';
import { applyMergePatch, createMergePatch } from '../../src/core/patch/mergePatch';
import { applyStrategicMergePatch, createStrategicMergePatch } from '../../src/core/patch/strategicMergePatch';
import { applyJsonPatch, createJsonPatch } from '../../src/core/patch/jsonPatch';
import { stripServerOwnedFields } from '../../src/core/patch/serverOwnedFields';
import type { Pod } from '../../src/core/pod';

import { loadConformanceCases } from '../support/conformanceCases';

const cases = loadConformanceCases();

test('the conformance file holds the 48 upstream cases', () => {
  assert.equal(cases.length, 48);
});

describe('upstream ValidatePodUpdate verdicts (kubernetes profile)', () => {
  for (const c of cases) {
    test(`${c.id} ${c.name}`, () => {
      const findings = checkPodUpdate(c.old, c.new, 'kubernetes', c.opts ?? undefined);
      const errors = findings.filter((f) => f.severity === 'error');
      const shown = errors.map(formatFinding).join('\n');
      if (c.valid) {
        assert.deepEqual(errors, [], `expected valid, got:\n${shown}`);
        return;
      }
      const hits = errors.filter((f) => f.path === c.errPath && formatFinding(f).includes(c.errContains ?? ''));
      assert.ok(hits.length, `expected an error at ${c.errPath} containing ${JSON.stringify(c.errContains)}, got:\n${shown}`);
      // Where the case knows upstream's detail text, one of those errors must carry it too.
      if (c.errDetail) assert.ok(hits.some((f) => f.message.includes(c.errDetail ?? '')), `expected ${JSON.stringify(c.errDetail)} in one of:\n${shown}`);
    });
  }
});

describe('catch-all findings point at the exact changed fields', () => {
  for (const c of cases.filter((x) => x.errPath === 'spec')) {
    test(`${c.id} ${c.name}`, () => {
      const findings = checkPodUpdate(c.old, c.new, 'kubernetes');
      const spec = findings.find((f) => f.path === 'spec' && f.rule === 'spec.catchAll');
      assert.ok(spec, 'no spec catch-all finding');
      assert.deepEqual(spec.fix, { kind: 'recreate' });
      const perField = findings.filter((f) => f.rule === 'spec.fieldChanged');
      assert.ok(perField.length > 0, 'no per-field findings');
      for (const f of perField) {
        assert.match(f.path, /^spec[.[]/);
        assert.equal(f.type, 'Forbidden');
        assert.equal(f.fix?.kind, 'revert');
      }
    });
  }
});

describe('reverting every revert fix makes an invalid case valid', () => {
  // Only cases whose errors all carry revert fixes: the fixes must really undo the change.
  for (const c of cases.filter((x) => !x.valid)) {
    const findings = checkPodUpdate(c.old, c.new, 'kubernetes').filter((f) => f.severity === 'error');
    const fixes = findings.filter((f) => f.fix?.kind === 'revert' && f.rule !== 'spec.catchAll');
    if (!fixes.length || findings.some((f) => !f.fix)) continue;
    test(`${c.id} ${c.name}`, () => {
      let pod = structuredClone(c.new);
      // Last paths first, so that removing appended list items does not shift the ones still to remove.
      const ordered = [...fixes].sort((a, b) => (a.path < b.path ? 1 : a.path > b.path ? -1 : 0));
      for (const f of ordered) if (f.fix?.kind === 'revert') pod = setAtPath(pod, f.fix.path, f.fix.original);
      const after = checkPodUpdate(c.old, pod, 'kubernetes').filter((f) => f.severity === 'error');
      assert.deepEqual(after.map(formatFinding), []);
    });
  }
});

describe('patch property: apply(create(a, b), a) equals b', () => {
  const kinds = {
    merge: (a: Pod, b: Pod) => applyMergePatch(a, createMergePatch(a, b) ?? {}),
    strategic: (a: Pod, b: Pod) => applyStrategicMergePatch(a, createStrategicMergePatch(a, b) ?? {}),
    json: (a: Pod, b: Pod) => applyJsonPatch(a, createJsonPatch(a, b)),
  };
  for (const [kind, roundTrip] of Object.entries(kinds)) {
    test(`${kind} patch, every conformance pair in both directions`, () => {
      for (const c of cases) {
        for (const [a, b] of [[c.old, c.new], [c.new, c.old]]) {
          const base = stripServerOwnedFields(a);
          const result = roundTrip(base, b);
          assert.deepEqual(withoutNulls(result), withoutNulls(stripServerOwnedFields(b)), `${c.id} ${c.name}`);
        }
      }
    });
  }
});

/** In every patch format a null member means "absent", so compare with nulls dropped. */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null && x !== undefined).map(([k, x]) => [k, withoutNulls(x)]));
}

function setAtPath(pod: Pod, fieldPath: string, value: unknown): Pod {
  const segments = [...fieldPath.matchAll(/([^.[\]]+)|\[([^\]]*)\]/g)].map((m) => m[1] ?? m[2]);
  const rootObj = pod as Record<string, unknown>;
  let cur: Record<string, unknown> | unknown[] = rootObj;
  for (let i = 0; i < segments.length - 1; i++) {
    const k = segments[i];
    const next = (cur as Record<string, unknown>)[k];
    if (next === undefined || next === null) (cur as Record<string, unknown>)[k] = /^\d+$/.test(segments[i + 1]) ? [] : {};
    cur = (cur as Record<string, unknown>)[k] as Record<string, unknown>;
  }
  const last = segments[segments.length - 1];
  if (value === undefined) {
    if (Array.isArray(cur)) cur.splice(Number(last), 1);
    else delete cur[last];
  } else (cur as Record<string, unknown>)[last] = structuredClone(value);
  return pod;
}
