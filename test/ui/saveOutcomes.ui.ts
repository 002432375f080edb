// Ctrl+S on a pod document as a person meets its outcomes: a conflict (the pod was changed on
// the cluster meanwhile) and a change the server would refuse each give exactly one podpatch
// message with its own choices, never VS Code's "Failed to save … Unable to write file" with a
// Revert that throws the edits away; the tab stays unsaved with the edits in it. Screenshots in
// test-results/screenshots/save-outcomes/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withUiSession } from '../harness/uiSession';
import { editorLines, findInEditor, openPodTestFromView } from './support/podEditor';

test('Ctrl+S: a conflict and a refused change each give one podpatch message and keep the edits', () => withUiSession('save-outcomes', async (ui) => {
  const { page } = ui;
  const lines = editorLines(page);
  const find = (text: string, nth = 1) => findInEditor(page, text, nth);
  const vsCodeSaveErrors = () => page.locator('.notification-toast', { hasText: /Unable to write file|Failed to save/ }).count();
  const clearNotifications = async () => {
    await page.keyboard.press('F1');
    await page.keyboard.type('Notifications: Clear All Notifications');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Clear All Notifications' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.notification-toast').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  };

  await openPodTestFromView(page);
  const tab = page.getByRole('tab', { name: 'pod-test.yaml', exact: true });

  // A conflict: someone labels the pod (as `kubectl label` would) while the label is edited here.
  await find('name: pod-test', 2);
  await page.keyboard.press('End');
  await page.keyboard.type('-mine');
  await lines.getByText('name: pod-test-mine').waitFor();
  const touched = await fetch(`${ui.sandbox.url}/_podpatch/pods/namespace-test/pod-test/touch`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(10_000) });
  assert.ok(touched.ok);
  await page.keyboard.press('Control+S');
  const ask = page.locator('.notification-toast', { hasText: 'Send this merge patch to pod namespace-test/pod-test' });
  await ask.waitFor({ timeout: 30_000 });
  await ui.step('save-preview');
  await page.locator('.editor-actions .action-label[aria-label="Send Patch"]').first().click();
  const conflict = page.locator('.notification-toast', { hasText: 'changed on the server while you edited it' });
  await conflict.waitFor({ timeout: 30_000 });
  await conflict.getByRole('button', { name: 'Send again' }).waitFor();
  await conflict.getByRole('button', { name: 'Show what changed on the server' }).waitFor();
  await lines.getByText('sandbox.podpatch.dev/touched').first().waitFor({ timeout: 30_000 });
  await page.locator('.tabs-container .tab.dirty[data-resource-name="pod-test.yaml"]').first().waitFor();
  assert.equal(await vsCodeSaveErrors(), 0, 'no VS Code save error next to podpatch\'s message');
  assert.equal(await page.locator('.notification-toast', { hasText: 'Rebase' }).count(), 0, 'no stale rebase prompt');
  await ask.waitFor({ state: 'detached', timeout: 10_000 }); // the preview's question goes once decided
  await ui.step('conflict-one-message');

  // Show what changed on the server: a diff of the base against the live pod.
  await conflict.getByRole('button', { name: 'Show what changed on the server' }).click();
  await page.locator('.tabs-container .tab', { hasText: 'changed on the server' }).waitFor({ timeout: 30_000 });
  await ui.step('what-changed-on-the-server');
  await tab.click();
  await clearNotifications();

  // A change the server would refuse: one message with its choices, the buffer as typed and unsaved.
  await find('dnsPolicy: ClusterFirst');
  await page.keyboard.press('End');
  await page.keyboard.press('Control+Shift+ArrowLeft');
  await page.keyboard.type('Default');
  await lines.getByText('dnsPolicy: Default').waitFor();
  await page.keyboard.press('Control+S');
  const refused = page.locator('.notification-toast', { hasText: 'Not sent: the server would refuse this change. spec.dnsPolicy' });
  await refused.waitFor({ timeout: 30_000 });
  for (const name of ['Show problems', 'Revert refused changes', 'Recreate pod']) await refused.getByRole('button', { name }).waitFor();
  await page.locator('.tabs-container .tab.dirty[data-resource-name="pod-test.yaml"]').first().waitFor({ timeout: 30_000 });
  assert.equal(await vsCodeSaveErrors(), 0, 'no VS Code save error next to podpatch\'s message');
  await lines.getByText('dnsPolicy: Default').waitFor();
  await ui.step('refused-one-message');
  await refused.getByRole('button', { name: 'Revert refused changes' }).click();
  await lines.getByText('dnsPolicy: ClusterFirst').waitFor({ timeout: 30_000 });
  await ui.step('refused-reverted');
}));
