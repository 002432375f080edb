// Upstream's own code as the judge: every conformance case and a seeded set of generated pod edits go
// through podpatch's rules and through the oracle of each modelled release (test/oracle/*.go, the
// release's k8s.io/kubernetes pod strategy behind rest.BeforeUpdate). Verdicts, error fields and
// messages must agree with the release the kubernetes profile models (STRICT_RELEASE); the other
// releases are compared and reported. Strategic merge patches are checked against apimachinery's.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../src/core/pod';
import { applyStrategicMergePatch, createStrategicMergePatch } from '../../src/core/patch/strategicMergePatch';
import { stripServerOwnedFields } from '../../src/core/patch/serverOwnedFields';
import { deepEqualJson } from '../../src/core/patch/jsonEquality';
import { loadOracles, STRICT_RELEASE, type OracleRelease } from './oracleBinaries';
import { OracleProcess } from './oracleProcess';
import { podpatchVerdict } from './podpatchVerdict';
import { compareCatchAll, compareVerdicts, describeCatchAll, describeDisagreement } from './compareVerdicts';
import { generateEdits } from './podEditGenerator';
import { knownDifference } from './knownDifferences';
import { loadConformanceCases } from '../support/conformanceCases';

const cases = loadConformanceCases();
const GENERATED_SEED = 20261202;
const GENERATED_COUNT = 1500;

const { releases, skipReason } = loadOracles();

if (skipReason) test('upstream oracle checks', { skip: skipReason }, () => {});
else describe('upstream oracle', () => {
  for (const rel of releases) describe(`release ${rel.version}`, () => releaseSuite(rel));
});

