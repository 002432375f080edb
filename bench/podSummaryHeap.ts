// Heap per pod for a pod list view at 100,000 realistic pods (the sandbox's `--realistic` pods,
// 7-8 KB of JSON each): whole pods as they arrive (the baseline) against the pod summaries that
// core/podSummary keeps (client-go's transform-on-arrival). Each mode runs in its own process with
// --expose-gc, receiving the pods as JSON pages of 500 (as a paged list arrives) and keeping them;
// the heap after full GCs, minus the heap before, divided by the pod count is printed for both,
// with a control run that keeps nothing (what the GC had not returned yet: the measurement's noise).
// BENCH_PODS overrides the count.
import { spawnSync } from 'node:child_process';
import type { Pod } from '../src/core/pod';
import { summarizePod, type PodSummary } from '../src/core/podSummary';
import { generatedNamespaceNames } from '../src/sandbox/seedPods';
import { realisticPod } from '../src/sandbox/realisticPods';

type Result = { mode: string; pods: number; bytesPerPod: number; jsonBytesPerPod: number; msPerPage: number };

/** Full collections with pauses between, so concurrent sweeping has finished before heap is read. */
async function gc(): Promise<void> {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) throw new Error('run with --expose-gc');
  for (let i = 0; i < 6; i++) { g(); await new Promise((r) => setTimeout(r, 20)); }
}

async function child(mode: 'whole' | 'summary' | 'none', count: number): Promise<void> {
  const namespaces = generatedNamespaceNames(count);
  const now = new Date();
  const kept: (Pod | PodSummary)[] = [];
  await gc();
  const before = process.memoryUsage().heapUsed;
  let jsonBytes = 0;
  let transformMs = 0;
  let pages = 0;
  for (let start = 0; start < count; start += 500) {
    const items = [];
    for (let i = start; i < Math.min(count, start + 500); i++) items.push(realisticPod(i, namespaces, now));
    const page = JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items });
    jsonBytes += Buffer.byteLength(page);
    const t0 = performance.now();
    const list = JSON.parse(page) as { items: Pod[] };
    if (mode !== 'none') for (const p of list.items) kept.push(mode === 'whole' ? p : summarizePod(p));
    transformMs += performance.now() - t0;
    pages++;
  }
  await gc();
  const after = process.memoryUsage().heapUsed;
  const result: Result = { mode, pods: kept.length, bytesPerPod: (after - before) / count, jsonBytesPerPod: jsonBytes / count, msPerPage: transformMs / pages };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function run(mode: string, count: number): Result {
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=6144', __filename, 'child', mode, String(count)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`${mode} run failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Result;
}

const fmtBytes = (b: number) => (b >= 1 << 20 ? `${(b / (1 << 20)).toFixed(1)} MB` : `${Math.round(b).toLocaleString('en-US')} B`);

if (process.argv[2] === 'child') {
  void child(process.argv[3] as 'whole' | 'summary' | 'none', Number(process.argv[4]));
} else {
  const count = Number(process.env.BENCH_PODS ?? 100_000);
  const none = run('none', count);
  const whole = run('whole', count);
  const summary = run('summary', count);
  console.log(`pod list heap, ${count.toLocaleString('en-US')} realistic pods (${fmtBytes(whole.jsonBytesPerPod)} of JSON each):`);
  console.log(`  whole pods (baseline): ${fmtBytes(whole.bytesPerPod)} per pod, ${fmtBytes(whole.bytesPerPod * count)} in all; parse ${whole.msPerPage.toFixed(1)} ms per page of 500`);
  console.log(`  pod summaries:         ${fmtBytes(summary.bytesPerPod)} per pod, ${fmtBytes(summary.bytesPerPod * count)} in all; parse + summarize ${summary.msPerPage.toFixed(1)} ms per page of 500`);
  console.log(`  control (pods parsed, none kept): ${fmtBytes(none.bytesPerPod)} per pod of garbage the GC had not yet returned`);
  console.log(`  summaries use ${(whole.bytesPerPod / summary.bytesPerPod).toFixed(1)}x less heap than whole pods (goal: at most 150 MB for the tree and its cache)`);
}
