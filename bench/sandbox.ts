// Sandbox API server at scale (--pods 10000), loopback only, bounded loops:
//  - full list: time and size over undici, against `kubectl get pods -A -o json` in the same run;
//  - watch stream: delivery rate of 10,000 pod changes, against relisting once;
//  - PATCH/s from one undici client (sequential and 8 in flight), against `kubectl patch` of the same change.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Agent, request } from 'undici';
import { startSandboxProcess, type SandboxProcess } from '../test/support/sandboxProcess';

const PODS = 10_000;
const WATCH_EVENTS = 10_000;
const PATCH_SECONDS = 3;
const KUBECTL_RUNS = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function findKubectl(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    try { execFileSync(path.join(dir, 'kubectl'), ['version', '--client'], { stdio: 'ignore' }); return path.join(dir, 'kubectl'); } catch { /* next */ }
  }
  return undefined;
}

async function timedGet(agent: Agent, url: string, accept?: string): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  const res = await request(url, { dispatcher: agent, headers: accept ? { accept } : {}, signal: AbortSignal.timeout(60_000) });
  const body = Buffer.from(await res.body.arrayBuffer());
  if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode}`);
  JSON.parse(body.toString('utf8')); // a client has to decode it too
  return { ms: performance.now() - t0, bytes: body.length };
}

async function benchList(sb: SandboxProcess, agent: Agent, kubectl: string | undefined, home: string): Promise<void> {
  await timedGet(agent, `${sb.url}/api/v1/pods`); // warm-up
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push(await timedGet(agent, `${sb.url}/api/v1/pods`));
  const table = await timedGet(agent, `${sb.url}/api/v1/pods?limit=500`, 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json');
  const list = median(runs.map((r) => r.ms));
  console.log(`list ${PODS + 1} pods (JSON, undici): median ${list.toFixed(0)} ms, ${(runs[0].bytes / 1e6).toFixed(1)} MB (${Math.round(runs[0].bytes / (PODS + 1))} B/pod)`);
  console.log(`  first Table page (limit=500, kubectl's request): ${table.ms.toFixed(0)} ms, ${(table.bytes / 1e3).toFixed(0)} kB`);
  if (!kubectl) { console.log('  kubectl baseline skipped: kubectl not on PATH'); return; }
  const env = { PATH: process.env.PATH, HOME: home, KUBECONFIG: sb.kubeconfigPath };
  execFileSync(kubectl, ['get', 'pods', '-A', '-o', 'name'], { env, maxBuffer: 1 << 28 }); // fills the discovery cache
  const k: number[] = [];
  for (let i = 0; i < 1; i++) { // one run: kubectl takes seconds to decode and print 10k pods
    const t0 = performance.now();
    execFileSync(kubectl, ['get', 'pods', '-A', '-o', 'json'], { env, maxBuffer: 1 << 28 });
    k.push(performance.now() - t0);
  }
  console.log(`  baseline kubectl get pods -A -o json: ${median(k).toFixed(0)} ms → undici list is ${(median(k) / list).toFixed(1)}x faster end to end`);
}

async function benchWatch(sb: SandboxProcess, agent: Agent): Promise<void> {
  const listed = await timedGet(agent, `${sb.url}/api/v1/pods`);
  const rv = JSON.parse((await (await request(`${sb.url}/api/v1/namespaces/namespace-test/pods`, { dispatcher: agent })).body.text())).metadata.resourceVersion;
  const ac = new AbortController();
  const res = await request(`${sb.url}/api/v1/pods?watch=1&resourceVersion=${rv}`, { dispatcher: agent, signal: ac.signal });
  let received = 0;
  let bytes = 0;
  let buf = '';
  let t0 = 0;
  const done = (async () => {
    try {
      for await (const chunk of res.body) {
        bytes += chunk.length;
        buf += chunk.toString();
        let nl;
        while ((nl = buf.indexOf('\n')) >= 0) {
          JSON.parse(buf.slice(0, nl));
          buf = buf.slice(nl + 1);
          if (++received === WATCH_EVENTS) { ac.abort(); return; }
        }
      }
    } catch (err) { if (!ac.signal.aborted) throw err; }
  })();
  t0 = performance.now();
  await sb.admin.churn({ events: WATCH_EVENTS });
  await done;
  const ms = performance.now() - t0;
  console.log(`watch: ${received} MODIFIED events over all namespaces in ${ms.toFixed(0)} ms = ${Math.round(received / (ms / 1000))} events/s, ${(bytes / 1e6).toFixed(1)} MB streamed`);
  console.log(`  baseline one full relist: ${listed.ms.toFixed(0)} ms → a watch delivers ${WATCH_EVENTS} changes in ${(ms / listed.ms).toFixed(1)} relists' time`);
}

async function benchPatch(sb: SandboxProcess, kubectl: string | undefined, home: string): Promise<void> {
  const url = `${sb.url}/api/v1/namespaces/namespace-test/pods/pod-test`;
  const agent = new Agent({ connections: 8 });
  let n = 0;
  const patchOnce = async () => {
    const body = JSON.stringify({ metadata: { labels: { name: `pod-test-${n++ % 2}` } } });
    const res = await request(url, { method: 'PATCH', dispatcher: agent, headers: { 'content-type': 'application/merge-patch+json' }, body, signal: AbortSignal.timeout(10_000) });
    await res.body.arrayBuffer();
    if (res.statusCode !== 200) throw new Error(`PATCH ${res.statusCode}`);
  };
  for (let i = 0; i < 200; i++) await patchOnce(); // warm-up
  const measure = async (inFlight: number) => {
    const deadline = performance.now() + PATCH_SECONDS * 1000;
    let done = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: inFlight }, async () => {
      while (performance.now() < deadline) { await patchOnce(); done++; }
    }));
    return done / ((performance.now() - t0) / 1000);
  };
  const sequential = await measure(1);
  const parallel = await measure(8);
  await agent.close();
  console.log(`PATCH (merge patch of a label, one undici client): ${Math.round(sequential)}/s sequential, ${Math.round(parallel)}/s with 8 in flight (goal 1,000/s)`);
  if (!kubectl) { console.log('  kubectl baseline skipped: kubectl not on PATH'); return; }
  const env = { PATH: process.env.PATH, HOME: home, KUBECONFIG: sb.kubeconfigPath };
  const times: number[] = [];
  for (let i = 0; i < KUBECTL_RUNS; i++) {
    const t0 = performance.now();
    execFileSync(kubectl, ['patch', 'pod', 'pod-test', '-n', 'namespace-test', '--type', 'merge', '-p', `{"metadata":{"labels":{"name":"kubectl-${i}"}}}`], { env });
    times.push(performance.now() - t0);
  }
  const kubectlRate = 1000 / median(times);
  console.log(`  baseline kubectl patch of the same change: median ${median(times).toFixed(0)} ms = ${kubectlRate.toFixed(1)}/s → undici sequential is ${(sequential / kubectlRate).toFixed(0)}x`);
}

async function main(): Promise<void> {
  const home = mkdtempSync(path.join(tmpdir(), 'podpatch-bench-'));
  const kubectl = findKubectl();
  const t0 = performance.now();
  const sb = await startSandboxProcess(['--pods', String(PODS)]);
  console.log(`sandbox with ${PODS + 1} pods listening after ${(performance.now() - t0).toFixed(0)} ms`);
  const agent = new Agent();
  try {
    await benchList(sb, agent, kubectl, home);
    await benchWatch(sb, agent);
    await benchPatch(sb, kubectl, home);
  } finally {
    await agent.close();
    await sb.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

main().catch((err) => { console.error(err); process.exitCode = 1; });
