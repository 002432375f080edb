// Builds the oracle of each modelled release once and caches it in .oracle-cache/ (git-ignored).
// A binary is named after a hash of the Go sources, its go.<release>.mod/.sum and the Go version,
// so an unchanged tree starts in milliseconds; Go's own module and build caches (GOMODCACHE,
// GOCACHE, Go's defaults) keep a rebuild after a source change short. Modules come only from the
// Go module proxy. Usage: node test/oracle/build.mjs [1.33 ...]   (no argument: every release)
import { spawn, spawnSync } from 'node:child_process';
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

/** The go build of one release: its output path, and the command that writes it to `${out}.tmp`. */
function oracleBuild(minor) {
  const full = ORACLE_RELEASES[minor];
  if (!full) throw new Error(`no oracle for release ${minor}; known: ${Object.keys(ORACLE_RELEASES).join(', ')}`);
  const out = binaryPath(minor);
  const args = ['build', `-modfile=go.${minor}.mod`, '-ldflags', `-s -w -X main.release=${full}`, '-o', `${out}.tmp`];
  if (NO_RESIZE.has(minor)) args.push('-tags', 'oracle_noresize');
  if (process.env.CI !== 'true') args.push('-p=1');
  args.push('.');
  const timeBin = existsSync('/usr/bin/time') ? ['/usr/bin/time', '-f', '%M'] : [];
  return { full, out, cmd: ['nice', '-n', '10', ...timeBin, 'go', ...args], timed: timeBin.length > 0 };
}

const buildOptions = { cwd: here, encoding: 'utf8', env: { ...process.env, GOFLAGS: '-mod=readonly', GOTOOLCHAIN: 'local' } };

function startBuild(b, log) {
  mkdirSync(path.dirname(b.out), { recursive: true });
  for (const old of readdirSync(path.dirname(b.out)).filter((f) => f.startsWith(path.basename(b.out).replace(/-[0-9a-f]+$/, '-')))) rmSync(path.join(path.dirname(b.out), old), { force: true });
  log(`oracle ${b.full}: building (first build of this source; later runs reuse ${path.relative(root, b.out)})`);
  return Date.now();
}

function finishBuild(b, started, status, stderr, log) {
  if (status !== 0) throw new Error(`oracle ${b.full}: go build failed:\n${stderr}`);
  renameSync(`${b.out}.tmp`, b.out);
  const peakKb = b.timed ? Number(stderr.trim().split('\n').pop()) : NaN;
  log(`oracle ${b.full}: built in ${((Date.now() - started) / 1000).toFixed(1)} s${Number.isFinite(peakKb) ? `, peak memory ${(peakKb / 1024).toFixed(0)} MiB` : ''}`);
  return b.out;
}

/**
 * Builds (when needed) and returns the binary of one release. Go runs niced and, outside CI, with
 * -p=1: the machine is shared. Prints the build's time and peak memory when it builds.
 */
export function ensureOracle(minor, log = console.log) {
  const b = oracleBuild(minor);
  if (existsSync(b.out)) return b.out;
  const started = startBuild(b, log);
  const r = spawnSync(b.cmd[0], b.cmd.slice(1), buildOptions);
  return finishBuild(b, started, r.status, r.stderr, log);
}

/** ensureOracle without blocking the event loop (the test runner installs VS Code meanwhile). */
function ensureOracleAsync(minor, log) {
  const b = oracleBuild(minor);
  if (existsSync(b.out)) return Promise.resolve(b.out);
  const started = startBuild(b, log);
  return new Promise((resolve, reject) => {
    const child = spawn(b.cmd[0], b.cmd.slice(1), { ...buildOptions, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d) => { stderr = (stderr + d).slice(-20_000); });
    child.once('error', reject);
    child.once('close', (status) => {
      try { resolve(finishBuild(b, started, status, stderr, log)); } catch (e) { reject(e); }
    });
  });
}

/**
 * Builds every release and records the result in .oracle-cache/oracles.json, which the tests and
 * the bench read: {releases: {minor: {version, binary}}} or {skipped: reason}. In CI the builds
 * run side by side: each keeps about one core busy, and a fresh machine has four to build.
 */
export async function ensureAllOracles(log = console.log) {
  const missing = goMissingReason();
  let manifest;
  if (missing) manifest = { skipped: missing };
  else {
    try {
      const releases = {};
      const one = async ([minor, version]) => { releases[minor] = { version, binary: await ensureOracleAsync(minor, log) }; };
      if (process.env.CI === 'true') await Promise.all(Object.entries(ORACLE_RELEASES).map(one));
      else for (const entry of Object.entries(ORACLE_RELEASES)) await one(entry);
      manifest = { releases: Object.fromEntries(Object.keys(ORACLE_RELEASES).map((m) => [m, releases[m]])) };
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
    const m = await ensureAllOracles();
    console.log(m.skipped ? `skipped: ${m.skipped}` : m.failed ? `failed: ${m.failed}` : Object.values(m.releases).map((r) => r.binary).join('\n'));
    process.exitCode = m.failed ? 1 : 0;
  } else for (const minor of wanted) console.log(ensureOracle(minor));
}
