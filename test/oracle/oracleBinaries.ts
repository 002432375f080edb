// Which oracle binaries are built (test/oracle/build.mjs writes .oracle-cache/oracles.json before the
// unit phase) or why there are none: the tests and the bench skip with that reason.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type OracleRelease = { minor: string; version: string; binary: string };
export type OracleSet = { releases: OracleRelease[]; skipReason?: string };

const root = path.resolve(__dirname, '..', '..', '..');
const manifestPath = path.join(root, '.oracle-cache', 'oracles.json');

export function loadOracles(): OracleSet {
  if (!existsSync(manifestPath)) return { releases: [], skipReason: 'the upstream oracles are not built: run `node test/oracle/build.mjs` (npm test does)' };
  const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as { releases?: Record<string, { version: string; binary: string }>; skipped?: string; failed?: string };
  if (m.skipped) return { releases: [], skipReason: m.skipped };
  if (m.failed) throw new Error(`the upstream oracle build failed: ${m.failed}`);
  const releases = Object.entries(m.releases ?? {}).map(([minor, r]) => ({ minor, ...r }));
  const missing = releases.find((r) => !existsSync(r.binary));
  if (missing) return { releases: [], skipReason: `${missing.binary} is gone: run \`node test/oracle/build.mjs\`` };
  return { releases };
}

/** The release today's kubernetes profile models; the others are compared for the record only. */
export const STRICT_RELEASE = '1.33';
