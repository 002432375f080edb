// Cluster benchmark, against a sandbox (TLS + token) started for the run:
// 1. `podpatch apply` of a one-label change — in-process (warm client, and cold: kubeconfig load +
//    new connection each time) and as a process — against `kubectl patch` of the same change,
//    measured in the same run. Goals: ≥10x faster in-process, faster as a process.
// 2. Watch cache: time to sync 10,000 pods (against a bare paged list of the same pods as
//    baseline) and the events/s it sustains under the sandbox's churn.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { applyManifest } from '../src/cli/applyCommand';
import { loadKubeconfig } from '../src/core/cluster/kubeconfig';
import { createPodClient, type PodClient } from '../src/core/cluster/podClient';
import { PodWatchCache } from '../src/core/cluster/podWatchCache';
import type { Pod } from '../src/core/pod';
import { startSandboxProcess, type SandboxProcess } from '../test/support/sandboxProcess';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const runs = Number(process.env.BENCH_RUNS ?? 20);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function timeEach(n: number, fn: (i: number) => Promise<void> | void): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    out.push(performance.now() - t0);
  }
  return out;
}

const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;

async function clientFor(sandbox: SandboxProcess): Promise<PodClient> {
  const kc = await loadKubeconfig({ path: sandbox.kubeconfigPath });
  return createPodClient(kc.resolveContext());
}

/** CPU time (user + sys, ms) of this process's finished children, from /proc (Linux); undefined elsewhere. */
function childrenCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); cutime and cstime are fields 16 and 17, in clock ticks (100/s).
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

function kubectlAvailable(): boolean {
  return spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
}

