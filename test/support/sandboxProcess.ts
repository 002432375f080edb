// Shared test helper: runs the sandbox API server as a child process (`dist/cli.js sandbox`) on a
// free port with the admin API on, waits for its `listening` line, and gives tests a typed client
// for the fault-injection endpoints. Every test that talks to "a cluster" starts one of these.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Agent, request } from 'undici';
import { parse as parseYaml } from 'yaml';
import type { FaultSpec } from '../../src/sandbox/faultInjector';

const cliPath = path.resolve(__dirname, '../../../dist/cli.js');

/** `path` is the URL path; `query` the query string without '?', when there is one. */
export type RecordedRequest = { method: string; path: string; query?: string; contentType?: string; status: number; aborted?: true };

export type AdminClient = {
  /** The next `count` matching requests get the fault. */
  faults(spec: FaultSpec): Promise<void>;
  /** Changes the pod behind clients' backs (annotation `sandbox.podpatch.dev/touched`); returns the new pod. */
  touch(namespace: string, name: string): Promise<Record<string, unknown>>;
  dropWatches(): Promise<void>;
  compact(): Promise<void>;
  churn(spec: { events: number; perSecond?: number; namespace?: string }): Promise<void>;
  requests(): Promise<RecordedRequest[]>;
  reset(): Promise<void>;
};

export type SandboxProcess = {
  url: string;
  kubeconfigPath: string;
  token?: string;
  /** PEM of the CA that signed the server certificate (with `--tls`). */
  caPem?: string;
  admin: AdminClient;
  /** The temp directory holding the kubeconfig (removed by stop()). */
  dir: string;
  /** Stderr printed so far (useful in assertion messages). */
  stderr(): string;
  /** Ends the server (SIGTERM: a clean stop; SIGKILL: a crash) and removes its temp directory. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

const running = new Set<ChildProcess>();
process.on('exit', () => {
  // A test that crashed before stop() must not leave a server behind.
  for (const child of running) child.kill('SIGKILL');
});

function flagValue(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(flag + '='));
  return eq?.slice(flag.length + 1);
}

/**
 * Spawns `dist/cli.js sandbox --port 0 --admin --kubeconfig-out <tmp>/kubeconfig` plus `args`
 * (e.g. `['--tls', '--token', 't']`, `['--pods', '100']`), resolving once it is listening.
 */
export async function startSandboxProcess(args: string[] = []): Promise<SandboxProcess> {
  const dir = mkdtempSync(path.join(tmpdir(), 'podpatch-sandbox-'));
  const kubeconfigPath = flagValue(args, '--kubeconfig-out') ?? path.join(dir, 'kubeconfig');
  const fullArgs = [cliPath, 'sandbox', '--port', '0', '--admin', ...args];
  if (!flagValue(args, '--kubeconfig-out')) fullArgs.push('--kubeconfig-out', kubeconfigPath);
  const child = spawn(process.execPath, fullArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => { running.delete(child); resolve({ code, signal }); }));

  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const onData = (d: string) => {
      out += d;
      const m = /sandbox listening on (\S+)/.exec(out);
      if (m) { child.stdout!.off('data', onData); resolve(m[1]); }
    };
    child.stdout!.setEncoding('utf8').on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`sandbox exited (${code ?? signal}) before listening: ${stderr.trim()}`)));
    child.once('error', reject);
  }).catch(async (err) => { child.kill('SIGKILL'); await exited; rmSync(dir, { recursive: true, force: true }); throw err; });
  child.stdout!.resume(); // keep draining so the child never blocks on a full pipe

  const token = flagValue(args, '--token');
  let caPem: string | undefined;
  if (url.startsWith('https:')) {
    const config = parseYaml(readFileSync(kubeconfigPath, 'utf8')) as { clusters: { cluster: Record<string, string> }[] };
    caPem = Buffer.from(config.clusters[0].cluster['certificate-authority-data'], 'base64').toString('utf8');
  }
  const dispatcher = new Agent({ connect: caPem ? { ca: caPem } : {} });

  async function call(method: 'GET' | 'POST', p: string, body?: unknown): Promise<unknown> {
    const res = await request(url + p, {
      method,
      dispatcher,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.body.text();
    if (res.statusCode >= 300) throw new Error(`admin ${method} ${p}: ${res.statusCode} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  const admin: AdminClient = {
    faults: async (spec) => { await call('POST', '/_podpatch/faults', spec); },
    touch: async (ns, name) => (await call('POST', `/_podpatch/pods/${encodeURIComponent(ns)}/${encodeURIComponent(name)}/touch`, {})) as Record<string, unknown>,
    dropWatches: async () => { await call('POST', '/_podpatch/watches/drop', {}); },
    compact: async () => { await call('POST', '/_podpatch/compact', {}); },
    churn: async (spec) => { await call('POST', '/_podpatch/churn', spec); },
    requests: async () => (await call('GET', '/_podpatch/requests')) as RecordedRequest[],
    reset: async () => { await call('POST', '/_podpatch/reset', {}); },
  };

  return {
    url,
    kubeconfigPath,
    token,
    caPem,
    admin,
    dir,
    stderr: () => stderr,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const how = await exited;
      await dispatcher.close();
      rmSync(dir, { recursive: true, force: true });
      return how;
    },
  };
}
