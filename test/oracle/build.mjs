// Builds the oracle of each modelled release once and caches it in .oracle-cache/ (git-ignored).
// A binary is named after a hash of the Go sources, its go.<release>.mod/.sum and the Go version,
// so an unchanged tree starts in milliseconds; Go's own module and build caches (GOMODCACHE,
// GOCACHE, Go's defaults) keep a rebuild after a source change short. Modules come only from the
// Go module proxy. Usage: node test/oracle/build.mjs [1.33 ...]   (no argument: every release)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
export const CACHE_DIR = path.join(root, '.oracle-cache');

/** Modelled releases: minor -> the k8s.io/kubernetes patch release pinned in go.<minor>.mod. */
export const ORACLE_RELEASES = { '1.31': '1.31.14', '1.33': '1.33.13', '1.35': '1.35.4', '1.37': '1.37.2' };
// Releases before the pods/resize subresource (1.33) build without it.
const NO_RESIZE = new Set(['1.31']);

/** Why the oracle cannot run here, or undefined when `go` is on PATH. */
export function goMissingReason() {
  const r = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return 'go is not on PATH: the upstream oracle checks need Go (see README, "Upstream oracle")';
  return undefined;
}

function goVersion() {
  return spawnSync('go', ['version'], { encoding: 'utf8' }).stdout.trim();
}

function binaryPath(minor) {
  const h = createHash('sha256');
  h.update(goVersion());
  for (const f of readdirSync(here).filter((f) => f.endsWith('.go')).sort()) h.update(f).update(readFileSync(path.join(here, f)));
  for (const f of [`go.${minor}.mod`, `go.${minor}.sum`]) h.update(readFileSync(path.join(here, f)));
  return path.join(CACHE_DIR, 'bin', `oracle-${minor}-${h.digest('hex').slice(0, 12)}`);
}

/** The cached binary of a release if it is built, else undefined (never builds). */
export function builtOracle(minor) {
  const p = binaryPath(minor);
  return existsSync(p) ? p : undefined;
}

/**
 * Builds (when needed) and returns the binary of one release. Go runs niced and, outside CI, with
 * -p=1: the machine is shared. Prints the build's time and peak memory when it builds.
 */
export function ensureOracle(minor, log = console.log) {
  const full = ORACLE_RELEASES[minor];
  if (!full) throw new Error(`no oracle for release ${minor}; known: ${Object.keys(ORACLE_RELEASES).join(', ')}`);
  const out = binaryPath(minor);
  if (existsSync(out)) return out;
  mkdirSync(path.dirname(out), { recursive: true });
  for (const old of readdirSync(path.dirname(out)).filter((f) => f.startsWith(`oracle-${minor}-`))) rmSync(path.join(path.dirname(out), old), { force: true });
  const tmp = `${out}.tmp`;
  const args = ['build', `-modfile=go.${minor}.mod`, '-ldflags', `-s -w -X main.release=${full}`, '-o', tmp];
  if (NO_RESIZE.has(minor)) args.push('-tags', 'oracle_noresize');
  if (process.env.CI !== 'true') args.push('-p=1');
  args.push('.');
  const started = Date.now();
  const timeBin = existsSync('/usr/bin/time') ? ['/usr/bin/time', '-f', '%M'] : [];
  const cmd = ['nice', '-n', '10', ...timeBin, 'go', ...args];
  log(`oracle ${full}: building (first build of this source; later runs reuse ${path.relative(root, out)})`);
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd: here, encoding: 'utf8', env: { ...process.env, GOFLAGS: '-mod=readonly', GOTOOLCHAIN: 'local' } });
  if (r.status !== 0) throw new Error(`oracle ${full}: go build failed:\n${r.stderr}`);
  renameSync(tmp, out);
  const peakKb = timeBin.length ? Number(r.stderr.trim().split('\n').pop()) : NaN;
  log(`oracle ${full}: built in ${((Date.now() - started) / 1000).toFixed(1)} s${Number.isFinite(peakKb) ? `, peak memory ${(peakKb / 1024).toFixed(0)} MiB` : ''}`);
  return out;
}

/**
 * Builds every release and records the result in .oracle-cache/oracles.json, which the tests and
 * the bench read: {releases: {minor: {version, binary}}} or {skipped: reason}.
 */
export function ensureAllOracles(log = console.log) {
  const missing = goMissingReason();
  let manifest;
  if (missing) manifest = { skipped: missing };
  else {
    try {
      const releases = {};
      for (const [minor, version] of Object.entries(ORACLE_RELEASES)) releases[minor] = { version, binary: ensureOracle(minor, log) };
      manifest = { releases };
    } catch (e) {
      manifest = { failed: String(e.message ?? e) };
    }
  }
  mkdirSync(CACHE_DIR, { recursive: true });
  writeFileSync(path.join(CACHE_DIR, 'oracles.json'), JSON.stringify(manifest, null, 1));
  return manifest;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const wanted = process.argv.slice(2);
  if (!wanted.length) {
    const m = ensureAllOracles();
    console.log(m.skipped ? `skipped: ${m.skipped}` : m.failed ? `failed: ${m.failed}` : Object.values(m.releases).map((r) => r.binary).join('\n'));
    process.exitCode = m.failed ? 1 : 0;
  } else for (const minor of wanted) console.log(ensureOracle(minor));
}
