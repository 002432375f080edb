// Runs the real kubectl against a sandbox with a fresh HOME (so a fresh discovery cache), or tells
// the test to skip when kubectl is not installed.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { startSandboxProcess, type SandboxProcess } from '../../support/sandboxProcess';

export function findKubectl(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, 'kubectl');
    try { accessSync(p, constants.X_OK); return p; } catch { /* next */ }
  }
  return undefined;
}

export type KubectlResult = { code: number; stdout: string; stderr: string };

/** An environment with a fresh HOME under `parentDir` (the caller removes that directory). */
export function kubectlEnv(parentDir: string, kubeconfigPath: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const home = mkdtempSync(path.join(parentDir, 'home-'));
  return { PATH: process.env.PATH, HOME: home, KUBECONFIG: kubeconfigPath, ...extra };
}

export function kubectl(bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<KubectlResult> {
  return new Promise((resolve) => {
    execFile(bin, args, { env, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts a long-running kubectl (e.g. `get pods -w`); `waitFor` resolves with the first stdout line matching. */
export function kubectlStream(bin: string, args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; waitFor(match: RegExp): Promise<string> } {
  const child = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => { err += d; });
  child.stdout!.setEncoding('utf8').on('data', (d: string) => { out += d; });
  const waitFor = (match: RegExp) => new Promise<string>((resolve, reject) => {
    const check = () => {
      const hit = out.split('\n').find((l) => match.test(l));
      if (!hit) return false;
      child.stdout!.off('data', check);
      child.off('exit', onExit);
      resolve(hit);
      return true;
    };
    const onExit = (code: number | null) => reject(new Error(`kubectl exited (${code}) before printing ${match}: ${out}${err}`));
    if (check()) return;
    child.stdout!.on('data', check);
    child.once('exit', onExit);
  });
  return { child, waitFor };
}

/**
 * For a test file: a sandbox (started with `sandboxArgs`) and a temp directory for the file's tests,
 * stopped and removed after them; `run` is kubectl against it with a fresh HOME. Nothing starts
 * when kubectl is missing (`bin` is undefined: the tests skip).
 */
export function kubectlAgainstSandbox(sandboxArgs: string[]): { bin: string | undefined; sandbox: () => SandboxProcess; dir: () => string; run: (args: string[], extra?: NodeJS.ProcessEnv) => Promise<KubectlResult> } {
  const bin = findKubectl();
  let sb: SandboxProcess | undefined;
  let dir: string | undefined;
  before(async () => {
    if (!bin) return;
    dir = mkdtempSync(path.join(tmpdir(), 'podpatch-kubectl-'));
    sb = await startSandboxProcess(sandboxArgs);
  });
  after(async () => {
    await sb?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    bin,
    sandbox: () => sb!,
    dir: () => dir!,
    run: (args, extra = {}) => kubectl(bin!, args, kubectlEnv(dir!, sb!.kubeconfigPath, extra)),
  };
}