async function benchApply(): Promise<void> {
  const sandbox = await startSandboxProcess(['--tls', '--token', 'bench-token-1234']);
  const work = mkdtempSync(path.join(tmpdir(), 'podpatch-bench-'));
  const client = await clientFor(sandbox);
  try {
    const pod = await client.getPod('namespace-test', 'pod-test');
    // Two manifests that differ from each other in one label; no resourceVersion, so each apply
    // is a real change of the live pod (as each kubectl patch is).
    const files = ['a', 'b'].map((v) => {
      const edited: Pod = structuredClone(pod);
      delete edited.metadata!.resourceVersion;
      edited.metadata!.labels = { ...edited.metadata!.labels, bench: v };
      const f = path.join(work, `pod-${v}.yaml`);
      writeFileSync(f, stringify(edited));
      return f;
    });
    const quiet = () => undefined;
    const expectOk = (code: number, what: string) => { if (code !== 0) throw new Error(`${what} failed with exit ${code}`); };

    const cacheDir = path.join(work, 'kubectl-cache');
    const haveKubectl = kubectlAvailable();
    const kubectl = (v: string) => execFileSync('kubectl', ['--kubeconfig', sandbox.kubeconfigPath, '--cache-dir', cacheDir, 'patch', 'pod', 'pod-test', '-n', 'namespace-test', '--type', 'merge', '-p', JSON.stringify({ metadata: { labels: { bench: v } } })], { stdio: 'ignore' });
    const ways: [string, (i: number) => Promise<void> | void][] = [
      ['in-process, warm client', async (i) => expectOk(await applyManifest({ file: files[i % 2], client, out: quiet }), 'apply (warm)')],
      ['in-process, cold (load+connect)', async (i) => expectOk(await applyManifest({ file: files[i % 2], kubeconfig: sandbox.kubeconfigPath, out: quiet }), 'apply (cold)')],
      ['process (node dist/cli.js)', (i) => { execFileSync(process.execPath, [cli, 'apply', files[i % 2], '--kubeconfig', sandbox.kubeconfigPath], { stdio: 'ignore' }); }],
    ];
    if (haveKubectl) ways.push(['baseline: kubectl patch', (i) => { kubectl(i % 2 ? 'b' : 'a'); }]);
    // Warm-up (JIT on both sides, kubectl's discovery cache, TLS), then the ways take turns in
    // rounds of a few consecutive runs each, so that load from other processes on this machine
    // hits them alike without every in-process run following a process start.
    for (const [, fn] of ways) for (let i = 0; i < 6; i++) await fn(i);
    const times: number[][] = ways.map(() => []);
    const cpu: number[] = ways.map(() => 0);
    const perRound = Math.max(1, Math.floor(runs / 4));
    for (let done = 0; done < runs; done += perRound) {
      for (let w = 0; w < ways.length; w++) {
        for (let i = done; i < Math.min(runs, done + perRound); i++) {
          const c0 = childrenCpuMs();
          const t0 = performance.now();
          await ways[w][1](i);
          times[w].push(performance.now() - t0);
          const c1 = childrenCpuMs();
          if (c0 !== undefined && c1 !== undefined) cpu[w] += c1 - c0;
        }
      }
    }
    console.log(`podpatch apply, one-label change over TLS + token, ${runs} runs each, in interleaved rounds (median wall time; CPU of the process where one is spawned):`);
    ways.forEach(([name], w) => console.log(`  ${name.padEnd(34)} ${fmt(median(times[w]))}${cpu[w] ? `   (process CPU ${fmt(cpu[w] / runs)} per run)` : ''}`));
    if (!haveKubectl) {
      console.log('  kubectl not on PATH: no baseline, no ratios');
      return;
    }
    const base = median(times[3]);
    console.log(`  ratio kubectl / in-process warm: ${(base / median(times[0])).toFixed(1)}x (goal ≥ 10x)`);
    console.log(`  ratio kubectl / in-process cold: ${(base / median(times[1])).toFixed(1)}x`);
    console.log(`  ratio kubectl / process:         ${(base / median(times[2])).toFixed(2)}x (goal > 1x)`);
    if (cpu[2] && cpu[3]) console.log(`  ratio kubectl / process, CPU:    ${(cpu[3] / cpu[2]).toFixed(2)}x (less sensitive to other load on the machine)`);
    const c0 = childrenCpuMs();
    const nodeStart = await timeEach(5, () => { execFileSync(process.execPath, ['-e', '0']); });
    const c1 = childrenCpuMs();
    const nodeCpu = c0 !== undefined && c1 !== undefined ? `, CPU ${fmt((c1 - c0) / 5)}` : '';
    console.log(`  (for reference: a bare \`node -e 0\` takes ${fmt(median(nodeStart))}${nodeCpu} here)`);
  } finally {
    client.dispose();
    await sandbox.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

function waitForEvents(cache: PodWatchCache, target: number): Promise<void> {
  return new Promise((resolve) => {
    if (cache.stats.events >= target) return resolve();
    const sub = cache.onDidChange(() => { if (cache.stats.events >= target) { sub.dispose(); resolve(); } });
  });
}

async function benchWatch(): Promise<void> {
  const pods = 10_000;
  const sandbox = await startSandboxProcess(['--tls', '--token', 'bench-token-1234', '--pods', String(pods)]);
  const client = await clientFor(sandbox);
  try {
    await client.listAllPods(undefined); // warm-up
    const listTimes = await timeEach(3, async () => { await client.listAllPods(undefined); });
    const syncTimes = await timeEach(3, async () => {
      const c = new PodWatchCache(client, { batchMs: 20 });
      await c.start();
      if (c.size !== pods + 1) throw new Error(`synced ${c.size} pods`);
      c.dispose();
    });
    console.log(`watch cache, ${pods} pods (median of 3):`);
    console.log(`  baseline: paged list (500/page) ${fmt(median(listTimes))}`);
    console.log(`  cache sync (list + index)       ${fmt(median(syncTimes))}  (ratio ${(median(syncTimes) / median(listTimes)).toFixed(2)}x of the bare list)`);

    const cache = new PodWatchCache(client, { batchMs: 20 });
    await cache.start();
    let batches = 0;
    cache.onDidChange(() => { batches++; });
    for (const [label, events, perSecond] of [['as fast as the server churns', 20_000, undefined], ['paced at 1,000/s for 5 s', 5_000, 1_000]] as const) {
      const target = cache.stats.events + events;
      const before = batches;
      const t0 = performance.now();
      const churned = sandbox.admin.churn({ events, perSecond });
      await churned;
      const serverDone = performance.now();
      await waitForEvents(cache, target);
      const seen = performance.now();
      const rate = events / ((seen - t0) / 1000);
      console.log(`  events ${label}: ${events} in ${fmt(seen - t0)} = ${Math.round(rate)} events/s received; last event ${fmt(seen - serverDone)} after the server finished; ${batches - before} batches`);
    }
    console.log(`  cache holds ${cache.size} pods; relists ${cache.stats.relists}`);
    cache.dispose();
  } finally {
    client.dispose();
    await sandbox.stop();
  }
}

/**
 * The cache's own ceiling, without a server: 10,000 pods listed, then a stream of 100,000 MODIFIED
 * events (serialized pods, cut into 64 KB chunks) decoded and applied, against a bare
 * JSON.parse of the same lines as baseline.
 */
async function benchDecodeAndApply(): Promise<void> {
  const pods = 10_000;
  const events = 100_000;
  const template = (i: number, rv: number): Pod => ({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: `pod-${i}`, namespace: `ns-${i % 10}`, resourceVersion: String(rv), labels: { app: 'web', i: String(i) }, uid: `uid-${i}`, creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { containers: [{ name: 'c', image: 'nginx:1.27', resources: { limits: { cpu: '500m', memory: '1Gi' } } }], restartPolicy: 'Always' },
    status: { phase: 'Running', containerStatuses: [{ name: 'c', ready: true, restartCount: 0, state: { running: { startedAt: '2026-01-01T00:00:01Z' } } }] },
  });
  const lines = Array.from({ length: events }, (_, e) => JSON.stringify({ type: 'MODIFIED', object: template(e % pods, pods + e + 1) }) + '\n');
  const payload = Buffer.from(lines.join(''));
  const chunks: Buffer[] = [];
  for (let o = 0; o < payload.length; o += 65_536) chunks.push(payload.subarray(o, o + 65_536));

  const t0 = performance.now();
  for (const l of lines) JSON.parse(l);
  const bare = performance.now() - t0;

  const { WatchDecoder } = await import('../src/core/cluster/watchDecoder');
  let served = false;
  const fakeClient = {
    async *listPodPages() { yield { items: Array.from({ length: pods }, (_, i) => template(i, i + 1)), resourceVersion: String(pods), restarted: false, last: true }; },
    async *watchPods(_ns: string | undefined, opts: { signal?: AbortSignal }) {
      if (served) { await new Promise((r) => opts.signal?.addEventListener('abort', r, { once: true })); return; }
      served = true;
      const decoder = new WatchDecoder<Pod>();
      for (const c of chunks) { const evs = decoder.push(c); if (evs.length) yield evs; }
    },
  } as unknown as PodClient;
  const cache = new PodWatchCache(fakeClient, { batchMs: 20 });
  // The cache's flush timer is unref'd (a real watch socket keeps the process alive); this fake has none.
  const keepAlive = setInterval(() => undefined, 1000);
  const t1 = performance.now();
  await cache.start();
  await waitForEvents(cache, events);
  const took = performance.now() - t1;
  clearInterval(keepAlive);
  cache.dispose();
  console.log(`watch cache without a server: list ${pods} + ${events} events (${(payload.length / 1e6).toFixed(0)} MB) in ${fmt(took)} = ${Math.round(events / (took / 1000))} events/s`);
  console.log(`  baseline: JSON.parse of the same ${events} lines ${fmt(bare)} (ratio ${(took / bare).toFixed(2)}x)`);
}

async function main(): Promise<void> {
  // BENCH_ONLY=apply|watch|decode runs one part.
  const only = process.env.BENCH_ONLY;
  if (!only || only === 'apply') await benchApply();
  if (!only || only === 'watch') await benchWatch();
  if (!only || only === 'decode') await benchDecodeAndApply();
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
