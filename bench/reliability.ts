// Reliability run (issue 13): a broad hostile set against a sandbox process and the CLI, loopback
// only, bounded (about a minute): auth matrix, bodies, patch bombs, path tricks, slow clients, many
// watches, racing writes, kill -9 with --state, hostile CLI inputs and credential-echoing answers.
// While the sandbox is under attack a probe process (support/reliabilityProbe.ts) GETs a pod every
// 100 ms on its own connection, so its GETs never wait on this process's own work.
// Prints totals: inputs tried, crashes, stalls (that GET over 1 s), acknowledged writes lost,
// secrets printed. All but inputs tried must be 0 (the exit code says so).
import { fork, spawn } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Agent, request } from 'undici';
import { startSandboxProcess, type SandboxProcess } from '../test/support/sandboxProcess';
import { AUTH_TARGETS, hostileBodies, pathTricks, patchBombs, wrongAuthorizations, type HostileRequest } from './support/hostileInputs';

const TOKEN = 'reliability-token-5a7c9e1b3d';
const PASSWORD = 'pw-Hunter2-reliability';
const POD = '/api/v1/namespaces/namespace-test/pods/pod-test';
const cliPath = path.resolve(__dirname, '../../dist/cli.js');
const work = mkdtempSync(path.join(tmpdir(), 'podpatch-reliability-'));

const totals = { inputs: 0, crashes: 0, stalls: 0, lost: 0, secrets: 0 };
const notes = { slowest: '', stallInputs: [] as string[], internalErrors: [] as string[], authBypasses: [] as string[], misrouted: [] as string[], slow: [] as string[], stallsBy: new Map<string, number>() };
let phase = 'start';
/** The bench's recent requests (epoch ms), to say which were in flight when a probe GET stalled. */
const inFlight: { what: string; start: number; end?: number }[] = [];
const epochMs = () => performance.timeOrigin + performance.now();
let sb: SandboxProcess;
const agent = new Agent({ connections: 16, bodyTimeout: 60_000, headersTimeout: 60_000 });

type Answer = { status: number; text: string; ms: number } | { error: string; ms: number };

async function send(r: Pick<HostileRequest, 'method' | 'path' | 'headers' | 'body'> & { what?: string }, auth = true, target = sb): Promise<Answer> {
  const t0 = performance.now();
  const mark = { what: r.what ?? `${r.method} ${r.path.slice(0, 50)}`, start: epochMs(), end: undefined as number | undefined };
  inFlight.push(mark);
  if (inFlight.length > 400) inFlight.splice(0, 100);
  const headers = { ...(auth ? { authorization: `Bearer ${TOKEN}` } : {}), ...(r.headers ?? {}) };
  try {
    const res = await request(target.url + r.path, { method: r.method as 'GET', headers, body: r.body, dispatcher: agent, signal: AbortSignal.timeout(60_000) });
    const text = await res.body.text();
    return { status: res.statusCode, text, ms: performance.now() - t0 };
  } catch (err) {
    return { error: (err as Error).message, ms: performance.now() - t0 };
  } finally {
    mark.end = epochMs();
  }
}

/** An admin call, noted like a request so a stall during it is charged to it. */
async function tracked(what: string, call: () => Promise<void>): Promise<void> {
  const mark = { what, start: epochMs(), end: undefined as number | undefined };
  inFlight.push(mark);
  try { await call(); } finally { mark.end = epochMs(); }
}

/** One hostile request: counted, and any 5xx answer noted. */
async function attempt(r: HostileRequest, auth = true): Promise<Answer> {
  totals.inputs++;
  if (process.env.RELIABILITY_TRACE) console.log(`    ${r.what}`);
  const a = await send(r, auth);
  if ('status' in a && a.status >= 500) notes.internalErrors.push(`${r.what}: ${a.status} ${a.text.slice(0, 120)}`);
  if (a.ms > 1000) notes.slow.push(`${r.what}: ${Math.round(a.ms)} ms`);
  return a;
}

type Probe = { retarget(): void; stop(): Promise<number> };