function releaseSuite(rel: OracleRelease): void {
  const strict = rel.minor === STRICT_RELEASE;
  let oracle: OracleProcess;
  let abort: AbortController;
  before(() => { abort = new AbortController(); oracle = new OracleProcess(rel.binary, abort.signal); });
  after(async () => { await oracle.close(); abort.abort(); });

  test(`answers as release ${rel.version}`, async () => {
    const a = await oracle.ask({ op: 'info' });
    assert.equal(a.release, rel.version);
    assert.deepEqual(a.result, { resize: rel.minor !== '1.31' });
  });

  test(`conformance cases: verdicts, error fields and messages${strict ? '' : ' (reported, not enforced)'}`, async () => {
    const bad: string[] = [];
    for (const c of cases) {
      const answer = await oracle.ask({ op: 'update', old: c.old, new: c.new });
      const mine = podpatchVerdict(c.old, c.new, 'update', rel.minor);
      const cmp = compareVerdicts(mine, answer);
      if (cmp.messages) continue;
      const why = knownDifference({ op: 'update', old: c.old, new: c.new, edits: [] }, mine, answer);
      if (why) console.log(`# ${rel.version} ${c.id}: known upstream difference: ${why}`);
      else bad.push(`${c.id} ${c.name}\n${describeDisagreement(mine, answer)}`);
    }
    if (!strict) {
      if (bad.length) console.log(`# ${rel.version}: ${bad.length}/${cases.length} conformance cases differ from podpatch's 1.33-era rules:\n${bad.slice(0, 3).join('\n')}`);
      return;
    }
    assert.deepEqual(bad, [], `${bad.length} of ${cases.length} conformance cases disagree with upstream ${rel.version}`);
  });

  test(`${GENERATED_COUNT} generated edits (seed ${GENERATED_SEED})${strict ? '' : ' (reported, not enforced)'}`, async () => {
    const bad: string[] = [];
    let compared = 0;
    let known = 0;
    const edits = [...generateEdits(GENERATED_SEED, GENERATED_COUNT)].filter((e) => e.op === 'update' || rel.minor !== '1.31');
    const answers = await Promise.all(edits.map((e) => oracle.ask({ op: e.op, old: e.old, new: e.new })));
    edits.forEach((e, i) => {
      // podpatch has no pods/resize rules yet: resize edits are reported, never enforced.
      const mine = podpatchVerdict(e.old, e.new, e.op, rel.minor);
      const cmp = compareVerdicts(mine, answers[i]);
      compared++;
      if (cmp.messages) return;
      const why = knownDifference(e, mine, answers[i]);
      if (why) { known++; return; }
      bad.push(`#${e.id} ${e.op} ${e.edits.join('; ')}\n${describeDisagreement(mine, answers[i])}`);
    });
    const summary = `${rel.version}: ${compared - bad.length - known}/${compared} agree, ${known} known upstream differences, ${bad.length} disagree`;
    if (!strict || bad.length === 0) console.log(`# ${summary}${bad.length ? '\n' + bad.slice(0, 3).join('\n') : ''}`);
    if (strict) assert.deepEqual(bad.slice(0, 10), [], summary);
  });

  // From 1.34 the catch-all carries diff.Diff of the internal PodSpecs (internalPodSpec.ts): enforced
  // byte for byte on every pair where both sides report it, whatever the release podpatch models.
  if (Number(rel.minor.split('.')[1]) >= 34) test('spec catch-all: the whole message, unified diff included, is upstream\'s byte for byte', async () => {
    const pairs = [...cases.map((c) => ({ id: c.id, old: c.old, new: c.new })), ...[...generateEdits(GENERATED_SEED, GENERATED_COUNT)].filter((e) => e.op === 'update').map((e) => ({ id: `#${e.id} ${e.edits.join('; ')}`, old: e.old, new: e.new }))];
    const answers = await Promise.all(pairs.map((p) => oracle.ask({ op: 'update', old: p.old, new: p.new })));
    let both = 0;
    const bad: string[] = [];
    pairs.forEach((p, i) => {
      const cmp = compareCatchAll(podpatchVerdict(p.old, p.new, 'update', rel.minor), answers[i]);
      if (cmp !== 'absent') both++;
      if (cmp === 'differ') bad.push(`${p.id}\n${describeCatchAll(podpatchVerdict(p.old, p.new, 'update', rel.minor), answers[i])}`);
    });
    console.log(`# ${rel.version}: ${both - bad.length}/${both} catch-all messages identical (of ${pairs.length} pairs)`);
    assert.ok(both > 100, `only ${both} pairs where both report the catch-all`);
    assert.deepEqual(bad.slice(0, 3), []);
  });

  test('strategic merge patch: podpatch and apimachinery build and apply patches that reach the same pod', async () => {
    const pairs = [...cases.map((c) => ({ a: c.old, b: c.new })), ...[...generateEdits(GENERATED_SEED + 1, 300)].map((e) => ({ a: e.old, b: e.new }))];
    const bad: string[] = [];
    let beyond = 0;
    for (const [i, { a, b }] of pairs.entries()) {
      const base = stripServerOwnedFields(a);
      const target = withoutEmpty(stripServerOwnedFields(b));
      const ours = createStrategicMergePatch(base, target as Pod) ?? {};
      const upstreamApplyOurs = await oracle.ask({ op: 'smp-apply', original: base, patch: ours });
      const theirs = await oracle.ask({ op: 'smp-create', original: base, modified: target });
      const upstreamApplyTheirs = theirs.error ? undefined : await oracle.ask({ op: 'smp-apply', original: base, patch: theirs.result });
      // Pairs apimachinery cannot express itself (duplicate merge keys: it regroups the items by
      // key; wrongly typed fields) are beyond strategic merge patch: counted, not compared.
      const upstreamRoundTrips = upstreamApplyTheirs !== undefined && deepEqualJson(withoutEmpty(upstreamApplyTheirs.result), target);
      if (!upstreamRoundTrips) beyond++;
      if (upstreamRoundTrips && !deepEqualJson(withoutEmpty(upstreamApplyOurs.result), target)) bad.push(`pair ${i}: apimachinery applying podpatch's patch ${JSON.stringify(ours)} does not reach the edited pod`);
      if (upstreamRoundTrips && !deepEqualJson(withoutEmpty(applyStrategicMergePatch(structuredClone(base), theirs.result)), target)) bad.push(`pair ${i}: podpatch applying apimachinery's patch ${JSON.stringify(theirs.result)} does not reach the edited pod`);
    }
    if (beyond) console.log(`# ${rel.version}: ${beyond}/${pairs.length} pairs apimachinery's own patch cannot express (not compared)`);
    if (!strict && bad.length) { console.log(`# ${rel.version}: ${bad.length} strategic merge patch differences:\n${bad.slice(0, 3).join('\n')}`); return; }
    assert.deepEqual(bad.slice(0, 5), []);
  });
}

/** JSON as the API server sees it: a null value or an empty list is the same as an absent field. */
function withoutEmpty(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutEmpty);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null || x === undefined || (Array.isArray(x) && x.length === 0)) continue;
    out[k] = withoutEmpty(x);
  }
  return out;
}
