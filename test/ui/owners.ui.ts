// A person's path from a Deployment's pod to the Deployment: open a pod of `web` from the podpatch
// view, read the CodeLens at the top (who manages the pod), click "Edit Deployment web's pod
// template", change spec.selector and see it flagged on its line, undo, change the image, save and
// Send, see the document follow a change someone else makes, then group the tree by owner and
// watch the new pods arrive under web. Screenshots in
// test-results/screenshots/owners/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withUiSession } from '../harness/uiSession';
import { editorLines, findInEditor } from './support/podEditor';

type Pod = { metadata: { name: string; deletionTimestamp?: string } };

test("a Deployment's pod: CodeLens to the Deployment, selector flagged, image saved, new pods in the grouped tree", () => withUiSession('owners', async (ui) => {
  const { page } = ui;
  const lines = editorLines(page);
  const api = async <T>(p: string): Promise<T> => (await fetch(`${ui.sandbox.url}${p}`, { signal: AbortSignal.timeout(10_000) })).json() as Promise<T>;
  await page.locator('.activitybar').waitFor();
  await page.locator('.activitybar .action-label[aria-label^="podpatch"]').click();
  const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /pods/i }) });
  const namespace = view.getByRole('treeitem', { name: /^default/ });
  await namespace.waitFor({ timeout: 60_000 });
  if ((await namespace.getAttribute('aria-expanded')) !== 'true') await namespace.click();
  const webRows = view.getByRole('treeitem', { name: /^Pod web-.*, Running, 1 of 1 ready/ });
  await webRows.nth(1).waitFor({ timeout: 60_000 });
  const oldPods = (await api<{ items: Pod[] }>('/api/v1/namespaces/default/pods?labelSelector=app%3Dweb')).items.map((p) => p.metadata.name);
  assert.equal(oldPods.length, 2);
  // The row names the Deployment (not the ReplicaSet) once the chain is read.
  await view.getByRole('treeitem', { name: `Pod ${oldPods[0]},` }).filter({ hasText: 'deploy/web' }).waitFor({ timeout: 30_000 });

  const firstRow = view.getByRole('treeitem', { name: new RegExp(`^Pod ${oldPods[0]},`) });
  // The row is too narrow for the owner at the default sidebar width: the tooltip names the chain.
  await firstRow.hover();
  await page.locator('.workbench-hover, .monaco-hover').filter({ hasText: 'Managed by Deployment web → ReplicaSet web-' }).first().waitFor({ timeout: 15_000 });
  await ui.step('tree-pod-owner-tooltip');
  const podTab = page.locator(`.tabs-container .tab.active[data-resource-name="${oldPods[0]}.yaml"]`);
  await firstRow.click();
  if (!(await podTab.waitFor({ timeout: 15_000 }).then(() => true, () => false))) await firstRow.click();
  await podTab.waitFor({ timeout: 60_000 });
  const lens = page.locator('.codelens-decoration');
  await lens.filter({ hasText: 'Managed by Deployment web: changes here last until the pod is replaced' }).waitFor({ timeout: 30_000 });
  await ui.step('pod-codelens');

  await lens.locator('a', { hasText: "Edit Deployment web's pod template" }).click();
  await page.locator('.tabs-container .tab.active[data-resource-name="web.yaml"]').waitFor({ timeout: 60_000 });
  await lines.getByText(/Saving\s+patches\s+the\s+Deployment/).waitFor();

  // spec.selector: the label under matchLabels, changed as a person would.
  await findInEditor(page, 'matchLabels:');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.type('2');
  await lines.getByText('app: web2').waitFor();
  await page.locator('.editor-instance .squiggly-error').first().waitFor({ state: 'attached', timeout: 30_000 });
  await lines.getByText('web2', { exact: true }).hover();
  await page.locator('.monaco-hover-content', { hasText: 'field is immutable' }).first().waitFor({ timeout: 30_000 });
  await ui.step('owner-selector-flagged');

  await page.keyboard.press('Control+Z');
  await page.locator('.editor-instance .squiggly-error').first().waitFor({ state: 'detached', timeout: 30_000 });
  await findInEditor(page, 'image: nginx:1.27');
  await page.keyboard.press('End');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('8');
  await lines.getByText('image: nginx:1.28').waitFor();
  await page.keyboard.press('Control+S');
  // The preview names the Deployment's own URL; Send.
  await page.locator('.notification-toast', { hasText: 'Send this merge patch to Deployment default/web in context podpatch-sandbox?' }).waitFor({ timeout: 30_000 });
  await page.locator('.editor-instance .view-lines').getByText('/apis/apps/v1/namespaces/default/deployments/web').first().waitFor({ timeout: 30_000 });
  await ui.step('owner-patch-preview');
  await page.locator('.editor-actions .action-label[aria-label="Send Patch"]').first().click();
  await page.locator('.statusbar-item', { hasText: 'Patched Deployment default/web' }).waitFor({ timeout: 30_000 });

  // Someone else labels the Deployment: the clean document follows it (its own watch), unasked.
  const labelled = await fetch(`${ui.sandbox.url}/apis/apps/v1/namespaces/default/deployments/web`, {
    method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' },
    body: JSON.stringify({ metadata: { labels: { 'changed-by': 'someone-else' } } }), signal: AbortSignal.timeout(10_000),
  });
  assert.equal(labelled.status, 200);
  await lines.click();
  await page.keyboard.press('Control+Home');
  await lines.getByText('changed-by: someone-else').waitFor({ timeout: 30_000 });
  await ui.step('owner-document-follows');

  // Group Pods by Owner from the view's title bar: the new pods arrive under web, the old ones go.
  // A view alone in its container shows its title actions in the side bar's title.
  await view.hover();
  await page.locator('.sidebar .title-actions .action-label[aria-label="Group Pods by Owner"]').click();
  const owner = view.getByRole('treeitem', { name: /^Deployment web, / });
  await owner.waitFor({ timeout: 30_000 });
  for (const name of oldPods) await view.getByRole('treeitem', { name: new RegExp(`^Pod ${name},`) }).waitFor({ state: 'detached', timeout: 60_000 });
  await view.getByRole('treeitem', { name: /^Pod web-.*, Running, 1 of 1 ready/ }).nth(1).waitFor({ timeout: 60_000 });
  await view.getByRole('treeitem', { name: 'Deployment web, 2 pods' }).waitFor({ timeout: 30_000 });
  await page.mouse.move(700, 500); // off the title bar button, whose tooltip would cover the tree
  await page.locator('.monaco-hover, .workbench-hover').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  await ui.step('tree-new-pods-grouped');
  const pods = (await api<{ items: (Pod & { spec: { containers: { image: string }[] } })[] }>('/api/v1/namespaces/default/pods?labelSelector=app%3Dweb')).items.filter((p) => !p.metadata.deletionTimestamp);
  assert.deepEqual(pods.map((p) => p.spec.containers[0].image), ['nginx:1.28', 'nginx:1.28']);
}, { sandboxArgs: ['--seed-workloads'] }));
