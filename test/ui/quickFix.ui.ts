// A person's path through the quick fix: open pod-test from the podpatch view, change its
// restartPolicy, see the red squiggle and its hover, press Ctrl+. and pick "Revert", and see the
// line restored and the squiggle gone. A screenshot of each step in test-results/screenshots/quick-fix/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withUiSession } from '../harness/uiSession';

test('restartPolicy edit: red squiggle, Ctrl+. quick fix reverts it', () => withUiSession('quick-fix', async (ui) => {
  const { page } = ui;
  const lines = page.locator('.editor-instance .view-lines');
  /** Ctrl+F to `text` (the `nth` match after the cursor), closed again, the match selected. */
  const find = async (text: string, nth = 1) => {
    await lines.click();
    await page.keyboard.press('Control+F');
    await page.locator('.find-widget.visible').waitFor();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(text);
    for (let i = 1; i < nth; i++) await page.keyboard.press('Enter');
    // Escape first hides notification toasts when some are showing; press until the widget goes.
    const widget = page.locator('.find-widget.visible');
    for (let i = 0; i < 3 && (await widget.count()) > 0; i++) {
      await page.keyboard.press('Escape');
      await widget.waitFor({ state: 'detached', timeout: 2_000 }).catch(() => undefined);
    }
    await widget.waitFor({ state: 'detached' });
  };
  /**
   * Ctrl+. until the quick fix menu shows a row with `text`. VS Code 1.139 now and then drops
   * the first Ctrl+. here (seen in 3 of 4 runs): the key reaches the editor, the hover already
   * offered "Quick Fix...", and no menu opens, not even after 30 s; pressing again opens it, as
   * a person would. A menu without the row still fails.
   */
  const quickFixMenu = async (text: string) => {
    const row = page.locator('.action-widget .monaco-list-row', { hasText: text });
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('Control+.');
      try {
        await row.first().waitFor({ timeout: 10_000 });
        return;
      } catch (err) {
        if (attempt === 3) throw err;
        // A menu that opened without the row is a failure, not a dropped key.
        if ((await page.locator('.action-widget .monaco-list-row').count()) > 0) throw err;
      }
    }
  };
  await page.locator('.activitybar').waitFor();
  await page.locator('.activitybar .action-label[aria-label^="podpatch"]').click();
  const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /pods/i }) });
  const namespace = view.getByRole('treeitem', { name: /namespace-test/ });
  await namespace.waitFor({ timeout: 60_000 });
  if ((await namespace.getAttribute('aria-expanded')) !== 'true') await namespace.click();
  const pod = view.getByRole('treeitem', { name: /Pod pod-test,/ });
  await pod.waitFor({ timeout: 60_000 });
  await pod.click();
  await page.locator('.tabs-container .tab.active[data-resource-name="pod-test.yaml"]').waitFor({ timeout: 60_000 });
  await lines.getByText('name: pod-test').first().waitFor();
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
  await quickFixMenu('Revert `spec.restartPolicy` to `Always`');
  // The same menu offers recreating the pod. Looked for by row: VS Code 1.139 nests an empty
  // submenu panel, also an `.action-widget`, inside the menu.
  await page.locator('.action-widget .monaco-list-row', { hasText: 'Recreate pod with these changes' }).waitFor();
  await ui.step('quick-fix-menu');

  // The preferred fix is the focused row: Enter applies it, as a keyboard user would.
  await page.locator('.action-widget .monaco-list-row.focused', { hasText: 'Revert `spec.restartPolicy`' }).waitFor();
  await page.keyboard.press('Enter');
  await lines.getByText('restartPolicy: Always').waitFor();
  await page.locator('.editor-instance .squiggly-error').first().waitFor({ state: 'detached', timeout: 30_000 });
  assert.equal(await lines.getByText('restartPolicy: Never').count(), 0);
  await ui.step('reverted');

  // Then an allowed change goes out through the preview: live ↔ edited diff, the request, a modal.
  // The first match after the cursor (the search wraps) is metadata.name; the second is the label.
  await find('name: pod-test', 2);
  await page.keyboard.press('End');
  await page.keyboard.type('3');
  await lines.getByText('name: pod-test3').waitFor();
  await page.keyboard.press('F1');
  await page.keyboard.type('podpatch: Patch Pod from Editor');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Patch Pod from Editor' }).first().waitFor();
  await page.keyboard.press('Enter');
  const dialog = page.locator('.monaco-dialog-box', { hasText: 'Send this patch to pod namespace-test/pod-test?' });
  await dialog.waitFor({ timeout: 30_000 });
  await page.locator('.tabs-container .tab', { hasText: 'pod-test.podpatch-patch' }).waitFor();
  await ui.step('patch-preview');
  await dialog.getByRole('button', { name: 'Send' }).click();
  await page.locator('.notification-toast', { hasText: 'Patched pod namespace-test/pod-test' }).waitFor({ timeout: 30_000 });
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
  await quickFixMenu('Recreate pod with these changes');
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
