// Installs an npm package into a folder of its own under .vscode-test/ (git-ignored): the tools
// the VS Code tests run (code-server, a Node.js to run it on) are big and platform-specific, so
// they stay out of package.json. The install goes to a staging folder that is renamed into place
// only when complete, so an interrupted install is never mistaken for a good one and two
// concurrent callers cannot corrupt each other.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const MARKER = 'installed-version';

/** The version a completed install in `dir` recorded, or undefined when there is none. */
export function installedVersion(dir: string, isComplete: (dir: string) => boolean): string | undefined {
  const marker = path.join(dir, MARKER);
  if (!existsSync(marker) || !isComplete(dir)) return undefined;
  return readFileSync(marker, 'utf8').trim();
}

export function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export type CacheInstallOptions = {
  installDir: string;
  /** `name@version` given to `npm install`. */
  spec: string;
  /** Recorded in the marker file; what installedVersion() then returns. */
  version: string;
  /** npm's environment (npm itself is the `npm` found on env.PATH). */
  env: NodeJS.ProcessEnv;
  /** Everything npm prints goes here. */
  logFile: string;
  /** Whether a finished install in this folder holds what callers need. */
  isComplete: (dir: string) => boolean;
  /** Checks the staged install before it is moved into place; returns a line for the log. */
  verify: (stagingDir: string) => string;
};

/** Runs the install (see the file comment) and returns verify()'s line. */
export async function installIntoCache(opts: CacheInstallOptions): Promise<string> {
  const { installDir, logFile } = opts;
  removeAbandonedInstalls(installDir);
  const staging = `${installDir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeFileSync(path.join(staging, 'package.json'), JSON.stringify({ name: `podpatch-cache-${path.basename(installDir)}`, private: true }, null, 2));
  mkdirSync(path.dirname(logFile), { recursive: true });
  const out = createWriteStream(logFile);
  // --foreground-scripts: the log then shows what each install script did (builds, downloads).
  const npm = spawn('npm', ['install', '--no-save', '--no-package-lock', '--foreground-scripts', opts.spec], { cwd: staging, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
  npm.stdout.pipe(out);
  npm.stderr.pipe(out);
  const code = await new Promise<number | null>((resolve, reject) => { npm.once('error', reject); npm.once('close', resolve); });
  await new Promise<void>((resolve) => out.end(resolve));
  if (code !== 0 || !opts.isComplete(staging)) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`installing ${opts.spec} failed (npm exit ${code}); full log in ${logFile}:\n${tail(logFile, 30)}`);
  }
  let reported: string;
  try {
    reported = opts.verify(staging);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  writeFileSync(path.join(staging, MARKER), opts.version + '\n');
  rmSync(installDir, { recursive: true, force: true });
  try {
    renameSync(staging, installDir);
  } catch (err) {
    // Another process finished the same install first: theirs is as good as ours.
    rmSync(staging, { recursive: true, force: true });
    if (installedVersion(installDir, opts.isComplete) !== opts.version) throw err;
  }
  return reported;
}

/** Staging folders of installs whose process is gone (killed mid-install) are only in the way. */
function removeAbandonedInstalls(installDir: string): void {
  const parent = path.dirname(installDir);
  const prefix = `${path.basename(installDir)}.partial-`;
  if (!existsSync(parent)) return;
  for (const entry of readdirSync(parent)) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(entry.slice(prefix.length));
    let alive = false;
    try { process.kill(pid, 0); alive = true; } catch { /* gone */ }
    if (!alive) rmSync(path.join(parent, entry), { recursive: true, force: true });
  }
}
