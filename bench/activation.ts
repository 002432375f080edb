// Activation benchmark: starts the real VS Code extension host (code-server's, through the test
// harness as test/runVscodeTests.ts does) 10 times with no workspace and no cluster, activates
// podpatch in each, and prints every figure and the median. `activate()` is the time the
// extension logs (its activate() body; nothing in it awaits the network or the file system);
// `host` adds loading dist/extension.js, as seen from ext.activate(). Goal: median ≤ 50 ms.
// Skipped, with the reason, when code-server or Chromium is not there (it is never installed here).
import { runTests } from '@vscode/test-electron';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { codeServerInstallDir } from '../test/harness/codeServer';
import { findChromium } from '../test/harness/findOnPath';
import { projectRoot } from '../test/harness/projectRoot';

const RUNS = Number(process.env.PODPATCH_ACTIVATION_RUNS ?? 10);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  if (!findChromium()) return console.log('activation: skipped, no Chromium on the PATH');
  if (!existsSync(path.join(codeServerInstallDir(), 'installed-version'))) return console.log('activation: skipped, code-server is not installed in .vscode-test (npm run test:vscode installs it)');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'podpatch-activation-'));
  const inside: number[] = [];
  const host: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const file = path.join(dir, `run-${i}.json`);
      await runTests({
        vscodeExecutablePath: path.join(projectRoot, 'test', 'harness', 'vscodeExecutable.js'),
        extensionDevelopmentPath: projectRoot,
        extensionTestsPath: path.join(projectRoot, 'out', 'bench', 'activation', 'probe.js'),
        // A kubeconfig that does not exist: nothing on this machine's clusters is touched.
        extensionTestsEnv: { KUBECONFIG: path.join(dir, 'no-kubeconfig'), PODPATCH_ACTIVATION_FILE: file },
      });
      const r = JSON.parse(readFileSync(file, 'utf8')) as { activationMs: number; hostMs?: number };
      inside.push(r.activationMs);
      if (r.hostMs !== undefined) host.push(r.hostMs);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const list = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(', ');
  const m = median(inside);
  console.log(`activation: ${RUNS} extension host starts`);
  console.log(`  activate()            median ${m.toFixed(1)} ms (goal ≤ 50 ms: ${m <= 50 ? 'met' : 'NOT met'}); each: ${list(inside)}`);
  if (host.length) console.log(`  host (load + activate) median ${median(host).toFixed(1)} ms; each: ${list(host)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
