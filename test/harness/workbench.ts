// Opens the real VS Code workbench in headless Chromium: starts a VS Code server (fresh data
// dir, free port), loads it with podpatch under development, and hands the Playwright page to
// a UI test or to the extension-test executable. Everything it started goes in close().
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startCodeServer, ensureCodeServer, QUIET_SETTINGS, type CodeServer } from './codeServer';
import { findChromium } from './findOnPath';
import { projectRoot } from './projectRoot';

// From the recipe in shared/notes/real-vscode.md: no network side-channels, no GPU, no prompts.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export type OpenWorkbenchOptions = {
  workspaceFolder: string;
  /** Added to the server's environment, and so the extension host's (KUBECONFIG goes here). */
  env?: NodeJS.ProcessEnv;
  /** Defaults to the podpatch repository; `null` opens the workbench without it. */
  extensionDevelopmentPath?: string | null;
  extensionTestsPath?: string;
  /** Where screenshot(name) writes `<name>.png`; the server log is copied here on close. */
  screenshotDir: string;
  /** Every log line of the workbench, including the extension host's console output. */
  onLog?: (level: string, message: string) => void;
  viewport?: { width: number; height: number };
};

export type Workbench = {
  page: Page;
  server: CodeServer;
  /** Resolves with the code the workbench reports once an extension test run settles. */
  automationExit: Promise<number>;
  /** Saves a PNG of the page as `<screenshotDir>/<name>.png` and returns its path. */
  screenshot(name: string): Promise<string>;
  /** Closes the browser and stops the server; `keepLogs` copies the server's logs next to the screenshots. */
  close(opts?: { keepLogs?: boolean }): Promise<void>;
};

export class ChromiumMissingError extends Error {}

export async function openWorkbench(opts: OpenWorkbenchOptions): Promise<Workbench> {
  const executablePath = findChromium();
  if (!executablePath) throw new ChromiumMissingError('no Chromium on the PATH: run `apt-get install chromium` (or set PODPATCH_CHROMIUM)');
  mkdirSync(opts.screenshotDir, { recursive: true });
  await ensureCodeServer();
  const developmentPath = opts.extensionDevelopmentPath === undefined ? projectRoot : opts.extensionDevelopmentPath;
  // Extension tests need the development payload in the URL (the only way to pass
  // extensionTestsPath to a web workbench). UI tests get podpatch installed as a user has it:
  // the payload would need --enable-smoke-test-driver on newer VS Code, which hides every
  // notification toast there (and answers every dialog by itself on 1.100).
  const payload = opts.extensionTestsPath !== undefined;
  const server = await startCodeServer({
    env: opts.env,
    logFile: path.join(opts.screenshotDir, 'server.log'),
    developmentPayload: payload,
    linkedExtension: !payload && developmentPath ? developmentPath : undefined,
    // Screenshots show the workspace (no walkthrough, notices or chat side bar).
    userSettings: QUIET_SETTINGS,
  });
  let browser: Browser | undefined;
  const close = async (closeOpts: { keepLogs?: boolean } = {}) => {
    await browser?.close().catch(() => undefined);
    await server.stop({ keepLogsIn: closeOpts.keepLogs ? path.join(opts.screenshotDir, 'server-logs') : undefined });
  };
  try {
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
    const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1400, height: 900 } });
    const page = await context.newPage();
    let reportExit: (code: number) => void = () => undefined;
    const automationExit = new Promise<number>((resolve) => { reportExit = resolve; });
    await page.exposeFunction('codeAutomationLog', (level: string, args: unknown) => {
      const parts = Array.isArray(args) ? args : [args];
      opts.onLog?.(level, parts.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    });
    await page.exposeFunction('codeAutomationExit', (code: number, logs?: { relativePath: string; contents: string }[]) => {
      // The workbench hands over its log files (extension host, renderer, ...): keep them.
      for (const log of logs ?? []) {
        const file = path.join(opts.screenshotDir, 'logs', log.relativePath);
        if (!file.startsWith(path.join(opts.screenshotDir, 'logs'))) continue;
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, log.contents);
      }
      reportExit(code);
    });
    const url = server.workbenchUrl({
      folder: opts.workspaceFolder,
      extensionDevelopmentPath: payload ? developmentPath ?? undefined : undefined,
      extensionTestsPath: opts.extensionTestsPath,
    });
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const screenshot = async (name: string) => {
      const file = path.join(opts.screenshotDir, `${name}.png`);
      await page.screenshot({ path: file });
      return file;
    };
    return { page, server, automationExit, screenshot, close };
  } catch (err) {
    await close({ keepLogs: true });
    throw err;
  }
}
