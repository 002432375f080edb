// A temp folder per test for kubeconfig files, token files and plugin scripts; removed on cleanup.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type TempDir = { dir: string; write(rel: string, text: string, mode?: number): string; remove(): void };

export function makeTempDir(prefix = 'podpatch-cluster-'): TempDir {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return {
    dir,
    write(rel, text, mode) {
      const p = path.join(dir, rel);
      mkdirSync(path.dirname(p), { recursive: true });
      writeFileSync(p, text);
      if (mode) chmodSync(p, mode);
      return p;
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A credential plugin as a node script: prints an ExecCredential whose token counts the runs
 * (a counter file next to it), optionally with an expiry `expiresInSeconds` from now.
 */
export function writeExecPlugin(tmp: TempDir, name: string, opts: { apiVersion?: string; expiresInSeconds?: number; tokenPrefix?: string } = {}): string {
  const counter = path.join(tmp.dir, `${name}.count`);
  const script = `#!${process.execPath}
const fs = require('fs');
let n = 0; try { n = Number(fs.readFileSync(${JSON.stringify(counter)}, 'utf8')); } catch {}
n++; fs.writeFileSync(${JSON.stringify(counter)}, String(n));
const info = JSON.parse(process.env.KUBERNETES_EXEC_INFO || '{}');
const status = { token: ${JSON.stringify(opts.tokenPrefix ?? 'exec-token-')} + n + (process.env.EXTRA_SUFFIX || '') };
${opts.expiresInSeconds !== undefined ? `status.expirationTimestamp = new Date(Date.now() + ${opts.expiresInSeconds} * 1000).toISOString();` : ''}
fs.writeFileSync(${JSON.stringify(counter + '.info')}, JSON.stringify(info));
process.stdout.write(JSON.stringify({ apiVersion: ${JSON.stringify(opts.apiVersion ?? 'client.authentication.k8s.io/v1')}, kind: 'ExecCredential', status }));
`;
  return tmp.write(name, script, 0o755);
}