/** Forks the stall probe (bench/support/reliabilityProbe.ts) at the current sandbox. */
function startProbe(): Probe {
  const child = fork(path.join(__dirname, 'support', 'reliabilityProbe.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let final: (worst: number) => void = () => undefined;
  child.on('message', (m: { stall?: { at: number; ms: number }; slowest?: { at: number; ms: number }; worst?: number }) => {
    if (m.stall) recordStall(m.stall.at, m.stall.ms);
    if (m.slowest) notes.slowest = `${Math.round(m.slowest.ms)} ms in ${phase} during: ${requestsDuring(m.slowest.at, m.slowest.ms)}`;
    if (m.worst !== undefined) final(m.worst);
  });
  const retarget = () => child.send({ url: sb.url, token: TOKEN, path: POD });
  retarget();
  return {
    retarget,
    stop: () => new Promise<number>((resolve) => {
      child.once('exit', () => resolve(-1));
      final = resolve;
      child.send({ stop: true });
    }),
  };
}

/** A stall is charged to its phase and to the requests in flight while that GET waited. */
function recordStall(at: number, ms: number): void {
  totals.stalls++;
  notes.stallsBy.set(phase, (notes.stallsBy.get(phase) ?? 0) + 1);
  notes.stallInputs.push(`${Math.round(ms)} ms in ${phase} during: ${requestsDuring(at, ms)}`);
}

function requestsDuring(at: number, ms: number): string {
  const during = inFlight.filter((r) => r.start < at + ms && (r.end ?? Infinity) > at).map((r) => r.what);
  return [...new Set(during)].slice(0, 4).join('; ') || '(no bench request)';
}

async function startAttacked(): Promise<SandboxProcess> {
  return startSandboxProcess(['--token', TOKEN, '--pods', '2000', '--bookmark-interval', '200']);
}

/** After each phase: a sandbox that no longer answers crashed; it is restarted for the next phase. */
async function checkAlive(probe: Probe): Promise<void> {
  const a = await send({ method: 'GET', path: '/healthz' });
  if ('status' in a && a.status === 200) return;
  totals.crashes++;
  console.log(`  CRASH in ${phase}: ${sb.stderr().trim().split('\n').slice(-3).join(' | ')}`);
  await sb.stop('SIGKILL');
  sb = await startAttacked();
  probe.retarget();
}

async function authMatrix(): Promise<void> {
  for (const target of AUTH_TARGETS) {
    for (const headers of wrongAuthorizations(TOKEN)) {
      const a = await attempt({ what: `auth ${target.method} ${target.path}`, ...target, headers: { ...(target.headers ?? {}), ...headers } }, false);
      if ('status' in a && a.status < 300) notes.authBypasses.push(`${target.method} ${target.path} with ${JSON.stringify(headers).slice(0, 60)}: ${a.status}`);
    }
  }
}

async function slowClients(): Promise<void> {
  const port = Number(new URL(sb.url).port);
  const sockets: net.Socket[] = [];
  const open = async (head: string) => {
    const s = net.connect(port, '127.0.0.1');
    s.on('error', () => { /* cut off by the server: fine */ });
    await new Promise<void>((resolve) => { s.once('connect', resolve); s.once('error', () => resolve()); });
    s.pause();
    s.write(head);
    sockets.push(s);
    totals.inputs++;
  };
  const auth = `Authorization: Bearer ${TOKEN}\r\n`;
  for (let i = 0; i < 30; i++) await open(`GET /api/v1/pods?watch=1 HTTP/1.1\r\nHost: x\r\n${auth}\r\n`);
  for (let i = 0; i < 10; i++) await open(`GET /api/v1/pods?watch=1&timeoutSeconds=1&allowWatchBookmarks=true HTTP/1.1\r\nHost: x\r\n${auth}\r\n`);
  for (let i = 0; i < 20; i++) await open('GET /api/v1/pods HTTP/1.1\r\nHost: x\r\n');
  const loris = setInterval(() => { for (const s of sockets.slice(40)) if (!s.destroyed) s.write('X'); }, 200);
  for (let i = 0; i < 300; i++) await send({ method: 'PATCH', path: POD, headers: { 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ metadata: { labels: { slow: String(i) } } }) });
  clearInterval(loris);
  for (const s of sockets) s.destroy();
}

async function manyWatches(): Promise<void> {
  const list = await send({ method: 'GET', path: '/api/v1/namespaces/namespace-test/pods' });
  const rv = 'status' in list ? JSON.parse(list.text).metadata.resourceVersion : '0';
  const ac = new AbortController();
  setMaxListeners(0, ac.signal); // one signal ends all 200 watches
  const watchers = Array.from({ length: 200 }, async (_, i) => {
    totals.inputs++;
    try {
      const res = await request(`${sb.url}/api/v1/pods?watch=1&allowWatchBookmarks=true&resourceVersion=${rv}${i % 4 === 0 ? '&labelSelector=app%3Dweb' : ''}`, { dispatcher: agent, headers: { authorization: `Bearer ${TOKEN}` }, signal: ac.signal });
      for await (const _ of res.body) { /* read and drop */ }
    } catch { /* aborted at the end */ }
  });
  await tracked('admin churn', () => sb.admin.churn({ events: 3000 }));
  ac.abort();
  await Promise.all(watchers);
}

async function racingWrites(): Promise<void> {
  for (let round = 0; round < 20; round++) {
    const got = await send({ method: 'GET', path: POD });
    const rv = 'status' in got ? JSON.parse(got.text).metadata.resourceVersion : '';
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => {
      totals.inputs++;
      return send({ method: 'PATCH', path: POD, headers: { 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ metadata: { resourceVersion: rv, labels: { race: `${round}-${i}` } } }) });
    }));
    const winners = answers.flatMap((a, i) => ('status' in a && a.status === 200 ? [i] : []));
    if (winners.length > 1) totals.lost += winners.length - 1; // acknowledged, then overwritten under the same precondition
    const after = await send({ method: 'GET', path: POD });
    const label = 'status' in after ? JSON.parse(after.text).metadata.labels?.race : undefined;
    if (winners.length === 1 && label !== `${round}-${winners[0]}`) totals.lost++;
    if (winners.length === 0) notes.internalErrors.push(`race round ${round}: no PATCH succeeded`);
  }
}

