// `npm run test:real`: builds (once) the real kube-apiserver and etcd, then runs
// out/test/real/*.real.js with node:test (sandbox vs real server, CLI and cluster client against it)
// and the extension-host suite test/vscode/realSuite/ against it (out/test/real/realExtensionHost.js).
// Without Go it prints why and runs nothing, like the oracle checks in `npm test`.
// Ends with one line: N passed, N failed, N skipped.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureRealServer } from './build.mjs';
import { goMissingReason } from '../oracle/build.mjs';
import { runExtensionChild } from '../harness/extensionRunChild.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
mkdirSync(path.join(root, '.oracle-cache'), { recursive: true });
const manifest = path.join(root, '.oracle-cache', 'real-server.json');
const missing = goMissingReason();
if (missing) {
  writeFileSync(manifest, JSON.stringify({ skipped: missing }));
  console.log(`test:real skipped: ${missing}`);
  console.log('0 passed, 0 failed, 1 skipped');
  process.exit(0);
}
const started = Date.now();
const dir = ensureRealServer();
console.log(`real server binaries ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${path.relative(root, dir)}`);
writeFileSync(manifest, JSON.stringify({ dir }));

const totals = { passed: 0, failed: 0, skipped: 0 };
const testDir = path.join(root, 'out', 'test', 'real');
const files = readdirSync(testDir).filter((f) => f.endsWith('.real.js')).map((f) => path.join(testDir, f));
const tap = path.join(root, '.oracle-cache', 'real-tests.tap');
rmSync(tap, { force: true });
console.log('== node:test against the real server');
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-timeout=600000',
  '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files], { stdio: 'inherit', cwd: root });
const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(readFileSync(tap, 'utf8'))?.[1] ?? 0);
try {
  totals.passed += count('pass');
  totals.failed += count('fail') + count('cancelled');
  totals.skipped += count('skipped') + count('todo');
} catch {
  totals.failed += 1;
}
if (r.status !== 0 && totals.failed === 0) totals.failed += 1;

console.log('== extension tests in the real VS Code against the real server');
// The same hang guard as npm test's extension phase.
const { summary, exitCode } = await runExtensionChild(path.join(testDir, 'realExtensionHost.js'), 900_000);
if (summary) {
  totals.passed += summary.passed;
  totals.failed += summary.failed;
  totals.skipped += summary.skipped;
  if (summary.skipReason) console.log(`  skipped: ${summary.skipReason}`);
  for (const f of summary.failures) console.log(`  x ${f.title}\n${f.error.split('\n').map((l) => '      ' + l).join('\n')}`);
} else {
  totals.failed += 1;
  console.log(`  x extension test run ended (exit ${exitCode}) without a summary`);
}
// Repeated at the end so that the tail of a long CI log names what failed.
for (const line of (existsSync(tap) ? readFileSync(tap, 'utf8') : '').split('\n')) if (/^\s*not ok \d+ - /.test(line)) console.log(`failed: ${line.replace(/^\s*not ok \d+ - /, '')}`);
for (const f of summary?.failures ?? []) console.log(`failed: ${f.title}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exitCode = totals.failed ? 1 : 0;
