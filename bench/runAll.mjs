// Runs every compiled benchmark (out/bench/*.js) one after the other, each in its own process.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'out', 'bench');
let failed = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.js')).sort()) {
  console.log(`# ${file}`);
  const r = spawnSync(process.execPath, [path.join(dir, file)], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