async function killWithState(): Promise<void> {
  const state = path.join(work, 'state.json');
  let node = await startSandboxProcess(['--state', state]);
  const acknowledged: string[] = [];
  try {
    for (let round = 0; round < 8; round++) {
      let acks = 0;
      let killed: Promise<unknown> | undefined;
      await Promise.all(Array.from({ length: 60 }, async (_, i) => {
        totals.inputs++;
        const key = `k${round}-${i}`;
        const a = await send({ method: 'PATCH', path: POD, headers: { 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ metadata: { annotations: { [key]: 'v' } } }) }, false, node);
        if ('status' in a && a.status === 200) {
          acknowledged.push(key);
          if (++acks === 30) killed = node.stop('SIGKILL'); // mid-burst: later writes are in flight
        }
      }));
      await (killed ?? node.stop('SIGKILL'));
      node = await startSandboxProcess(['--state', state]);
      const pod = await send({ method: 'GET', path: POD }, false, node);
      const annotations = 'status' in pod ? JSON.parse(pod.text).metadata.annotations ?? {} : {};
      const missing = acknowledged.filter((k) => !(k in annotations));
      totals.lost += missing.length;
      acknowledged.splice(0, acknowledged.length, ...acknowledged.filter((k) => k in annotations));
    }
  } finally {
    await node.stop();
  }
}

type CliRun = { code: number | null; signal: string | null; out: string; ms: number };

