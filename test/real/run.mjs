// `npm run test:real`: builds (once) the real kube-apiserver and etcd, then runs out/test/real/*.real.js
// with node:test. Without Go it prints why and runs nothing, like the oracle checks in `npm test`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureRealServer } from './build.mjs';
import { goMissingReason } from '../oracle/build.mjs';

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
const testDir = path.join(root, 'out', 'test', 'real');
const files = readdirSync(testDir).filter((f) => f.endsWith('.real.js')).map((f) => path.join(testDir, f));
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-timeout=600000', ...files], { stdio: 'inherit', cwd: root });
process.exitCode = r.status ?? 1;
