// Child processes the harness starts run in their own process group so that stopping one also
// stops what it forked (the VS Code server forks extension hosts, file watchers, pty hosts).
// Every group still alive when this process exits is killed, whatever the reason for the exit.
import { ChildProcess } from 'node:child_process';

const liveGroups = new Set<number>();
let exitHookInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** Registers a child spawned with `detached: true` so it is killed when this process exits. */
export function trackProcessGroup(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined) return;
  liveGroups.add(pid);
  child.once('exit', () => liveGroups.delete(pid));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const group of liveGroups) killGroup(group, 'SIGKILL');
    });
  }
}

/** Stops a tracked child's whole group: SIGTERM, then SIGKILL if it is still there after `graceMs`. */
export async function stopProcessGroup(child: ChildProcess, graceMs = 3000): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    killGroup(pid, 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), graceMs); });
    const outcome = await Promise.race([exited, graceOver]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      killGroup(pid, 'SIGKILL');
      await exited;
    }
  }
  // Grandchildren that outlived the leader (extension hosts) go too.
  killGroup(pid, 'SIGKILL');
  liveGroups.delete(pid);
}

/**
 * Resolves with the first capture group of `pattern` once a line of the child's stdout or
 * stderr matches it; rejects if the child exits first or `timeoutMs` passes, with `describe()`
 * (typically the output so far) in the message.
 */
export function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number, what: string, describe: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const m = pattern.exec(line);
        if (m) { cleanup(); resolve(m[1] ?? m[0]); return; }
      }
    };
    const onExit = (code: number | null, signal: string | null) => {
      cleanup();
      reject(new Error(`${what} exited (${code ?? signal}) before it was ready:\n${describe()}`));
    };
    const timer = setTimeout(() => { cleanup(); reject(new Error(`${what} was not ready within ${timeoutMs} ms:\n${describe()}`)); }, timeoutMs);
    function cleanup() {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('close', onExit);
    }
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('close', onExit);
  });
}
