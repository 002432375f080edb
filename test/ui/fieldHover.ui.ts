// The hover that says how a field can change on this server (issue 12): open pod-test from the
// podpatch view, hover the restartPolicy key (only by recreating) and a container's
// resources.limits.memory key (through the resize subresource, the sandbox plays a release that
// serves it). Screenshots in test-results/screenshots/field-hover/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withUiSession } from '../harness/uiSession';
import { editorLines, findInEditor, hoverSettled, openPodTestFromView } from './support/podEditor';

test('hover on restartPolicy and on resources.limits.memory says how each can change', () => withUiSession('field-hover', async (ui) => {
  const { page } = ui;
  const lines = editorLines(page);
  await openPodTestFromView(page);
  // The release shows in the status bar once detected.
  await page.locator('.statusbar-item', { hasText: /k8s 1\.\d+/ }).first().waitFor({ timeout: 30_000 });

  await findInEditor(page, 'restartPolicy: Always');
  await lines.getByText('restartPolicy', { exact: true }).first().hover();
  const restart = page.locator('.monaco-hover-content', { hasText: 'only by recreating the pod' });
  await restart.first().waitFor({ timeout: 30_000 });
  assert.match(await restart.first().innerText(), /spec\.restartPolicy[\s\S]*Rule spec\.fieldChanged/);
  await hoverSettled(page);
  await ui.step('hover-restartPolicy');

  await page.keyboard.press('Escape');
  await findInEditor(page, 'memory: 1Gi');
  await lines.getByText('memory', { exact: true }).first().hover();
  const memory = page.locator('.monaco-hover-content', { hasText: 'through the resize subresource' });
  await memory.first().waitFor({ timeout: 30_000 });
  assert.match(await memory.first().innerText(), /spec\.containers\[0\]\.resources\.limits\[memory\]|resources\.limits/);
  await hoverSettled(page);
  await ui.step('hover-limits-memory');
}));
