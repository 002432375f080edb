// One run of extension-host suites through @vscode/test-electron's runTests, with our
// test/harness/vscodeExecutable.js (code-server's VS Code in headless Chromium) as the "VS Code
// executable"; where a desktop VS Code can be downloaded, PODPATCH_VSCODE_DESKTOP=1 runs the same
// tests there. The caller starts the cluster and passes its environment (KUBECONFIG, ...).
import { runTests } from '@vscode/test-electron';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureCodeServer } from './codeServer';
import { findChromium } from './findOnPath';
import { projectRoot } from './projectRoot';
import { createSampleWorkspace } from './sampleWorkspace';
import { selectedVscodeTarget } from './vscodeTargets';
import type { VscodeResults } from '../vscode/index';

export type ExtensionTestSummary = { passed: number; failed: number; skipped: number; skipReason?: string; failures: { title: string; error: string }[]; seconds: number };

export type ExtensionTestRun = {
  /** Where results.json and the server/workbench logs go (emptied first). */
  resultsDir: string;
  /** The extension host's environment: the cluster's KUBECONFIG and whatever the suites read. */
  env: Record<string, string>;
  /** A folder of compiled suites under out/test/vscode/ (default: suite). */
  suiteDir?: string;
  started?: number;
};

export async function runExtensionTests(run: ExtensionTestRun): Promise<ExtensionTestSummary> {
  const started = run.started ?? Date.now();
  const summary = (s: Omit<ExtensionTestSummary, 'seconds'>): ExtensionTestSummary => ({ ...s, seconds: Math.round((Date.now() - started) / 100) / 10 });
  const chromium = findChromium();
  if (!chromium) {
    return summary({ passed: 0, failed: 0, skipped: 1, skipReason: 'no Chromium on the PATH (apt-get install chromium)', failures: [] });
  }
  await ensureCodeServer({ log: (line) => console.log(line) });
  rmSync(run.resultsDir, { recursive: true, force: true });
  mkdirSync(run.resultsDir, { recursive: true });
  const workspace = createSampleWorkspace();
  let exitError: unknown;
  try {
    await runTests({
      vscodeExecutablePath: process.env.PODPATCH_VSCODE_DESKTOP === '1' ? undefined : path.join(projectRoot, 'test', 'harness', 'vscodeExecutable.js'),
      version: selectedVscodeTarget().vscodeVersion,
      extensionDevelopmentPath: projectRoot,
      extensionTestsPath: path.join(projectRoot, 'out', 'test', 'vscode', 'index.js'),
      launchArgs: [workspace.folder],
      extensionTestsEnv: { ...run.env, PODPATCH_RESULTS_DIR: run.resultsDir, ...(run.suiteDir ? { PODPATCH_VSCODE_SUITE_DIR: run.suiteDir } : {}) },
    });
  } catch (err) {
    exitError = err;
  } finally {
    workspace.remove();
  }
  const resultsFile = path.join(run.resultsDir, 'results.json');
  if (!existsSync(resultsFile)) {
    // The host never reported (crashed, hung, failed to load): one failure that says where to look.
    const reason = exitError instanceof Error ? exitError.message : 'no results reported';
    return summary({ passed: 0, failed: 1, skipped: 0, failures: [{ title: 'extension test run', error: `${reason}; server and workbench logs in ${path.relative(projectRoot, run.resultsDir)}/` }] });
  }
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as VscodeResults;
  // Tests may all pass and the run still fail (no test files, an error after the run).
  const extraFailure = exitError && results.failed === 0 ? 1 : 0;
  const failures = extraFailure ? [...results.failures, { title: 'extension test run', error: exitError instanceof Error ? exitError.message : String(exitError) }] : results.failures;
  return summary({ passed: results.passed, failed: results.failed + extraFailure, skipped: results.skipped, failures });
}