function runCli(args: string[], feed?: Buffer): Promise<CliRun> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--max-old-space-size=256', cliPath, ...args], { stdio: [feed ? 'pipe' : 'ignore', 'pipe', 'pipe'], timeout: 30_000 });
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => { out += d; });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => { out += d; });
    if (feed) {
      const stdin = child.stdin!;
      stdin.on('error', () => { /* the CLI stopped reading */ });
      const pump = () => { while (!stdin.destroyed && stdin.write(feed)) { /* fill */ } };
      stdin.on('drain', pump);
      pump();
    }
    child.once('close', (code, signal) => resolve({ code, signal, out, ms: performance.now() - t0 }));
  });
}

function checkCliRun(what: string, r: CliRun): void {
  totals.inputs++;
  // Exit codes: 0 ok, 1 findings or a failed call, 2 bad usage or input, 3 diff of a refused change.
  if (r.signal || r.code === null || r.code > 3 || /JavaScript heap|\n\s+at .*\(/.test(r.out)) {
    totals.crashes++;
    console.log(`  CLI CRASH ${what}: code ${r.code} signal ${r.signal}: ${r.out.slice(0, 200)}`);
  }
  if (r.ms > 5000) notes.slow.push(`CLI ${what}: ${Math.round(r.ms)} ms`);
  for (const secret of [TOKEN, PASSWORD, Buffer.from(`alice:${PASSWORD}`).toString('base64'), `alice:${PASSWORD}`]) {
    if (r.out.includes(secret)) { totals.secrets++; console.log(`  SECRET printed by CLI ${what}`); }
  }
}

async function cliInputs(): Promise<void> {
  const pod = path.join(work, 'pod.yaml');
  writeFileSync(pod, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-test\n  namespace: namespace-test\nspec:\n  containers:\n  - name: c\n    image: nginx\n');
  const files: [string, string | Buffer][] = [
    ['empties.yaml', '---\n'.repeat(700_000)],
    ['deep.yaml', '['.repeat(3_000_000)],
    ['deepblock.yaml', Array.from({ length: 2_000 }, (_, i) => ' '.repeat(i) + '- ').join('\n')],
    ['aliases.yaml', 'a: &a [x, x, x, x, x, x, x, x]\n' + Array.from({ length: 20_000 }, (_, i) => `b${i}: *a`).join('\n')],
    ['binary.bin', Buffer.from(Array.from({ length: 2_000_000 }, (_, i) => (i * 7919) % 256))],
    ['longline.yaml', `kind: Pod\nmetadata:\n  name: "${'a'.repeat(3_000_000)}"\n`],
  ];
  for (const [name, content] of files) writeFileSync(path.join(work, name), content);
  for (const cmd of ['check', 'diff']) {
    for (const input of ['/dev/zero', '/dev/urandom', work, path.join(work, 'missing.yaml'), ...files.map(([n]) => path.join(work, n))]) {
      checkCliRun(`${cmd} ${path.basename(input)}`, await runCli([cmd, pod, input]));
    }
    checkCliRun(`${cmd} endless stdin`, await runCli([cmd, '-', pod], Buffer.from('a: b\n'.repeat(16_384))));
  }
  checkCliRun('apply endless stdin', await runCli(['apply', '-'], Buffer.from('x'.repeat(65_536))));
}

async function cliSecrets(): Promise<void> {
  const kubeconfig = (user: Record<string, string>, server = sb.url) => {
    const file = path.join(work, `kc-${Object.keys(user).join('-')}-${totals.inputs}.yaml`);
    writeFileSync(file, `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: ${server}\nusers:\n- name: u\n  user: ${JSON.stringify(user)}\ncontexts:\n- name: x\n  context: {cluster: c, user: u, namespace: namespace-test}\ncurrent-context: x\n`);
    return file;
  };
  const manifest = path.join(work, 'pod.yaml');
  const users: Record<string, string>[] = [{ username: 'alice', password: PASSWORD }, { token: TOKEN }, { token: `${TOKEN}-wrong` }];
  for (const user of users) {
    for (const args of [['pods', '-A'], ['apply', manifest]]) {
      await sb.admin.faults({ count: 1, status: 500, echoCredentials: true, pathPrefix: '/api/v1/' } as never);
      checkCliRun(`${args[0]} echo ${Object.keys(user)[0]}`, await runCli([...args, '--kubeconfig', kubeconfig(user)]));
    }
  }
  await sb.admin.faults({ count: 50, reset: true } as never).catch(() => undefined);
  const closed = net.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as net.AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const userinfo = kubeconfig({ token: TOKEN }, `http://alice:${PASSWORD}@127.0.0.1:${port}`);
  checkCliRun('pods refused userinfo URL', await runCli(['pods', '--kubeconfig', userinfo]));
  checkCliRun('apply refused userinfo URL', await runCli(['apply', manifest, '--kubeconfig', userinfo]));
  await sb.admin.reset();
}

async function main(): Promise<void> {
  const started = performance.now();
  sb = await startAttacked();
  const probe = startProbe();
  const phases: [string, () => Promise<void>][] = [
    ['auth matrix', authMatrix],
    ['bodies', async () => {
      for (const r of hostileBodies()) {
        const a = await attempt(r);
        // An accepted odd body (100k labels) is reset, so the inputs after it meet the ordinary pod.
        if ('status' in a && a.status < 300 && r.method !== 'GET') await tracked('admin reset', () => sb.admin.reset());
      }
    }],
    ['patch bombs', async () => { for (const r of patchBombs()) await attempt(r); }],
    ['path tricks', async () => {
      for (const r of pathTricks()) await attempt(r);
      const pod = await send({ method: 'GET', path: POD });
      if (!('status' in pod) || pod.status !== 200) notes.misrouted.push('pod-test is gone after the path tricks');
    }],
    ['slow clients', slowClients],
    ['many watches', manyWatches],
    ['racing writes', racingWrites],
    ['CLI secrets', cliSecrets],
  ];
  for (const [name, run] of phases) {
    phase = name;
    const t0 = performance.now();
    const before = totals.inputs;
    await run();
    await checkAlive(probe);
    await tracked('admin reset', () => sb.admin.reset()); // a phase's accepted oddities (a pod with 100k labels) must not slow the next
    console.log(`  ${name}: ${totals.inputs - before} inputs, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const worst = await probe.stop();
  if (sb.stderr().includes(TOKEN) || sb.stderr().includes(PASSWORD)) { totals.secrets++; console.log('  SECRET in the sandbox log'); }
  await sb.stop();
  for (const [name, run] of [['kill -9 with --state', killWithState], ['CLI inputs', cliInputs]] as const) {
    phase = name;
    const t0 = performance.now();
    const before = totals.inputs;
    await run();
    console.log(`  ${name}: ${totals.inputs - before} inputs, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  await agent.close();
  rmSync(work, { recursive: true, force: true });

  for (const [label, list] of [['5xx answers', notes.internalErrors], ['auth bypasses', notes.authBypasses], ['misrouted writes', notes.misrouted], ['slow (over 1 s / CLI over 5 s)', notes.slow]] as const) {
    if (list.length) console.log(`  ${label} (${list.length}):\n${list.slice(0, 12).map((l) => `    ${l}`).join('\n')}`);
  }
  if (notes.slowest) console.log(`  slowest GET: ${notes.slowest}`);
  if (notes.stallsBy.size) console.log(`  stalls by phase: ${[...notes.stallsBy].map(([p, n]) => `${p} ${n}`).join(', ')}\n${notes.stallInputs.slice(0, 12).map((l) => `    ${l}`).join('\n')}`);
  console.log(`reliability: ${totals.inputs} inputs tried, ${totals.crashes} crashes, ${totals.stalls} stalls (GET over 1 s; worst ${Math.round(worst)} ms), ${totals.lost} acknowledged writes lost, ${totals.secrets} secrets printed (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  const failures = totals.crashes + totals.stalls + totals.lost + totals.secrets + notes.authBypasses.length + notes.misrouted.length;
  process.exitCode = failures ? 1 : 0;
}

main().catch((err) => { console.error(err); rmSync(work, { recursive: true, force: true }); process.exit(1); });
