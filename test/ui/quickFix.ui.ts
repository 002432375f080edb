// A person's path through the quick fix: open pod-test from the podpatch view, change its
// restartPolicy, see the red squiggle and its hover, press Ctrl+. and pick "Revert", and see the
// line restored and the squiggle gone. A screenshot of each step in test-results/screenshots/quick-fix/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withUiSession } from '../harness/uiSession';
import { editorLines, findInEditor, openPodTestFromView, openQuickFixMenu } from './support/podEditor';

test('restartPolicy edit: red squiggle, Ctrl+. quick fix reverts it', () => withUiSession('quick-fix', async (ui) => {
  const { page } = ui;
  const lines = editorLines(page);
  const find = (text: string, nth = 1) => findInEditor(page, text, nth);
  await openPodTestFromView(page);
  await ui.step('pod-open');

  // Find the line, then select the value the way a person would: End, then Ctrl+Shift+Left.
  await find('restartPolicy: Always');
  await page.keyboard.press('End');
  await page.keyboard.press('Control+Shift+ArrowLeft');
  await page.keyboard.type('Never');
  await lines.getByText('restartPolicy: Never').waitFor();
  const squiggle = page.locator('.editor-instance .squiggly-error');
  await squiggle.first().waitFor({ state: 'attached', timeout: 30_000 });
  await ui.step('red-squiggle');

  // Hovering the squiggled value shows upstream's message.
  await lines.getByText('Never', { exact: true }).hover();
  const hover = page.locator('.monaco-hover-content', { hasText: 'spec.restartPolicy: Forbidden' });
  await hover.first().waitFor({ timeout: 30_000 });
  await ui.step('hover-message');

  await page.keyboard.press('ArrowLeft');
  await openQuickFixMenu(page, 'Revert spec.restartPolicy to "Always"');
  // The same menu offers recreating the pod. Looked for by row: VS Code 1.139 nests an empty
  // submenu panel, also an `.action-widget`, inside the menu.
  await page.locator('.action-widget .monaco-list-row', { hasText: 'Recreate pod with these changes' }).waitFor();
  await ui.step('quick-fix-menu');

  // The preferred fix is the focused row: Enter applies it, as a keyboard user would.
  await page.locator('.action-widget .monaco-list-row.focused', { hasText: 'Revert spec.restartPolicy' }).waitFor();
  await page.keyboard.press('Enter');
  await lines.getByText('restartPolicy: Always').waitFor();
  await page.locator('.editor-instance .squiggly-error').first().waitFor({ state: 'detached', timeout: 30_000 });
  assert.equal(await lines.getByText('restartPolicy: Never').count(), 0);
  await ui.step('reverted');

  // Then an allowed change goes out through the preview: live ↔ after-patch diff with Send / Cancel
  // in its title bar, the request beside it, and a notification (not a modal over the preview).
  // The first match after the cursor (the search wraps) is metadata.name; the second is the label.
  await find('name: pod-test', 2);
  await page.keyboard.press('End');
  await page.keyboard.type('3');
  await lines.getByText('name: pod-test3').waitFor();
  await page.keyboard.press('F1');
  await page.keyboard.type('podpatch: Patch Pod from Editor');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Patch Pod from Editor' }).first().waitFor();
  await page.keyboard.press('Enter');
  const ask = page.locator('.notification-toast', { hasText: 'Send this merge patch to pod namespace-test/pod-test in context podpatch-sandbox?' });  // non-modal
  await ask.waitFor({ timeout: 30_000 });
  await page.locator('.tabs-container .tab', { hasText: 'pod-test.podpatch-patch' }).waitFor();
  await page.locator('.tabs-container .tab', { hasText: 'live ↔ after patch' }).waitFor();
  assert.equal(await page.locator('.monaco-dialog-box').count(), 0, 'no modal over the preview');
  await ui.step('patch-preview');
  await page.locator('.editor-actions .action-label[aria-label="Send Patch"]').first().click();
  await page.locator('.statusbar-item', { hasText: 'Patched pod namespace-test/pod-test' }).waitFor({ timeout: 30_000 });
  await ui.step('patched');
  const live = await fetch(`${ui.sandbox.url}/api/v1/namespaces/namespace-test/pods/pod-test`, { signal: AbortSignal.timeout(10_000) }).then((r) => r.json()) as { metadata: { name: string; labels: Record<string, string> } };
  assert.equal(live.metadata.labels.name, 'pod-test3');
  assert.equal(live.metadata.name, 'pod-test');

  // A change no patch can carry: the other quick fix recreates the pod, after saying what is lost.
  await find('restartPolicy: Always');
  await page.keyboard.press('End');
  await page.keyboard.press('Control+Shift+ArrowLeft');
  await page.keyboard.type('Never');
  await page.locator('.editor-instance .squiggly-error').first().waitFor({ state: 'attached', timeout: 30_000 });
  await page.keyboard.press('ArrowLeft');
  await openQuickFixMenu(page, 'Recreate pod with these changes');
  await page.keyboard.press('ArrowDown');
  await page.locator('.action-widget .monaco-list-row.focused', { hasText: 'Recreate pod with these changes' }).waitFor();
  await page.keyboard.press('Enter');
  const recreate = page.locator('.monaco-dialog-box', { hasText: 'Delete pod namespace-test/pod-test and create it again' });
  await recreate.waitFor({ timeout: 30_000 });
  assert.match(await recreate.innerText(), /its IP address[\s\S]*its restart count/);
  await ui.step('recreate-confirm');
  await recreate.getByRole('button', { name: 'Delete and Recreate' }).click();
  await page.locator('.notification-toast', { hasText: 'Recreated pod namespace-test/pod-test' }).waitFor({ timeout: 60_000 });
  await ui.step('recreated');
  await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel-container').waitFor();
  // The document now is the recreated pod: no problem left (the status simulator may move its status on).
  await page.locator('.markers-panel-container .monaco-list-row').first().waitFor({ state: 'detached', timeout: 30_000 });
  await ui.step('problems-after-recreate');
  const recreated = await fetch(`${ui.sandbox.url}/api/v1/namespaces/namespace-test/pods/pod-test`, { signal: AbortSignal.timeout(10_000) }).then((r) => r.json()) as { metadata: { uid: string; labels: Record<string, string> }; spec: { restartPolicy: string } };
  assert.equal(recreated.spec.restartPolicy, 'Never');
  assert.equal(recreated.metadata.labels.name, 'pod-test3');
  assert.notEqual(recreated.metadata.uid, (live as unknown as { metadata: { uid: string } }).metadata.uid);
}));
