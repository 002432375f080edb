// A person's path through the pod tree: click the podpatch icon in the activity bar, find
// pod-test under the sandbox context and namespace-test, open it, see its YAML in an editor, and
// delete it from the tree's context menu.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withUiSession } from '../harness/uiSession';

test('the podpatch view lists pod-test and opens it as YAML', () => withUiSession('pod-tree', async (ui) => {
  const { page } = ui;
  await page.locator('.activitybar').waitFor();
  await page.locator('.activitybar .action-label[aria-label^="podpatch"]').click();

  const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /pods/i }) });
  const context = view.getByRole('treeitem', { name: /podpatch-sandbox/ });
  await context.waitFor({ timeout: 60_000 });
  const namespace = view.getByRole('treeitem', { name: /namespace-test/ });
  await namespace.waitFor({ timeout: 60_000 });
  if ((await namespace.getAttribute('aria-expanded')) !== 'true') await namespace.click();
  const pod = view.getByRole('treeitem', { name: /Pod pod-test,/ });
  await pod.waitFor({ timeout: 60_000 });
  // Status, readiness, restarts and age are in the row's description.
  assert.match(await pod.innerText(), /pod-test[\s\S]*\d+\/1 · \d+ restarts? · /);
  await ui.step('tree-pod-test');
  // Hovering the row shows node, IP and images (the tooltip is resolved on hover).
  await pod.hover();
  const hover = page.locator('.workbench-hover, .monaco-hover').filter({ hasText: 'Images' }).first();
  await hover.waitFor({ timeout: 15_000 });
  assert.match(await hover.innerText(), /redis:latest/);
  await ui.step('tree-pod-test-tooltip');

  await pod.click();
  const tab = page.locator('.tabs-container .tab.active');
  await page.locator('.tabs-container .tab.active[data-resource-name="pod-test.yaml"]').waitFor({ timeout: 60_000 });
  assert.equal(await tab.getAttribute('data-resource-name'), 'pod-test.yaml');
  await page.locator('.editor-instance .view-lines').getByText('name: pod-test').first().waitFor();
  await page.locator('.editor-instance .view-lines').getByText(/Saving\s+patches\s+the\s+live\s+pod/).waitFor();
  await ui.step('pod-test-open');

  // The status bar names the context and says the buffer matches the live pod.
  const status = page.locator('.statusbar-item', { hasText: 'podpatch-sandbox' });
  await status.waitFor();
  assert.match(await status.innerText(), /same as live/);

  // Delete Pod from the row's context menu: a modal says what is lost; the row goes once the
  // watch reports the deletion.
  // The menu item is chosen with the keyboard once it is highlighted: in the full suite on a quiet
  // machine a mouse click on it was taken as highlighting only (the menu stayed open, no command
  // ran, every time), while Enter on the highlighted item runs it, as it does for a person.
  const dialog = page.locator('.monaco-dialog-box');
  const deleteItem = page.locator('.context-view .action-item', { hasText: 'Delete Pod' });
  await pod.click({ button: 'right' });
  await deleteItem.hover();
  await page.locator('.context-view .action-item.focused', { hasText: 'Delete Pod' }).waitFor();
  await page.keyboard.press('Enter');
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /Delete pod namespace-test\/pod-test from podpatch-sandbox\?[\s\S]*will not come back/);
  await ui.step('delete-pod-confirm');
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await pod.waitFor({ state: 'detached', timeout: 60_000 });
  await view.getByRole('treeitem', { name: /No pods/ }).waitFor();
  // The open document is told too: the status bar says its pod is gone.
  await page.locator('.statusbar-item', { hasText: 'pod deleted' }).waitFor();
  await ui.step('pod-deleted');
}));
