// Builds the real kube-apiserver and etcd (test/real/go/go.mod: k8s.io/kubernetes at the newest
// oracle release, go.etcd.io/etcd/server/v3 at the version that release depends on) into
// .oracle-cache/real/<hash>/, once: the hash covers go.mod, go.sum and the Go version, and Go's
// module and build caches keep a rebuild short. Prints the build's time and peak memory.
// Usage: node test/real/build.mjs  (prints the folder holding kube-apiserver and etcd)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const modDir = path.join(here, 'go');
const root = path.resolve(here, '..', '..');

/** The release test/real/go/go.mod pins, e.g. { gitVersion: 'v1.37.2', major: '1', minor: '37' }. */
export function pinnedRelease() {
  const m = /k8s\.io\/kubernetes v(\d+)\.(\d+)\.(\d+)/.exec(readFileSync(path.join(modDir, 'go.mod'), 'utf8'));
  if (!m) throw new Error('test/real/go/go.mod pins no k8s.io/kubernetes version');
  return { gitVersion: `v${m[1]}.${m[2]}.${m[3]}`, major: m[1], minor: m[2] };
}

// What upstream's hack/lib/version.sh (kube::version::ldflags) stamps into a release build; a plain
// `go build` would answer /version with "v0.0.0-master+$Format:%H$", which no client can read.
function versionLdflags() {
  const r = pinnedRelease();
  const flags = [];
  for (const pkg of ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version']) {
    flags.push(`-X ${pkg}.gitVersion=${r.gitVersion}`, `-X ${pkg}.gitMajor=${r.major}`, `-X ${pkg}.gitMinor=${r.minor}`, `-X ${pkg}.gitTreeState=clean`);
  }
  return flags.join(' ');
}

export function realServerDir() {
  const h = createHash('sha256');
  h.update(spawnSync('go', ['version'], { encoding: 'utf8' }).stdout ?? '');
  h.update(versionLdflags());
  for (const f of ['go.mod', 'go.sum']) h.update(readFileSync(path.join(modDir, f)));
  return path.join(root, '.oracle-cache', 'real', h.digest('hex').slice(0, 12));
}

/** The folder with `kube-apiserver` and `etcd`, building them when missing; throws when go fails. */
export function ensureRealServer(log = console.log) {
  const dir = realServerDir();
  if (existsSync(path.join(dir, 'kube-apiserver')) && existsSync(path.join(dir, 'etcd'))) return dir;
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const started = Date.now();
  log(`real kube-apiserver and etcd: building (once; later runs reuse ${path.relative(root, dir)})`);
  const args = ['build', '-trimpath', '-ldflags', `-s -w ${versionLdflags()}`, '-o', tmp + '/'];
  if (process.env.CI !== 'true') args.push('-p=1');
  args.push('k8s.io/kubernetes/cmd/kube-apiserver', 'go.etcd.io/etcd/server/v3');
  const r = spawnSync('nice', ['-n', '10', '/usr/bin/time', '-f', '%M', 'go', ...args], { cwd: modDir, encoding: 'utf8', env: { ...process.env, GOFLAGS: '-mod=readonly', GOTOOLCHAIN: 'local' } });
  if (r.status !== 0) throw new Error(`go build failed:\n${r.stderr}`);
  // go names the etcd main package after its path without the major version suffix: "server".
  renameSync(path.join(tmp, 'server'), path.join(tmp, 'etcd'));
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  const peakKb = Number(r.stderr.trim().split('\n').pop());
  log(`real kube-apiserver and etcd: built in ${((Date.now() - started) / 1000).toFixed(0)} s, peak memory ${(peakKb / 1024).toFixed(0)} MiB`);
  return dir;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) console.log(ensureRealServer());
