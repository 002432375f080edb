// `npm start`: podpatch in a real VS Code (in the browser) against the sandbox cluster.
// Builds, installs what is missing (Debian packages when root, the code-server cache), starts
// the sandbox with the seed's pod-test and some demo pods, starts the VS Code server with
// podpatch installed (a link to this checkout) and KUBECONFIG set, opens the demo workspace of
// sample pod manifests (.podpatch-demo/, git-ignored, seeded only when absent and kept across
// runs), and prints the URL and a kubectl line for the sandbox. Ctrl+C stops everything it
// started and leaves the demo workspace as the user left it.
//
//   npm start -- [--port N] [--host H] [--pods N] [--profile kubernetes|cci] [--latest]
// --latest runs the newest VS Code the tests cover instead of the minimum (test/harness/vscodeTargets.ts).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = process.argv[i + 1];
  if (value === undefined || value.startsWith('--')) fail(`--${name} needs a value`);
  return value;
}
function fail(message) {
  console.error(`npm start: ${message}`);
  process.exit(1);
}
const host = option('host', '127.0.0.1');
const port = Number(option('port', '0'));
const pods = option('pods', '12');
const profile = option('profile', 'kubernetes');
if (!Number.isInteger(port) || port < 0) fail('--port must be a port number (0 picks a free one)');
const targetName = process.argv.includes('--latest') ? 'latest' : 'minimum';

const step = (text) => console.log(`- ${text}`);
// For the printed kubectl line: a path a shell reads back as one word.
const shellQuote = (word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`);

// 1. Build (the harness that installs and starts VS Code is compiled with the rest).
step('building');
const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
if (build.status !== 0) fail('the build failed (see above)');

const { ensureCodeServer, startCodeServer, missingInstallPrerequisites, isCodeServerInstalled, QUIET_SETTINGS } = require(path.join(root, 'out/test/harness/codeServer.js'));
// The demo workspace sits inside podpatch's own repository: without this, VS Code's git offers to
// open that repository on every start, a prompt about something the user did not ask for.
const DEMO_SETTINGS = { ...QUIET_SETTINGS, 'git.openRepositoryInParentFolders': 'never' };
const { VSCODE_TARGETS } = require(path.join(root, 'out/test/harness/vscodeTargets.js'));
const target = VSCODE_TARGETS[targetName];
const { ensureDemoWorkspace } = require(path.join(root, 'out/test/harness/sampleWorkspace.js'));
const { trackProcessGroup, stopProcessGroup, waitForLine } = require(path.join(root, 'out/test/harness/processTree.js'));

// 2. Debian packages code-server's install needs, only while it is not installed yet.
if (!isCodeServerInstalled(target)) {
  const missing = missingInstallPrerequisites(target);
  if (missing.length) {
    if (process.getuid?.() !== 0) fail(`installing VS Code (code-server) needs the Debian packages ${missing.join(', ')}; run: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`);
    step(`installing Debian packages: ${missing.join(', ')}`);
    for (const args of [['update', '-q'], ['install', '-y', '-q', '--no-install-recommends', ...missing]]) {
      const r = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
      if (r.status !== 0) fail(`apt-get ${args[0]} failed`);
    }
  }
}
step(`checking VS Code ${target.vscodeVersion} (code-server ${target.codeServerVersion}) in .vscode-test/`);
try {
  await ensureCodeServer({ target, log: (line) => console.log(`  ${line}`) });
} catch (err) {
  fail(err.message);
}

// Everything below is stopped on Ctrl+C, in reverse order.
const cleanups = [];
let stopping = false;
async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping...');
  for (const cleanup of cleanups.reverse()) await cleanup().catch((err) => console.error(`  ${err.message}`));
  process.exit(code);
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

try {
  // 3. The sandbox cluster and a kubeconfig for it.
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'podpatch-start-'));
  cleanups.push(async () => rmSync(tmp, { recursive: true, force: true }));
  const kubeconfig = path.join(tmp, 'kubeconfig');
  step(`starting the sandbox cluster (pod-test + ${pods} demo pods, ${profile} rules)`);
  const sandbox = spawn(process.execPath, [path.join(root, 'dist/cli.js'), 'sandbox', '--port', '0', '--pods', pods, '--profile', profile, '--kubeconfig-out', kubeconfig, '--seed-workloads'], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  trackProcessGroup(sandbox);
  cleanups.push(() => stopProcessGroup(sandbox));
  let sandboxOutput = '';
  sandbox.stderr.on('data', (d) => { sandboxOutput += d; });
  const sandboxUrl = await waitForLine(sandbox, /sandbox listening on (\S+)/, 30_000, 'the sandbox', () => sandboxOutput);
  sandbox.stdout.resume();
  sandbox.once('exit', (code) => { if (!stopping) { console.error(`the sandbox stopped unexpectedly (exit ${code}):\n${sandboxOutput}`); stopAll(1); } });

  // 4. The workspace and podpatch as an installed extension (a link, so a rebuild + "Reload
  //    Window" picks up changes), which keeps the URL a plain one.
  const workspace = ensureDemoWorkspace(path.join(root, '.podpatch-demo'));

  // 5. VS Code.
  step(`starting VS Code ${target.vscodeVersion}`);
  const server = await startCodeServer({ target, host, port, linkedExtension: root, env: { KUBECONFIG: kubeconfig }, userSettings: DEMO_SETTINGS, logFile: path.join(tmp, 'vscode-server.log') });
  cleanups.push(() => server.stop());
  const url = server.workbenchUrl({ folder: workspace.folder });
  console.log(`
podpatch is running in VS Code at:

    ${url}

  cluster:    ${sandboxUrl}
  kubeconfig: ${kubeconfig}
  kubectl:    kubectl --kubeconfig ${shellQuote(kubeconfig)} get pods -A
  workspace:  ${workspace.folder} (sample pod manifests, ${workspace.seeded ? 'new' : 'kept from the last run'}; delete it to start over)
  server log: ${server.logFile}
${host === '127.0.0.1' ? '  (only this machine can reach it; `npm start -- --host 0.0.0.0` to listen on every address)\n' : ''}
Press Ctrl+C to stop.`);

  // A browser only where there is a screen to show it on.
  if ((process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && process.platform === 'linux') {
    const opener = spawn('xdg-open', [url], { stdio: 'ignore', detached: true });
    opener.on('error', () => undefined);
    opener.unref();
  }
} catch (err) {
  console.error(`npm start: ${err.message}`);
  await stopAll(1);
}
