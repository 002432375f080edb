// Agreement with upstream: 100,000 generated pod edits (test/oracle/podEditGenerator, fixed seed) per
// modelled release through podpatch's rules and that release's oracle (upstream's pod strategy);
// prints how many agree on the verdict, the error fields and the messages, the known upstream
// differences, and the first disagreements by kind. BENCH_ONLY=oracle runs only this part;
// ORACLE_BENCH_EDITS changes the count, ORACLE_BENCH_RELEASES=1.33,1.37 picks releases. Needs the oracles built (node test/oracle/build.mjs).
import { loadOracles, STRICT_RELEASE, type OracleRelease } from '../test/oracle/oracleBinaries';
import { OracleProcess, type OracleAnswer } from '../test/oracle/oracleProcess';
import { podpatchVerdict } from '../test/oracle/podpatchVerdict';
import { compareCatchAll, compareVerdicts, describeCatchAll, describeDisagreement } from '../test/oracle/compareVerdicts';
import { generateEdits, type GeneratedEdit } from '../test/oracle/podEditGenerator';
import { knownDifference } from '../test/oracle/knownDifferences';

const COUNT = Number(process.env.ORACLE_BENCH_EDITS ?? 100_000);
const SEED = 20261202;
const BATCH = 2000;
const SHOW = Number(process.env.ORACLE_BENCH_SHOW ?? 8);

type Tally = { catchAll: number; catchAllSame: number; catchAllFirst: string[]; compared: number; verdict: number; paths: number; messages: number; full: number; known: Map<string, number>; first: Map<string, string>; disagree: number; oracleMs: number; podpatchMs: number };

async function benchRelease(rel: OracleRelease): Promise<Tally> {
  const t: Tally = { catchAll: 0, catchAllSame: 0, catchAllFirst: [], compared: 0, verdict: 0, paths: 0, messages: 0, full: 0, known: new Map(), first: new Map(), disagree: 0, oracleMs: 0, podpatchMs: 0 };
  const abort = new AbortController();
  const oracle = new OracleProcess(rel.binary, abort.signal);
  let batch: GeneratedEdit[] = [];
  const flush = async () => {
    const started = performance.now();
    const answers: OracleAnswer[] = await Promise.all(batch.map((e) => oracle.ask({ op: e.op, old: e.old, new: e.new })));
    t.oracleMs += performance.now() - started;
    batch.forEach((e, i) => {
      const s = performance.now();
      const mine = podpatchVerdict(e.old, e.new, e.op, rel.minor);
      t.podpatchMs += performance.now() - s;
      const c = compareVerdicts(mine, answers[i]);
      t.compared++;
      if (c.verdict) t.verdict++;
      if (c.paths) t.paths++;
      if (c.messages) t.messages++;
      if (c.fullMessages) t.full++;
      const ca = compareCatchAll(mine, answers[i]);
      if (ca !== 'absent') t.catchAll++;
      if (ca === 'same') t.catchAllSame++;
      if (ca === 'differ' && t.catchAllFirst.length < 3) t.catchAllFirst.push(`#${e.id} ${e.op} ${e.edits.join('; ')}\n${describeCatchAll(mine, answers[i])}`);
      if (c.messages) return;
      const known = knownDifference(e, mine, answers[i]);
      if (known) { t.known.set(known, (t.known.get(known) ?? 0) + 1); return; }
      t.disagree++;
      // One example per kind of edit (its first change's field), so the list shows distinct causes.
      const kind = `${e.op} ${e.edits[0].replace(/[=+-].*$/, '').replace(/\[\d+\]/g, '[*]').trim()}`;
      if (!t.first.has(kind)) t.first.set(kind, `#${e.id} ${e.op} ${e.edits.join('; ')}\n${describeDisagreement(mine, answers[i])}`);
    });
    batch = [];
  };
  try {
    for (const e of generateEdits(SEED, COUNT)) {
      if (e.op === 'resize' && rel.minor === '1.31') continue; // no pods/resize before 1.33
      batch.push(e);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    await oracle.close();
  } finally {
    abort.abort();
  }
  return t;
}

const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(2)}%`;

async function main(): Promise<void> {
  if (process.env.BENCH_ONLY && process.env.BENCH_ONLY !== 'oracle') return;
  const { releases, skipReason } = loadOracles();
  if (skipReason) { console.log(`oracle agreement: skipped: ${skipReason}`); return; }
  console.log(`oracle agreement: ${COUNT} generated edits per release (seed ${SEED}); podpatch's kubernetes profile models ${STRICT_RELEASE}`);
  const wanted = process.env.ORACLE_BENCH_RELEASES?.split(',');
  for (const rel of releases.filter((r) => !wanted || wanted.includes(r.minor))) {
    const t = await benchRelease(rel);
    console.log(`release ${rel.version}: compared ${t.compared}; verdict ${pct(t.verdict, t.compared)}, fields ${pct(t.paths, t.compared)}, messages ${pct(t.messages, t.compared)} (whole messages with the catch-all's diff ${pct(t.full, t.compared)}); oracle ${(t.oracleMs / t.compared * 1000).toFixed(0)} µs/edit, podpatch ${(t.podpatchMs / t.compared * 1000).toFixed(0)} µs/edit (ratio ${(t.podpatchMs / t.oracleMs).toFixed(2)})`);
    // Before 1.34 the catch-all carries go-cmp's diff, which podpatch summarises rather than reproduces.
    const unified = Number(rel.minor.split('.')[1]) >= 34;
    console.log(`  spec catch-all (both sides report it): ${t.catchAll}; whole message with the diff identical ${t.catchAllSame} (${pct(t.catchAllSame, t.catchAll || 1)})${unified ? '' : ' (go-cmp diff before 1.34: not reproduced)'}`);
    if (unified) for (const text of t.catchAllFirst) console.log(text.split('\n').map((l) => '    ' + l).join('\n'));
    for (const [name, n] of t.known) console.log(`  known upstream difference (${n}): ${name}`);
    console.log(`  unexplained disagreements: ${t.disagree} in ${t.first.size} kinds of edit${t.first.size ? `; first ${Math.min(SHOW, t.first.size)}:` : ''}`);
    for (const text of [...t.first.values()].slice(0, SHOW)) console.log(text.split('\n').map((l) => '  ' + l).join('\n'));
  }
}

main().catch((e) => { console.error(e); process.exitCode = 1; });
