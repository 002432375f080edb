// A throw-away copy of test/fixtures/workspace (sample pod manifests) for VS Code to open, so
// tests and `npm start` users can edit and save files without touching the repository.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from './projectRoot';

export const sampleManifestsDir = path.join(projectRoot, 'test', 'fixtures', 'workspace');

export function createSampleWorkspace(): { folder: string; remove(): void } {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'podpatch-workspace-'));
  cpSync(sampleManifestsDir, folder, { recursive: true });
  return { folder, remove: () => rmSync(folder, { recursive: true, force: true }) };
}
