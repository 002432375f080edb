// The one test command. Three phases, each counted into one closing line
// `N passed, N failed, N skipped` (all three, always, as the README promises):
//   unit   every node:test file out/test/**/*.test.js (unit, conformance, sandbox, cluster, CLI)
//   vscode the extension tests inside the real VS Code extension host (test/runVscodeTests.ts)
//   ui     Playwright UI tests out/test/ui/*.ui.js (node:test files driving the workbench)
// `node test/runAll.mjs --only ui` (or unit, vscode; comma-separated) runs some of them.
// `--vscode latest` runs the VS Code phases in the newest VS Code instead of the minimum
// (test/harness/vscodeTargets.ts); its results go to test-results/latest/.
// Results to look at after a run (server logs, screenshots) are under test-results/.
import { run } from 'node:test';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runExtensionChild } from './harness/extensionRunChild.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const ALL_PHASES = ['unit', 'vscode', 'ui'];
const onlyIndex = process.argv.indexOf('--only');
const phases = onlyIndex > 0 ? process.argv[onlyIndex + 1].split(',') : ALL_PHASES;
for (const p of phases) if (!ALL_PHASES.includes(p)) { console.error(`unknown phase "${p}"; phases: ${ALL_PHASES.join(', ')}`); process.exit(2); }
const vscodeIndex = process.argv.indexOf('--vscode');
// Through the environment, so the test processes of this run (UI test files, the extension test
// runner and what it spawns) all pick the same VS Code.
if (vscodeIndex > 0) process.env.PODPATCH_VSCODE = process.argv[vscodeIndex + 1];
const { selectedVscodeTarget, testResultsRoot } = require(path.join(root, 'out/test/harness/vscodeTargets.js'));
let vscodeTarget;
try { vscodeTarget = selectedVscodeTarget(); } catch (err) { console.error(err.message); process.exit(2); }
const resultsRoot = testResultsRoot(vscodeTarget);
const resultsShown = (sub) => path.relative(root, path.join(resultsRoot, sub)) + '/';

// Per-test limits: a test that hangs fails with a message that names it.
const UNIT_TEST_TIMEOUT_MS = 120_000;
const UI_TEST_TIMEOUT_MS = 240_000;
const VSCODE_PHASE_TIMEOUT_MS = 900_000;

const totals = { passed: 0, failed: 0, skipped: 0 };
const failedTitles = [];
const indent = (text, pad = '      ') => String(text).split('\n').map((l) => pad + l).join('\n');

function findFiles(dir, suffix) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const entry of readdirSync(dir)) {
    const p = path.join(dir, entry);
    if (statSync(p).isDirectory()) out.push(...findFiles(p, suffix));
    else if (entry.endsWith(suffix)) out.push(p);
  }
  return out.sort();
}

async function runNodeTests(files, { concurrency, timeout, listPasses = false }) {
  const stream = run({ files, concurrency, timeout });
  stream.on('test:pass', (e) => {
    if (e.details?.type === 'suite') return;
    if (e.skip || e.todo) { totals.skipped++; console.log(`  - skipped ${e.name}: ${typeof e.skip === 'string' ? e.skip : e.todo}`); }
    else {
      totals.passed++;
      if (listPasses) console.log(`  ok ${e.name} (${(e.details.duration_ms / 1000).toFixed(1)} s)`);
    }
  });
  // A file that fails as a whole (crash on load, exit code) is reported with its stderr.
  const stderrByFile = new Map();
  stream.on('test:stderr', (e) => { if (e.file) stderrByFile.set(e.file, (stderrByFile.get(e.file) ?? '') + e.message); });
  stream.on('test:fail', (e) => {
    if (e.details?.type === 'suite' && e.details?.error?.failureType !== 'hookFailed') return;
    totals.failed++;
    const file = e.file ? path.relative(root, e.file) : '';
    const wholeFile = e.file && e.name === e.file;
    const stderr = wholeFile ? (stderrByFile.get(e.file) ?? '').trim().split('\n').slice(-30).join('\n') : '';
    failedTitles.push(wholeFile ? file : `${e.name} (${file})`);
    console.log(`  x ${wholeFile ? file : `${e.name} (${file})`}\n${indent(e.details?.error?.cause ?? e.details?.error ?? '')}${stderr ? '\n' + indent(stderr) : ''}`);
  });
  stream.on('test:diagnostic', (e) => { if (e.nesting === 0 && !/^(tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) /.test(e.message)) console.log(`  # ${e.file ? path.relative(root, e.file) + ': ' : ''}${e.message}`); });
  for await (const _ of stream) { /* drain */ }
}

