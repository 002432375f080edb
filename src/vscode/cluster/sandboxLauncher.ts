// "Start Sandbox Cluster": runs the bundled CLI's sandbox API server as a child process, waits for
// its `sandbox listening on <url>` line, and adds its kubeconfig's context. Stopped on deactivate.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parse, stringify } from 'yaml';
import type { ClusterService } from './clusterService';

const startTimeoutMs = 30_000;
/**
 * The sandbox names its context `podpatch-sandbox`, which a KUBECONFIG pointing at another sandbox
 * (npm start, the tests) already uses; the first file wins a name, so ours gets its own.
 */
export const launchedContextName = 'podpatch-local-sandbox';

export class SandboxLauncher implements vscode.Disposable {
  private child: ChildProcess | undefined;
  private running: { url: string; kubeconfig: string } | undefined;

  constructor(
    private readonly extension: vscode.ExtensionContext,
    private readonly clusters: ClusterService,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get url(): string | undefined {
    return this.running?.url;
  }

  private starting: Promise<string> | undefined;

  /** Starts the sandbox (once) and makes its context current; resolves with its URL. */
  async start(token?: vscode.CancellationToken): Promise<string> {
    if (this.running) {
      await this.useContext(this.running.kubeconfig);
      return this.running.url;
    }
    // A second click while the first start is still waiting shares it (two children, one of them never stopped, otherwise).
    if (!this.starting) this.starting = this.launch(token).finally(() => { this.starting = undefined; });
    return this.starting;
  }

  private async launch(token?: vscode.CancellationToken): Promise<string> {
    const storage = this.extension.globalStorageUri.fsPath;
    mkdirSync(storage, { recursive: true });
    const kubeconfig = path.join(storage, 'sandbox-kubeconfig');
    const cli = path.join(this.extension.extensionPath, 'dist', 'cli.js');
    // In desktop VS Code process.execPath is Electron: ELECTRON_RUN_AS_NODE makes it a plain Node.
    const child = spawn(process.execPath, [cli, 'sandbox', '--port', '0', '--kubeconfig-out', kubeconfig], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const url = await waitForListening(child, this.log, token);
    this.running = { url, kubeconfig };
    child.once('exit', (code, signal) => {
      this.log.warn(`Sandbox exited (${signal ?? `code ${code}`})`);
      if (this.child === child) {
        this.child = undefined;
        this.running = undefined;
        void this.clusters.removeKubeconfig(kubeconfig);
      }
    });
    renameKubeconfigEntries(kubeconfig, launchedContextName);
    this.log.info(`Sandbox listening on ${url}; kubeconfig ${kubeconfig} (context ${launchedContextName})`);
    await this.clusters.addKubeconfig(kubeconfig);
    await this.useContext(kubeconfig);
    return url;
  }

  private async useContext(kubeconfig: string): Promise<void> {
    const context = this.clusters.contextsOf(kubeconfig)[0];
    if (context) await this.clusters.setCurrentContext(context);
  }

  dispose(): void {
    const child = this.child;
    this.child = undefined;
    this.running = undefined;
    if (child && child.exitCode === null) child.kill('SIGTERM');
  }
}

/** Renames every cluster, user and context of a kubeconfig file (and current-context) to `name`. */
function renameKubeconfigEntries(file: string, name: string): void {
  const config = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const rename = (list: unknown) => (Array.isArray(list) ? list.map((e) => ({ ...e, name })) : list);
  config.clusters = rename(config.clusters);
  config.users = rename(config.users);
  config.contexts = (rename(config.contexts) as { context?: Record<string, unknown> }[]).map((c) => ({ ...c, context: { ...c.context, cluster: name, user: name } }));
  config['current-context'] = name;
  writeFileSync(file, stringify(config), { mode: 0o600 });
}

function waitForListening(child: ChildProcess, log: vscode.LogOutputChannel, token?: vscode.CancellationToken): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const fail = (message: string) => {
      cleanup();
      if (child.exitCode === null) child.kill('SIGTERM');
      reject(new Error(message));
    };
    const timer = setTimeout(() => fail(`the sandbox did not start within ${startTimeoutMs / 1000} s${err ? `: ${err.trim()}` : ''}`), startTimeoutMs);
    const cancel = token?.onCancellationRequested(() => fail('cancelled'));
    const onOut = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      let nl: number;
      while ((nl = out.indexOf('\n')) >= 0) {
        const line = out.slice(0, nl).trim();
        out = out.slice(nl + 1);
        log.info(`[sandbox] ${line}`);
        const m = /^sandbox listening on (\S+)/.exec(line);
        if (m) {
          cleanup();
          // Keep draining output so the child never blocks on a full pipe.
          child.stdout?.on('data', (d: Buffer) => log.info(`[sandbox] ${d.toString('utf8').trimEnd()}`));
          resolve(m[1]);
          return;
        }
      }
    };
    let settled = false;
    const onErr = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      // Kept only for a start failure's message: a long-running sandbox must not grow this string.
      if (!settled) err += text;
      log.warn(`[sandbox] ${text.trimEnd()}`);
    };
    const onExit = (code: number | null) => fail(`the sandbox exited with code ${code} before listening${err ? `: ${err.trim()}` : ''}`);
    const onError = (e: Error) => fail(`cannot run the sandbox: ${e.message}`);
    function cleanup() {
      settled = true;
      clearTimeout(timer);
      cancel?.dispose();
      child.stdout?.off('data', onOut);
      child.off('exit', onExit);
      child.off('error', onError);
    }
    child.stdout?.on('data', onOut);
    child.stderr?.on('data', onErr);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}
