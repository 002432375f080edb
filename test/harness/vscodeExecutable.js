#!/usr/bin/env node
// A stand-in for the VS Code executable that @vscode/test-electron's runTests spawns: it takes
// the same arguments (--extensionDevelopmentPath=, --extensionTestsPath=, a folder to open),
// runs the real VS Code (code-server's build) in headless Chromium instead of Electron, and
// exits with the code of the extension tests. Plain JS because runTests spawns it directly; the
// work is done by the compiled harness in out/.
'use strict';
const path = require('node:path');
const { writeFileSync, mkdirSync } = require('node:fs');

const root = path.resolve(__dirname, '..', '..');
const { openWorkbench, ChromiumMissingError } = require(path.join(root, 'out/test/harness/workbench.js'));

function parseArgs(argv) {
  const result = { extensionDevelopmentPath: undefined, extensionTestsPath: undefined, folder: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const m = /^--(extensionDevelopmentPath|extensionTestsPath)(?:=(.*))?$/.exec(arg);
    if (m) {
      result[m[1]] = m[2] !== undefined ? m[2] : argv[++i];
    } else if (!arg.startsWith('-') && result.folder === undefined) {
      result.folder = arg;
    } else if (/^--(user-data-dir|extensions-dir)$/.test(arg)) {
      i++; // desktop-only options with a separate value; the server gets a fresh data dir instead
    }
  }
  return result;
}

// Expected without network access or desktop-only services (see shared/notes/real-vscode.md).
const HARMLESS_ERRORS = /Service Worker|ENOTFOUND|vsda|extension test\(s\) failed/;
const STATUS_LINE = /^\[podpatch-vscode\] (running|passed|failed|skipped) (.*)$/;

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!args.extensionTestsPath) throw new Error('--extensionTestsPath is required');
  const resultsDir = path.resolve(process.env.PODPATCH_RESULTS_DIR || path.join(root, 'test-results', 'vscode'));
  mkdirSync(resultsDir, { recursive: true });
  const timeoutMs = Number(process.env.PODPATCH_VSCODE_TIMEOUT_MS || 600_000);
  const logLines = [];
  let lastStarted;
  const onLog = (level, message) => {
    logLines.push(`[${level}] ${message}`);
    // The extension host's console output arrives with a "[Extension Host]"-style prefix and
    // CSS markers; tests print plain lines, which go to our stdout as they are.
    const text = String(message).replace(/%c/g, '').replace(/^\s*\[Extension Host\]\s*/, '');
    const status = STATUS_LINE.exec(text.split('\n')[0].replace(/\s+\(at .*\)$/, ''));
    if (status && status[1] === 'running') lastStarted = status[2];
    const results = /^\[podpatch-vscode\] results /.test(text);
    if ((/^\[podpatch-vscode/.test(text) && !results) || (level === 'error' && !HARMLESS_ERRORS.test(text))) {
      process.stdout.write(text.endsWith('\n') ? text : text + '\n');
    }
  };
  const workbench = await openWorkbench({
    workspaceFolder: args.folder || root,
    extensionDevelopmentPath: args.extensionDevelopmentPath || null,
    extensionTestsPath: path.resolve(args.extensionTestsPath),
    screenshotDir: resultsDir,
    env: process.env,
    onLog,
  });
  let code;
  let timer;
  const stop = async (exitCode) => {
    clearTimeout(timer);
    writeFileSync(path.join(resultsDir, 'workbench.log'), logLines.join('\n') + '\n');
    if (exitCode !== 0) await workbench.screenshot('at-exit').catch(() => undefined);
    await workbench.close({ keepLogs: exitCode !== 0 });
    return exitCode;
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => { stop(1).then(() => process.exit(1)); });
  }
  const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), timeoutMs); });
  const outcome = await Promise.race([workbench.automationExit, timeout]);
  if (outcome === 'timeout') {
    process.stdout.write(`[podpatch-vscode] timeout: the extension tests did not finish within ${timeoutMs} ms` +
      (lastStarted ? `; still running: ${lastStarted}` : '; no test had started (extension host or activation hung?)') + '\n');
    code = 1;
  } else {
    code = outcome;
  }
  return stop(code);
}

main().then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof ChromiumMissingError) {
      process.stdout.write(`[podpatch-vscode] skip: ${err.message}\n`);
      process.exit(3);
    }
    process.stderr.write(`vscodeExecutable: ${err && err.stack ? err.stack : err}\n`);
    process.exit(1);
  },
);
