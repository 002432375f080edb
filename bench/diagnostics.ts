// Diagnostics latency after a keystroke on a 1,000-line pod manifest, on the path the extension
// runs (outside the extension host): lintPodText (parse + source map + rules + ranges + original
// values) for a pod document and for a local file (laid over the live pod), and the quick fix's
// revert edit, each against a bare `yaml.parse` of the same text measured in the same run.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';
import { lintPodText } from '../src/core/lint/lintPodText';
import { editForValueChange } from '../src/core/lint/yamlEdits';
import { parseFieldPath } from '../src/core/yaml/fieldPath';
import type { Pod } from '../src/core/pod';

const root = path.resolve(__dirname, '..', '..');
// A copy of the shared bench input (bench/README.md says where it comes from).
const input = path.resolve(root, 'bench', 'pod-1000.yaml');
const text = readFileSync(input, 'utf8');
const base = parse(text) as Pod;

// One keystroke each: a label value (allowed), an image (allowed), restartPolicy (refused: the
// catch-all plus a per-field finding with a range and an original value).
const edits = [
  text.replace('label-7: v7', 'label-7: v77'),
  text.replace('image: redis:latest', 'image: redis:latesx'),
  text.replace('restartPolicy: Always', 'restartPolicy: Alway'),
];

type Case = { label: string; run: (i: number) => unknown };

const refused = edits[2];
const cases: Case[] = [
  { label: 'baseline: yaml.parse', run: (i) => parse(edits[i % edits.length]) },
  { label: 'pod document: lintPodText', run: (i) => lintPodText(edits[i % edits.length], base, 'kubernetes', { requirePod: true }) },
  { label: 'local file: lintPodText (over the live pod)', run: (i) => lintPodText(edits[i % edits.length], base, 'kubernetes', { partial: true }) },
  { label: 'quick fix: revert edit of restartPolicy', run: () => editForValueChange(refused, { segments: parseFieldPath('spec.restartPolicy'), present: true, value: 'Always' }) },
];

// Interleaved (every case once per round) so that load from elsewhere on the machine hits the
// baseline and the candidates alike and the ratios stay meaningful.
function measureAll(runs: number): number[][] {
  for (let i = 0; i < 5; i++) for (const c of cases) c.run(i); // warm-up: JIT and yaml's lazy tables
  const times = cases.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) {
    cases.forEach((c, k) => {
      const t0 = performance.now();
      c.run(i);
      times[k].push(performance.now() - t0);
    });
  }
  return times;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const runs = Number(process.env.PODPATCH_BENCH_RUNS ?? 60);
const times = measureAll(runs);

const check = lintPodText(refused, base, 'kubernetes');
if (!check.diagnostics.some((d) => d.path === 'spec.restartPolicy' && d.severity === 'error')) throw new Error('benchmark input no longer yields the restartPolicy error');

const b50 = pct(times[0], 50);
console.log(`diagnostics after a keystroke, ${text.split('\n').length}-line pod (${runs} rounds, 3 edits)`);
cases.forEach((c, k) => {
  const xs = times[k];
  console.log(`${c.label.padEnd(44)} p50 ${pct(xs, 50).toFixed(2).padStart(7)} ms  p95 ${pct(xs, 95).toFixed(2).padStart(7)} ms  ${(pct(xs, 50) / b50).toFixed(2)}x yaml.parse`);
});
