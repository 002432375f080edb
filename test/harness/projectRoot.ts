// The repository root, found from this file's location so that both the compiled copy
// (out/test/harness) and scripts that require it from elsewhere agree on it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'podpatch') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`podpatch's package.json not found above ${start}`);
    dir = parent;
  }
}

export const projectRoot = findRoot(__dirname);
