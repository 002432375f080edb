// Provides a real VS Code: code-server's npm package carries the whole VS Code server build
// (workbench, extension host, built-in extensions), which is what runs here since VS Code's own
// download site is out of reach. Each VS Code target (vscodeTargets.ts) is installed once into its
// own folder of .vscode-test/ (git-ignored, kept out of package.json: ~300 MB with native
// modules), then started per test run on a free port, on the Node.js that target asks for.
import { spawn, execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync, copyFileSync, openSync, cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from './projectRoot';
import { trackProcessGroup, stopProcessGroup, waitForLine } from './processTree';
import { findOnPath } from './findOnPath';
import { installedVersion, installIntoCache, tail } from './cacheInstall';
import { ensureNodeRuntime, nodeRuntimeExecutable, nodeRuntimePrefix } from './nodeRuntime';
import { selectedVscodeTarget, type VscodeTarget } from './vscodeTargets';

// @vscode/ripgrep's postinstall looks for this archive before trying to download ripgrep.
const RIPGREP_CACHE_DIR = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_ARCHIVE = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

export function codeServerInstallDir(target: VscodeTarget = selectedVscodeTarget()): string {
  return path.join(projectRoot, '.vscode-test', target.cacheDir);
}

function serverMain(installDir: string): string {
  return path.join(installDir, 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js');
}

const isComplete = (dir: string) => existsSync(serverMain(dir));

/** Whether the target's code-server is installed (its Node too, where it needs its own). */
export function isCodeServerInstalled(target: VscodeTarget = selectedVscodeTarget()): boolean {
  return installedVersion(codeServerInstallDir(target), isComplete) === target.codeServerVersion &&
    (!target.nodeVersion || existsSync(nodeRuntimeExecutable(target.nodeVersion)));
}

/** The Node.js executable the target's code-server runs on. */
export function codeServerNode(target: VscodeTarget = selectedVscodeTarget()): string {
  return target.nodeVersion ? nodeRuntimeExecutable(target.nodeVersion) : process.execPath;
}

/** The Debian packages the install needs that this machine lacks (empty when all are there). */
export function missingInstallPrerequisites(target: VscodeTarget = selectedVscodeTarget()): string[] {
  const missing: string[] = [];
  if (target.ripgrepFromDebian && !findOnPath('rg')) missing.push('ripgrep');
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

/**
 * npm's environment for the install. With a Node of its own, that Node comes first on the PATH so
 * that npm (`#!/usr/bin/env node`) and every install script runs on it, and node-gyp takes its
 * headers from it instead of downloading them.
 */
function installEnv(target: VscodeTarget): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
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
    // kerberos' install first tries prebuild-install, which downloads from GitHub; building it
    // straight away (it is built either way here) keeps the install on the npm registry.
    npm_config_build_from_source: 'kerberos',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  if (target.nodeVersion) {
    // Set by an outer `npm test`: npm would take its user agent (naming the outer Node, which
    // code-server's postinstall checks) and execpath from them instead of the Node it runs on.
    for (const inherited of ['npm_config_user_agent', 'npm_node_execpath', 'npm_execpath', 'NODE']) delete env[inherited];
    env.PATH = `${path.dirname(nodeRuntimeExecutable(target.nodeVersion))}${path.delimiter}${env.PATH ?? ''}`;
    env.npm_config_nodedir = nodeRuntimePrefix(target.nodeVersion);
  }
  return env;
}

/**
 * Installs the target's code-server (and the Node it runs on) once and returns its install dir;
 * later calls return at once.
 */
export async function ensureCodeServer(opts: { log?: (line: string) => void; target?: VscodeTarget } = {}): Promise<string> {
  const target = opts.target ?? selectedVscodeTarget();
  const installDir = codeServerInstallDir(target);
  const log = opts.log ?? ((line: string) => process.stderr.write(line + '\n'));
  if (target.nodeVersion) await ensureNodeRuntime(target.nodeVersion, log);
  if (installedVersion(installDir, isComplete) === target.codeServerVersion) return installDir;
  const missing = missingInstallPrerequisites(target);
  if (missing.length) {
    throw new Error(`installing code-server needs the Debian packages ${missing.join(', ')}: run \`apt-get update && apt-get install -y ${missing.join(' ')}\``);
  }
  const node = target.nodeVersion ? `Node ${target.nodeVersion}` : `this Node (${process.version})`;
  log(`installing code-server@${target.codeServerVersion} (VS Code ${target.vscodeVersion}, on ${node}) into ${path.relative(projectRoot, installDir)} (once; 1-4 minutes on 2 cores)...`);
  const started = Date.now();
  if (target.ripgrepFromDebian) writeRipgrepCache();
  const reported = await installIntoCache({
    installDir,
    spec: `code-server@${target.codeServerVersion}`,
    version: target.codeServerVersion,
    env: installEnv(target),
    logFile: path.join(path.dirname(installDir), `${target.cacheDir}-install.log`),
    isComplete,
    verify: (staging) => checkVersion(staging, target),
  });
  log(`code-server installed in ${Math.round((Date.now() - started) / 1000)} s: ${reported}`);
  return installDir;
}

function checkVersion(installDir: string, target: VscodeTarget): string {
  const entry = path.join(installDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  // Its first run writes a default config; keep that inside the cache, not in ~/.config.
  const output = execFileSync(codeServerNode(target), [entry, '--version'], { env: { ...process.env, XDG_CONFIG_HOME: path.join(installDir, '.config'), XDG_DATA_HOME: path.join(installDir, '.local') }, encoding: 'utf8' });
  const line = output.split('\n').find((l) => l.startsWith(target.codeServerVersion));
  if (!line || !line.includes(`with Code ${target.vscodeVersion}`)) throw new Error(`code-server --version printed an unexpected version:\n${output}`);
  return line.trim();
}

/**
 * User settings for a workbench that shows the workspace: no walkthrough, no telemetry notice,
 * no chat side bar (newer VS Code; it asks for a GitHub sign-in that cannot happen offline).
 * A VS Code that does not know a setting ignores it, so every target gets the same.
 */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/** Makes `extensionsDir` hold a link to `extensionRoot` under the name VS Code gives an installed extension. */
function linkExtension(extensionRoot: string, extensionsDir: string): string {
  const manifest = JSON.parse(readFileSync(path.join(extensionRoot, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  mkdirSync(extensionsDir, { recursive: true });
  symlinkSync(extensionRoot, path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`));
  return extensionsDir;
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
  /** Which VS Code; defaults to the one PODPATCH_VSCODE selects. */
  target?: VscodeTarget;
  /** Environment of the server and so of its extension hosts (KUBECONFIG goes here). */
  env?: NodeJS.ProcessEnv;
  host?: string;
  /** 0 (the default) lets the server pick a free port, which it then prints. */
  port?: number;
  logFile?: string;
  /** Extensions installed for the user. */
  extensionsDir?: string;
  /**
   * An extension folder (podpatch's checkout) to install for the user as a link in a fresh
   * extensions dir: loaded as a user would have it, and a rebuild + Reload Window picks changes up.
   */
  linkedExtension?: string;
  startTimeoutMs?: number;
  /** The user's settings.json, e.g. `{ "workbench.startupEditor": "none" }`. */
  userSettings?: Record<string, unknown>;
  /** The workbench URL will carry extensionDevelopmentPath/extensionTestsPath (see workbenchUrl). */
  developmentPayload?: boolean;
};

export async function startCodeServer(opts: StartCodeServerOptions = {}): Promise<CodeServer> {
  const target = opts.target ?? selectedVscodeTarget();
  const installDir = codeServerInstallDir(target);
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
  const extensionsDir = opts.linkedExtension ? linkExtension(opts.linkedExtension, path.join(dataDir, 'extensions')) : opts.extensionsDir;
  if (extensionsDir) args.push('--extensions-dir', extensionsDir);
  if (opts.developmentPayload && target.smokeTestDriverForPayload) args.push('--enable-smoke-test-driver');
  const logFd = openSync(logFile, 'a');
  const child = spawn(codeServerNode(target), args, {
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
