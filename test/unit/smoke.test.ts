// The CLI's usage-error path end to end: a UsageError thrown anywhere becomes one line on stderr
// and exit code 2 (not a stack trace, not exit 1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const cli = path.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');

test('an unknown command is a usage error: exit 2, one line that names it', () => {
  const r = spawnSync(process.execPath, [cli, 'no-such-command'], { encoding: 'utf8' });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /^podpatch: unknown command "no-such-command"/);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
});
