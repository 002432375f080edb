// The one test command: runs every node:test file under out/test (unit, conformance, sandbox,
// cluster, CLI), then the VS Code phases, and ends with one `N passed, N failed, N skipped` line.
import { run } from 'node:test';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function findTests(dir) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    const p = path.join(dir, entry);
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (entry.endsWith('.test.js')) out.push(p);
  }
  return out.sort();
}

const files = findTests(path.join(root, 'out/test'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const stream = run({ files, concurrency: 2, timeout: 120_000 });
stream.on('test:pass', (e) => {
  if (e.details?.type === 'suite') return;
  if (e.skip || e.todo) { totals.skipped++; console.log(`  - skipped ${e.name}: ${typeof e.skip === 'string' ? e.skip : e.todo}`); }
  else totals.passed++;
});
stream.on('test:fail', (e) => {
  if (e.details?.type === 'suite') return;
  totals.failed++;
  console.log(`  x ${e.name} (${e.file ?? ''})\n${String(e.details?.error?.cause ?? e.details?.error ?? '').split('\n').map((l) => '      ' + l).join('\n')}`);
});
stream.on('test:diagnostic', (e) => { if (e.nesting === 0 && !/^(tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) /.test(e.message)) console.log('  # ' + e.message); });
for await (const _ of stream) { /* drain */ }

console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exitCode = totals.failed ? 1 : 0;
