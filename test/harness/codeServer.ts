// Provides a real VS Code: code-server's npm package carries the whole VS Code server build
// (workbench, extension host, built-in extensions), which is what runs here since VS Code's own
// download site is out of reach. Installed once into .vscode-test/code-server (git-ignored, kept
// out of package.json: ~300 MB with native modules), then started per test run on a free port.
import { spawn, execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, copyFileSync, openSync, cpSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from './projectRoot';
import { trackProcessGroup, stopProcessGroup, waitForLine } from './processTree';
import { findOnPath } from './findOnPath';

export const CODE_SERVER_VERSION = '4.100.3';
export const VSCODE_VERSION = '1.100.3';
// @vscode/ripgrep's postinstall looks for this archive before trying to download ripgrep.
const RIPGREP_CACHE_DIR = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_ARCHIVE = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

export function codeServerInstallDir(): string {
  return path.join(projectRoot, '.vscode-test', 'code-server');
}

function serverMain(installDir: string): string {
  return path.join(installDir, 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js');
}

function installedVersion(installDir: string): string | undefined {
  const marker = path.join(installDir, 'installed-version');
  if (!existsSync(marker) || !existsSync(serverMain(installDir))) return undefined;
  return readFileSync(marker, 'utf8').trim();
}

/** The Debian packages the install needs that this machine lacks (empty when all are there). */
export function missingInstallPrerequisites(): string[] {
  const missing: string[] = [];
  if (!findOnPath('rg')) missing.push('ripgrep');
  // node-gyp builds the `kerberos` module against MIT Kerberos' GSSAPI headers.
  if (!existsSync('/usr/include/gssapi/gssapi.h') && !existsSync('/usr/include/gssapi.h')) missing.push('libkrb5-dev');
  return missing;
}

function writeRipgrepCache(): void {
  const dir = path.join(os.tmpdir(), RIPGREP_CACHE_DIR);
  const archive = path.join(dir, RIPGREP_ARCHIVE);
  if (existsSync(archive)) return;
  const rg = findOnPath('rg');
  if (!rg) throw new Error('ripgrep (`rg`) is not on the PATH: run `apt-get install ripgrep`');
  const staging = mkdtempSync(path.join(os.tmpdir(), 'podpatch-rg-'));
  try {
    copyFileSync(rg, path.join(staging, 'rg'));
    mkdirSync(dir, { recursive: true });
    execFileSync('tar', ['-czf', `${archive}.partial`, '-C', staging, 'rg']);
    renameSync(`${archive}.partial`, archive);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * Installs code-server once and returns its install dir; later calls return at once. The install
 * goes to a staging folder that is renamed into place only when complete, so an interrupted
 * install is never mistaken for a good one and two concurrent callers cannot corrupt each other.
 */
export async function ensureCodeServer(opts: { log?: (line: string) => void } = {}): Promise<string> {
  const installDir = codeServerInstallDir();
  if (installedVersion(installDir) === CODE_SERVER_VERSION) return installDir;
  const missing = missingInstallPrerequisites();
  if (missing.length) {
    throw new Error(`installing code-server needs the Debian packages ${missing.join(', ')}: run \`apt-get update && apt-get install -y ${missing.join(' ')}\``);
  }
  const log = opts.log ?? ((line: string) => process.stderr.write(line + '\n'));
  log(`installing code-server@${CODE_SERVER_VERSION} (VS Code ${VSCODE_VERSION}) into ${path.relative(projectRoot, installDir)} (once; 1-4 minutes on 2 cores)...`);
  const started = Date.now();
  writeRipgrepCache();
  removeAbandonedInstalls(installDir);
  const staging = `${installDir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeFileSync(path.join(staging, 'package.json'), JSON.stringify({ name: 'podpatch-code-server-cache', private: true }, null, 2));
  const logFile = path.join(path.dirname(installDir), 'code-server-install.log');
  const env = {
    ...process.env,
    // node-pty's postinstall runs `npx node-gyp`, which would stop to ask for confirmation.
    npm_config_yes: 'true',
    // npm 11 skips dependencies' install scripts unless approved; code-server's postinstall (and
    // the nested installs it runs for VS Code's native modules) must run, and an environment
    // setting reaches those nested npm processes where a package.json allowScripts cannot.
    npm_config_dangerously_allow_all_scripts: 'true',
    // code-server's postinstall refuses to run as root unless it sees this (npm 11 itself no
    // longer knows the setting, so it goes through the environment, not the command line).
    npm_config_unsafe_perm: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  const out = createWriteStream(logFile);
  const npm = spawn('npm', ['install', '--no-save', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], { cwd: staging, env, stdio: ['ignore', 'pipe', 'pipe'] });
  npm.stdout.pipe(out);
  npm.stderr.pipe(out);
  const code = await new Promise<number | null>((resolve, reject) => { npm.once('error', reject); npm.once('close', resolve); });
  await new Promise<void>((resolve) => out.end(resolve));
  if (code !== 0 || !existsSync(serverMain(staging))) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`installing code-server failed (npm exit ${code}); full log in ${logFile}:\n${tail(logFile, 30)}`);
  }
  const reported = checkVersion(staging);
  writeFileSync(path.join(staging, 'installed-version'), CODE_SERVER_VERSION + '\n');
  rmSync(installDir, { recursive: true, force: true });
  try {
    renameSync(staging, installDir);
  } catch (err) {
    // Another process finished the same install first: theirs is as good as ours.
    rmSync(staging, { recursive: true, force: true });
    if (installedVersion(installDir) !== CODE_SERVER_VERSION) throw err;
  }
  log(`code-server installed in ${Math.round((Date.now() - started) / 1000)} s: ${reported}`);
  return installDir;
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

function checkVersion(installDir: string): string {
  const bin = path.join(installDir, 'node_modules', '.bin', 'code-server');
  // Its first run writes a default config; keep that inside the cache, not in ~/.config.
  const output = execFileSync(bin, ['--version'], { env: { ...process.env, XDG_CONFIG_HOME: path.join(installDir, '.config'), XDG_DATA_HOME: path.join(installDir, '.local') }, encoding: 'utf8' });
  const line = output.split('\n').find((l) => l.startsWith(CODE_SERVER_VERSION));
  if (!line || !line.includes(`with Code ${VSCODE_VERSION}`)) throw new Error(`code-server --version printed an unexpected version:\n${output}`);
  return line.trim();
}

export type WorkbenchUrlOptions = {
  /** Absolute path of the folder the window opens. */
  folder?: string;
  /** Loaded as an extension under development (the workbench reads it from the URL payload). */
  extensionDevelopmentPath?: string;
  /** Compiled module exporting `run()`, executed in the extension host. */
  extensionTestsPath?: string;
};

export type CodeServer = {
  port: number;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** The server's fresh user data, extensions and logs. */
  dataDir: string;
  /** Everything the server printed (inside the data dir unless the caller chose the file). */
  logFile: string;
  workbenchUrl(opts?: WorkbenchUrlOptions): string;
  /** Stops the server and everything it forked, deleting its data dir (after copying its logs to `keepLogsIn`). */
  stop(opts?: { keepLogsIn?: string }): Promise<void>;
};

export type StartCodeServerOptions = {
  installDir?: string;
  /** Environment of the server and so of its extension hosts (KUBECONFIG goes here). */
  env?: NodeJS.ProcessEnv;
  host?: string;
  /** 0 (the default) lets the server pick a free port, which it then prints. */
  port?: number;
  logFile?: string;
  /** Extensions installed for the user (start.mjs links podpatch in here). */
  extensionsDir?: string;
  startTimeoutMs?: number;
  /** The user's settings.json, e.g. `{ "workbench.startupEditor": "none" }`. */
  userSettings?: Record<string, unknown>;
};

export async function startCodeServer(opts: StartCodeServerOptions = {}): Promise<CodeServer> {
  const installDir = opts.installDir ?? codeServerInstallDir();
  const main = serverMain(installDir);
  if (!existsSync(main)) throw new Error(`code-server is not installed in ${installDir}: call ensureCodeServer() first`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'podpatch-vscode-'));
  // The web workbench keeps the user's settings on the server, in the data dir.
  if (opts.userSettings) {
    mkdirSync(path.join(dataDir, 'data', 'User'), { recursive: true });
    writeFileSync(path.join(dataDir, 'data', 'User', 'settings.json'), JSON.stringify(opts.userSettings, null, 2));
  }
  const logFile = opts.logFile ?? path.join(dataDir, 'server.log');
  mkdirSync(path.dirname(logFile), { recursive: true });
  const host = opts.host ?? '127.0.0.1';
  const args = [
    main,
    '--host', host,
    '--port', String(opts.port ?? 0),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--disable-telemetry',
    '--disable-workspace-trust',
    '--server-data-dir', dataDir,
  ];
  if (opts.extensionsDir) args.push('--extensions-dir', opts.extensionsDir);
  const logFd = openSync(logFile, 'a');
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...opts.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  trackProcessGroup(child);
  const logStream = createWriteStream('', { fd: logFd });
  child.stdout!.pipe(logStream, { end: false });
  child.stderr!.pipe(logStream, { end: false });
  child.once('close', () => logStream.end());
  let stopped = false;
  const stop = async (stopOpts: { keepLogsIn?: string } = {}) => {
    if (stopped) return;
    stopped = true;
    await stopProcessGroup(child);
    // The remote extension host's own log (activation errors, crashes) lives in the data dir.
    const logsDir = path.join(dataDir, 'data', 'logs');
    if (stopOpts.keepLogsIn) mkdirSync(stopOpts.keepLogsIn, { recursive: true });
    if (stopOpts.keepLogsIn && existsSync(logsDir)) cpSync(logsDir, stopOpts.keepLogsIn, { recursive: true });
    if (stopOpts.keepLogsIn && !opts.logFile) copyFileSync(logFile, path.join(stopOpts.keepLogsIn, 'server.log'));
    rmSync(dataDir, { recursive: true, force: true });
  };
  let port: number;
  try {
    const printed = await waitForLine(child, /Extension host agent listening on (\d+)/, opts.startTimeoutMs ?? 60_000, 'the VS Code server', () => tail(logFile, 40));
    port = Number(printed);
  } catch (err) {
    await stop();
    throw err;
  }
  const displayHost = host === '0.0.0.0' ? '127.0.0.1' : host;
  const origin = `http://${displayHost}:${port}`;
  const workbenchUrl = (u: WorkbenchUrlOptions = {}) => {
    const query: string[] = [];
    if (u.folder) query.push(`folder=${encodeURIComponent(u.folder)}`);
    // The server ignores --extensionDevelopmentPath/--extensionTestsPath on its own command line;
    // the web workbench takes them from this payload, as remote URIs on the same server.
    const payload: [string, string][] = [];
    const remote = (p: string) => `vscode-remote://${displayHost}:${port}${p}`;
    if (u.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(u.extensionDevelopmentPath)]);
    if (u.extensionTestsPath) payload.push(['extensionTestsPath', remote(u.extensionTestsPath)]);
    if (payload.length) {
      payload.push(['skipWelcome', 'true']);
      query.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
    }
    return `${origin}/${query.length ? '?' + query.join('&') : ''}`;
  };
  return { port, origin, dataDir, logFile, workbenchUrl, stop };
}
