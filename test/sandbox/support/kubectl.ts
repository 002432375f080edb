// Runs the real kubectl against a sandbox with a fresh HOME (so a fresh discovery cache), or tells
// the test to skip when kubectl is not installed.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function findKubectl(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, 'kubectl');
    try { accessSync(p, constants.X_OK); return p; } catch { /* next */ }
  }
  return undefined;
}

export type KubectlResult = { code: number; stdout: string; stderr: string };

export function kubectlEnv(kubeconfigPath: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const home = mkdtempSync(path.join(tmpdir(), 'podpatch-kubectl-home-'));
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

/** Starts a long-running kubectl (e.g. `get pods -w`) and resolves once a stdout line matches. */
export function kubectlUntilLine(bin: string, args: string[], env: NodeJS.ProcessEnv, match: RegExp): { child: ChildProcess; line: Promise<string>; stdout(): string } {
  const child = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => { err += d; });
  const line = new Promise<string>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const hit = out.split('\n').find((l) => match.test(l));
      if (hit) resolve(hit);
    });
    child.once('exit', (code) => reject(new Error(`kubectl exited (${code}) before printing ${match}: ${out}${err}`)));
  });
  return { child, line, stdout: () => out };
}
