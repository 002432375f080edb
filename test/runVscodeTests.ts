// Runs the extension tests (test/vscode/suite/*.vscode.ts) inside the real VS Code extension
// host through @vscode/test-electron's runTests. Here the "VS Code executable" is our own
// test/harness/vscodeExecutable.js (code-server's VS Code in headless Chromium); where a desktop
// VS Code can be downloaded, dropping `vscodeExecutablePath` runs the same tests there.
// A sandbox cluster runs for the whole session; the extension host gets KUBECONFIG for it.
// Ends with `[podpatch-vscode] summary {json}` for test/runAll.mjs.
import { runTests } from '@vscode/test-electron';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureCodeServer } from './harness/codeServer';
import { findChromium } from './harness/findOnPath';
import { projectRoot } from './harness/projectRoot';
import { createSampleWorkspace } from './harness/sampleWorkspace';
import { selectedVscodeTarget, testResultsRoot } from './harness/vscodeTargets';
import { startSandboxProcess } from './support/sandboxProcess';
import type { VscodeResults } from './vscode/index';

type Summary = { passed: number; failed: number; skipped: number; skipReason?: string; failures: { title: string; error: string }[]; seconds: number };

async function main(): Promise<Summary> {
  const started = Date.now();
  const summary = (s: Omit<Summary, 'seconds'>): Summary => ({ ...s, seconds: Math.round((Date.now() - started) / 100) / 10 });
  const chromium = findChromium();
  if (!chromium) {
    return summary({ passed: 0, failed: 0, skipped: 1, skipReason: 'no Chromium on the PATH (apt-get install chromium)', failures: [] });
  }
  await ensureCodeServer({ log: (line) => console.log(line) });
  const resultsDir = path.join(testResultsRoot(), 'vscode');
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });
  const sandbox = await startSandboxProcess();
  const workspace = createSampleWorkspace();
  let exitError: unknown;
  try {
    await runTests({
      // PODPATCH_VSCODE_DESKTOP=1 lets test-electron download a desktop VS Code where that works.
      vscodeExecutablePath: process.env.PODPATCH_VSCODE_DESKTOP === '1' ? undefined : path.join(projectRoot, 'test', 'harness', 'vscodeExecutable.js'),
      version: selectedVscodeTarget().vscodeVersion,
      extensionDevelopmentPath: projectRoot,
      extensionTestsPath: path.join(projectRoot, 'out', 'test', 'vscode', 'index.js'),
      launchArgs: [workspace.folder],
      extensionTestsEnv: {
        KUBECONFIG: sandbox.kubeconfigPath,
        PODPATCH_SANDBOX_URL: sandbox.url,
        PODPATCH_RESULTS_DIR: resultsDir,
      },
    });
  } catch (err) {
    exitError = err;
  } finally {
    workspace.remove();
    await sandbox.stop();
  }
  const resultsFile = path.join(resultsDir, 'results.json');
  if (!existsSync(resultsFile)) {
    // The host never reported (crashed, hung, failed to load): one failure that says where to look.
    const reason = exitError instanceof Error ? exitError.message : 'no results reported';
    return summary({ passed: 0, failed: 1, skipped: 0, failures: [{ title: 'extension test run', error: `${reason}; server and workbench logs in ${path.relative(projectRoot, resultsDir)}/` }] });
  }
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as VscodeResults;
  // Tests may all pass and the run still fail (no test files, an error after the run).
  const extraFailure = exitError && results.failed === 0 ? 1 : 0;
  const failures = extraFailure ? [...results.failures, { title: 'extension test run', error: exitError instanceof Error ? exitError.message : String(exitError) }] : results.failures;
  return summary({ passed: results.passed, failed: results.failed + extraFailure, skipped: results.skipped, failures });
}

main().then(
  (s) => {
    console.log(`[podpatch-vscode] summary ${JSON.stringify(s)}`);
    process.exit(s.failed ? 1 : 0);
  },
  (err: unknown) => {
    const error = err instanceof Error ? err.message : String(err);
    console.log(`[podpatch-vscode] summary ${JSON.stringify({ passed: 0, failed: 1, skipped: 0, failures: [{ title: 'extension test setup', error }], seconds: 0 })}`);
    process.exit(1);
  },
);