async function unitPhase() {
  const files = findFiles(path.join(root, 'out/test'), '.test.js');
  console.log(`== unit, conformance, sandbox, cluster and CLI tests (${files.length} files)`);
  // The upstream oracles (test/oracle) are built once and cached; without Go their tests skip.
  const { ensureAllOracles } = await import('./oracle/build.mjs');
  const oracles = await ensureAllOracles((line) => console.log(`  # ${line}`));
  if (oracles.skipped) console.log(`  # upstream oracle checks skip: ${oracles.skipped}`);
  await runNodeTests(files, { concurrency: 2, timeout: UNIT_TEST_TIMEOUT_MS });
}

/** Runs test/runVscodeTests in a child so that its servers and browser die with it on a hang. */
async function vscodePhase() {
  console.log(`== extension tests in the real VS Code extension host (VS Code ${vscodeTarget.vscodeVersion})`);
  // An install error is reported by runVscodeTests itself, which retries the install.
  await awaitCodeServer();
  const { summary, timedOut, exitCode } = await runExtensionChild(path.join(root, 'out/test/runVscodeTests.js'), VSCODE_PHASE_TIMEOUT_MS);
  if (!summary) {
    totals.failed++;
    failedTitles.push('the extension test run (no summary)');
    console.log(`  x extension test run: ${timedOut ? `timed out after ${VSCODE_PHASE_TIMEOUT_MS / 1000} s` : `ended (exit ${exitCode}) without a summary`}; logs in ${resultsShown('vscode')}`);
    return;
  }
  totals.passed += summary.passed;
  totals.failed += summary.failed;
  totals.skipped += summary.skipped;
  if (summary.skipReason) console.log(`  - skipped the extension tests: ${summary.skipReason}`);
  for (const f of summary.failures) { failedTitles.push(f.title); console.log(`  x ${f.title}\n${indent(f.error)}`); }
  console.log(`  (${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped in ${summary.seconds} s; logs in ${resultsShown('vscode')})`);
}

async function uiPhase() {
  const files = findFiles(path.join(root, 'out/test/ui'), '.ui.js');
  console.log(`== UI tests in the real VS Code ${vscodeTarget.vscodeVersion} workbench (${files.length} files; screenshots in ${resultsShown('screenshots')})`);
  const { findChromium } = require(path.join(root, 'out/test/harness/findOnPath.js'));
  if (!findChromium()) {
    for (const f of files) { totals.skipped++; console.log(`  - skipped ${path.basename(f)}: no Chromium on the PATH (apt-get install chromium)`); }
    return;
  }
  // Installed before the tests, outside any test's time limit.
  const installError = await awaitCodeServer();
  if (installError) {
    for (const f of files) { totals.failed++; failedTitles.push(path.basename(f)); console.log(`  x ${path.basename(f)}: ${installError.message}`); }
    return;
  }
  await runNodeTests(files, { concurrency: 1, timeout: UI_TEST_TIMEOUT_MS, listPasses: true });
}

// A first install of code-server takes a minute or two, mostly waiting on npm and compilers:
// start it now so it overlaps the unit phase. Its lines are printed when a VS Code phase starts.
let codeServerReady;
const installLines = [];
if (phases.some((p) => p !== 'unit')) {
  const { findChromium } = require(path.join(root, 'out/test/harness/findOnPath.js'));
  const { ensureCodeServer } = require(path.join(root, 'out/test/harness/codeServer.js'));
  if (findChromium()) {
    codeServerReady = ensureCodeServer({ log: (line) => installLines.push(line) }).then(() => undefined, (err) => err);
  }
}
async function awaitCodeServer() {
  const err = await codeServerReady;
  for (const line of installLines.splice(0)) console.log('  ' + line);
  return err;
}

const phaseRunners = { unit: unitPhase, vscode: vscodePhase, ui: uiPhase };
for (const phase of phases) {
  if (phase !== 'unit') rmSync(path.join(resultsRoot, phase === 'ui' ? 'screenshots' : 'vscode'), { recursive: true, force: true });
  const started = Date.now();
  await phaseRunners[phase]();
  console.log(`   ${phase} phase took ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

// Repeated at the end so that the tail of a long CI log names what failed.
for (const title of failedTitles) console.log(`failed: ${title}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exitCode = totals.failed ? 1 : 0;
