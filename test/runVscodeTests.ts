// Runs the extension tests (test/vscode/suite/*.vscode.ts) inside the real VS Code extension
// host through @vscode/test-electron's runTests. Here the "VS Code executable" is our own
// test/harness/vscodeExecutable.js (code-server's VS Code in headless Chromium); where a desktop
// VS Code can be downloaded, dropping `vscodeExecutablePath` runs the same tests there.
// A sandbox cluster runs for the whole session; the extension host gets KUBECONFIG for it.
// Ends with `[podpatch-vscode] summary {json}` for test/runAll.mjs.
import path from 'node:path';
import { runExtensionTests, type ExtensionTestSummary } from './harness/extensionTestRun';
import { testResultsRoot } from './harness/vscodeTargets';
import { startSandboxProcess } from './support/sandboxProcess';

async function main(): Promise<ExtensionTestSummary> {
  const started = Date.now();
  const sandbox = await startSandboxProcess();
  try {
    return await runExtensionTests({
      resultsDir: path.join(testResultsRoot(), 'vscode'),
      env: { KUBECONFIG: sandbox.kubeconfigPath, PODPATCH_SANDBOX_URL: sandbox.url },
      started,
    });
  } finally {
    await sandbox.stop();
  }
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
