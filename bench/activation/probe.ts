// Runs inside the extension host (--extensionTestsPath) for bench/activation.ts: activates
// podpatch once and writes how long that took to $PODPATCH_ACTIVATION_FILE.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { PodpatchApi } from '../../src/vscode/api';

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension<PodpatchApi>('podpatch.podpatch');
  if (!ext) throw new Error('podpatch.podpatch is not installed in this extension host');
  const wasActive = ext.isActive;
  const t0 = performance.now();
  const api = await ext.activate();
  // The host's own figure (loading the bundle + activate()) only when this call did the activating.
  const hostMs = wasActive ? undefined : performance.now() - t0;
  writeFileSync(process.env.PODPATCH_ACTIVATION_FILE!, JSON.stringify({ activationMs: api.activationMs, hostMs }));
}
