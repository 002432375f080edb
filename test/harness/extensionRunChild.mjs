// Runs one extension-test script (out/test/runVscodeTests.js, out/test/real/realExtensionHost.js) in a
// child, so its servers and browser die with it on a hang: forwards its lines (without the
// "running <test>" ones, which only matter when a run hangs) and reads its closing
// `[podpatch-vscode] summary {json}` line. Shared by test/runAll.mjs and test/real/run.mjs.
import { spawn } from 'node:child_process';

/** Resolves with the summary (undefined when the child ended without one), whether it timed out, and its exit code. */
export async function runExtensionChild(script, timeoutMs) {
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let summary;
  let buffered = '';
  child.stdout.on('data', (chunk) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop();
    for (const line of lines) {
      const m = /^\[podpatch-vscode\] summary (\{.*\})\s*$/.exec(line);
      if (m) summary = JSON.parse(m[1]);
      else if (line.trim() && !/^\[podpatch-vscode\] running /.test(line)) console.log('  ' + line.replace(/^\[podpatch-vscode\] /, ''));
    }
  });
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; child.kill('SIGTERM'); }, timeoutMs);
  await new Promise((resolve) => child.once('close', resolve));
  clearTimeout(timer);
  return { summary, timedOut, exitCode: child.exitCode };
}
