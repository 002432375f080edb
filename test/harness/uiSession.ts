// What a UI test needs in one call: a sandbox cluster, a throw-away workspace of sample
// manifests, and the real VS Code workbench in headless Chromium with podpatch loaded and
// KUBECONFIG pointing at the sandbox. Screenshots go to test-results/screenshots/<name>/
// (test-results/latest/screenshots/<name>/ on the newest VS Code).
//
//   test('pod tree shows the sandbox pods', () => withUiSession('pod-tree', async (ui) => {
//     await ui.page.getByRole('treeitem', { name: /pod-test/ }).waitFor();
//     await ui.step('tree');
//   }));
import path from 'node:path';
import type { Page } from 'playwright-core';
import { createSampleWorkspace } from './sampleWorkspace';
import { openWorkbench, type Workbench } from './workbench';
import { testResultsRoot } from './vscodeTargets';
import { startSandboxProcess, type SandboxProcess } from '../support/sandboxProcess';

export const screenshotsRoot = path.join(testResultsRoot(), 'screenshots');

export type UiSession = {
  page: Page;
  workbench: Workbench;
  sandbox: SandboxProcess;
  workspaceFolder: string;
  screenshotDir: string;
  /** Saves the next numbered screenshot, `NN-<name>.png`, and returns its path. */
  step(name: string): Promise<string>;
  close(): Promise<void>;
};

export type UiSessionOptions = {
  /** Extra `podpatch sandbox` arguments, e.g. `['--pods', '50']` or `['--profile', 'cci']`. */
  sandboxArgs?: string[];
  /** More environment for the extension host. */
  env?: NodeJS.ProcessEnv;
};

export async function startUiSession(name: string, opts: UiSessionOptions = {}): Promise<UiSession> {
  const screenshotDir = path.join(screenshotsRoot, name);
  const sandbox = await startSandboxProcess(opts.sandboxArgs);
  const workspace = createSampleWorkspace();
  let workbench: Workbench;
  try {
    workbench = await openWorkbench({
      workspaceFolder: workspace.folder,
      screenshotDir,
      env: { ...opts.env, KUBECONFIG: sandbox.kubeconfigPath, PODPATCH_SANDBOX_URL: sandbox.url },
    });
  } catch (err) {
    workspace.remove();
    await sandbox.stop();
    throw err;
  }
  let count = 0;
  const step = (stepName: string) => workbench.screenshot(`${String(++count).padStart(2, '0')}-${stepName}`);
  const close = async () => {
    // Logs are kept whatever the outcome: test-results/ is git-ignored and wiped per run.
    await workbench.close({ keepLogs: true });
    workspace.remove();
    await sandbox.stop();
  };
  return { page: workbench.page, workbench, sandbox, workspaceFolder: workspace.folder, screenshotDir, step, close };
}

/**
 * Runs `body` in a fresh session; on failure saves a `failure` screenshot first; always closes.
 * A body that hangs fails after `timeoutMs` with its name and last step, and its server and
 * browser are stopped (a node:test timeout alone would leave them holding the process open).
 */
export async function withUiSession(name: string, body: (ui: UiSession) => Promise<void>, opts: UiSessionOptions & { timeoutMs?: number } = {}): Promise<void> {
  const ui = await startUiSession(name, opts);
  const timeoutMs = opts.timeoutMs ?? 180_000;
  let lastStep = '(none)';
  const step = ui.step;
  ui.step = (stepName) => { lastStep = stepName; return step(stepName); };
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`UI test "${name}" did not finish within ${timeoutMs / 1000} s (last screenshot: ${lastStep})`)), timeoutMs);
  });
  try {
    await Promise.race([body(ui), hang]);
  } catch (err) {
    await ui.step('failure').catch(() => undefined);
    throw err;
  } finally {
    clearTimeout(timer);
    await ui.close();
  }
}
