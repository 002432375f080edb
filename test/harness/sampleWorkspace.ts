// Copies of test/fixtures/workspace (sample pod manifests) for VS Code to open, so tests and
// `npm start` users can edit and save files without touching the tracked ones: a throw-away one
// per test run, and `npm start`'s demo folder, which outlives the run.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from './projectRoot';

export const sampleManifestsDir = path.join(projectRoot, 'test', 'fixtures', 'workspace');

export function createSampleWorkspace(): { folder: string; remove(): void } {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'podpatch-workspace-'));
  cpSync(sampleManifestsDir, folder, { recursive: true });
  return { folder, remove: () => rmSync(folder, { recursive: true, force: true }) };
}

/**
 * `npm start`'s workspace: seeded with the samples only when the folder does not exist yet, and
 * never removed, so a user's edits survive Ctrl+C and the next start.
 */
export function ensureDemoWorkspace(folder: string): { folder: string; seeded: boolean } {
  if (existsSync(folder)) return { folder, seeded: false };
  cpSync(sampleManifestsDir, folder, { recursive: true });
  return { folder, seeded: true };
}
