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

// A parent that forks a grandchild, prints the grandchild's pid, then says it is ready.
const PARENT = `
const { spawn } = require('node:child_process');
const g = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
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
  await stopProcessGroup(child, 2000);
  assert.notEqual(child.exitCode ?? child.signalCode, null, 'the child has exited');
  // The group was SIGKILLed; the kernel reaps the orphan through init, which may take a moment.
  await new Promise<void>((resolve, reject) => {
    const deadline = Date.now() + 5000;
    const check = () => (!isAlive(grandchild) ? resolve() : Date.now() > deadline ? reject(new Error(`grandchild ${grandchild} survived`)) : setImmediate(check));
    check();
  });
});

test('waitForLine rejects with the output when the child exits before its ready line', async () => {
  const child = spawn(process.execPath, ['-e', 'console.error("port in use"); process.exit(3)'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => { err += d; });
  await assert.rejects(waitForLine(child, /listening on (\d+)/, 10_000, 'the server', () => err), /the server exited \(3\) before it was ready:\nport in use/);
});
