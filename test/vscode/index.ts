// Entry point the extension host runs (--extensionTestsPath): mocha with the tdd UI over every
// compiled test/vscode/suite/*.vscode.js. It prints one line per test and writes the counts to
// $PODPATCH_RESULTS_DIR/results.json for test/runVscodeTests.ts.
import { readdirSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

/** Per-test limit; a test that hangs fails with mocha's timeout error under its own name. */
const TEST_TIMEOUT_MS = Number(process.env.PODPATCH_VSCODE_TEST_TIMEOUT_MS || 60_000);

export type VscodeResults = { passed: number; failed: number; skipped: number; failures: { title: string; error: string }[] };

export function run(): Promise<void> {
  // PODPATCH_VSCODE_SUITE_DIR picks another folder of suites (test:real runs realSuite against a real kube-apiserver).
  const suiteDir = path.join(__dirname, process.env.PODPATCH_VSCODE_SUITE_DIR ?? 'suite');
  const files = existsSync(suiteDir) ? readdirSync(suiteDir).filter((f) => f.endsWith('.vscode.js')).sort() : [];
  // The reporter stays silent: our own lines below are what the harness forwards and parses.
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: TEST_TIMEOUT_MS, reporter: class {} as unknown as Mocha.ReporterConstructor });
  const grep = process.env.PODPATCH_VSCODE_GREP;
  if (grep) mocha.grep(grep);
  for (const f of files) mocha.addFile(path.join(suiteDir, f));
  const results: VscodeResults = { passed: 0, failed: 0, skipped: 0, failures: [] };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      console.log(`[podpatch-vscode] results ${JSON.stringify(results)}`);
      // The extension host runs on this machine (server or desktop alike): hand the counts to
      // test/runVscodeTests.ts through a file rather than through forwarded console output.
      const resultsDir = process.env.PODPATCH_RESULTS_DIR;
      if (resultsDir) writeFileSync(path.join(resultsDir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
      if (failures > 0 || files.length === 0) reject(new Error(files.length ? `${failures} extension test(s) failed` : `no *.vscode.js files in ${suiteDir}`));
      else resolve();
    });
    runner.on('test', (t) => console.log(`[podpatch-vscode] running ${t.fullTitle()}`));
    runner.on('pass', (t) => { results.passed++; console.log(`[podpatch-vscode] passed ${t.fullTitle()} (${t.duration} ms)`); });
    runner.on('pending', (t) => { results.skipped++; console.log(`[podpatch-vscode] skipped ${t.fullTitle()}`); });
    runner.on('fail', (t, err: Error) => {
      // A failing hook (before/after) counts as one failure under the hook's title.
      results.failed++;
      const error = err?.stack ?? String(err);
      results.failures.push({ title: t.fullTitle(), error });
      console.log(`[podpatch-vscode] failed ${t.fullTitle()}\n${error.split('\n').map((l) => '      ' + l).join('\n')}`);
    });
  });
}
