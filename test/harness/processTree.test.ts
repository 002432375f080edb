// The harness promises that stopping the VS Code server also stops what it forked (extension
// hosts): check that with a real child that forks a grandchild, and check the ready-line wait.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { stopProcessGroup, trackProcessGroup, waitForLine } from './processTree';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// A parent that forks a grandchild, prints the grandchild's pid, then says it is ready. The
// grandchild shares the parent's stdout, so that pipe ends only once both have exited: an event
// that says the grandchild is gone (a kill(pid, 0) check would wait on init reaping the zombie).
const PARENT = `
const { spawn } = require('node:child_process');
const g = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: ['ignore', 'inherit', 'ignore'] });
console.log('grandchild ' + g.pid);
console.log('ready on 4242');
setInterval(() => {}, 1000);
`;

test('stopProcessGroup stops the child and the processes it forked', async () => {
  const child = spawn(process.execPath, ['-e', PARENT], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  trackProcessGroup(child);
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  const port = await waitForLine(child, /ready on (\d+)/, 10_000, 'the parent', () => out);
  assert.equal(port, '4242');
  const grandchild = Number(/grandchild (\d+)/.exec(out)?.[1]);
  assert.ok(isAlive(grandchild), 'grandchild should be running before stop');
  const stdoutEnded = new Promise<void>((resolve) => child.stdout!.once('end', resolve));
  await stopProcessGroup(child, 2000);
  assert.notEqual(child.exitCode ?? child.signalCode, null, 'the child has exited');
  // The upper bound only turns a survivor into a failure with a message instead of a hang.
  let timer: NodeJS.Timeout | undefined;
  const survived = new Promise<'survived'>((resolve) => { timer = setTimeout(() => resolve('survived'), 30_000); });
  const outcome = await Promise.race([stdoutEnded.then(() => 'gone' as const), survived]);
  clearTimeout(timer);
  assert.equal(outcome, 'gone', `grandchild ${grandchild} still holds the pipe after stopProcessGroup`);
});

test('waitForLine rejects with the output when the child exits before its ready line', async () => {
  const child = spawn(process.execPath, ['-e', 'console.error("port in use"); process.exit(3)'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => { err += d; });
  await assert.rejects(waitForLine(child, /listening on (\d+)/, 10_000, 'the server', () => err), /the server exited \(3\) before it was ready:\nport in use/);
});
