// A person resizing a running pod in place (issue 12): change the memory of a running nginx pod,
// press Ctrl+. and pick "Resize in place", send the resize from the preview, and watch the tree row
// and the lens above the container's resources follow the kubelet until done; then ask for more
// memory than the node has and see the node's Infeasible answer on the row, the lens, the
// resources line, the Problems panel and in one message. The sandbox's status steps are slowed so the progress stays
// on screen long enough to be seen. Screenshots in test-results/screenshots/resize-in-place/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { withUiSession } from '../harness/uiSession';
import { editorLines, findInEditor, openPodFromView, openQuickFixMenu } from './support/podEditor';

/** Both memory lines (limits, then requests) from `from` to `to`, typed as a person would. */
async function setMemory(page: Page, from: string, to: string): Promise<void> {
  for (let i = 0; i < 2; i++) {
    await findInEditor(page, `memory: ${from}`);
    await page.keyboard.press('End');
    await page.keyboard.press('Control+Shift+ArrowLeft');
    await page.keyboard.type(to);
  }
  await editorLines(page).getByText(`memory: ${to}`).nth(1).waitFor();
}

test('Resize in place: quick fix, preview, progress in the tree and the lens until done; Infeasible shown where it applies', () => withUiSession('resize-in-place', async (ui) => {
  const { page } = ui;
  const lines = editorLines(page);
  // A Guaranteed nginx pod, created as `kubectl apply` would and started by the sandbox's kubelet.
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', resources: { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '500m', memory: '256Mi' } } }] } };
  const created = await fetch(`${ui.sandbox.url}/api/v1/namespaces/namespace-test/pods`, { method: 'POST', body: JSON.stringify(pod), headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(10_000) });
  assert.equal(created.status, 201);
  await openPodFromView(page, 'web');
  await page.locator('.statusbar-item', { hasText: /k8s 1\.\d+/ }).first().waitFor({ timeout: 30_000 });
  const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /pods/i }) });
  const row = view.getByRole('treeitem', { name: /Pod web,/ });
  // Started: the row says Running, and the (clean) document has been read again at that version.
  await view.getByRole('treeitem', { name: /Pod web, Running, 1 of 1 ready/ }).waitFor({ timeout: 60_000 });
  const live = await fetch(`${ui.sandbox.url}/api/v1/namespaces/namespace-test/pods/web`, { signal: AbortSignal.timeout(10_000) }).then((r) => r.json()) as { metadata: { resourceVersion: string } };
  await lines.getByText(`resourceVersion: "${live.metadata.resourceVersion}"`).waitFor({ timeout: 30_000 });

  await setMemory(page, '256Mi', '512Mi');
  await page.locator('.editor-instance .squiggly-info').first().waitFor({ state: 'attached', timeout: 30_000 });
  await findInEditor(page, 'memory: 512Mi');
  await openQuickFixMenu(page, 'Resize in place (container nginx: memory)');
  await ui.step('quick-fix-menu');
  // Down to the row and Enter, as a keyboard user picks it (the first row is the preferred Revert).
  await page.keyboard.press('ArrowDown');
  await page.locator('.action-widget .monaco-list-row.focused', { hasText: 'Resize in place' }).waitFor();
  await page.keyboard.press('Enter');
  const ask = page.locator('.notification-toast', { hasText: 'Send this merge patch to pod namespace-test/web' });
  await ask.waitFor({ timeout: 30_000 });
  const request = await page.locator('.tabs-container .tab', { hasText: 'web.podpatch-patch' }).count();
  assert.equal(request, 1, 'the request is shown beside the diff');
  await ui.step('resize-preview');
  await page.locator('.editor-actions .action-label[aria-label="Send Patch"]').first().click();

  // The kubelet's progress: on the pod's row and above the container's resources.
  const lens = page.locator('.codelens-decoration', { hasText: 'Resize in progress' });
  await lens.first().waitFor({ timeout: 30_000 });
  await row.filter({ hasText: 'resizing' }).waitFor({ timeout: 30_000 });
  assert.match(await lens.first().innerText(), /Resize in progress · nginx: requests\.memory 512Mi \(allocated, running with 256Mi\), limits\.memory 512Mi \(running with 256Mi\)/);
  await ui.step('resize-in-progress');
  await page.locator('.statusbar-item', { hasText: 'Resize of pod namespace-test/web done' }).waitFor({ timeout: 30_000 });
  await page.locator('.codelens-decoration', { hasText: 'Resize' }).first().waitFor({ state: 'detached', timeout: 30_000 });
  assert.equal(await row.filter({ hasText: 'resiz' }).count(), 0);
  await ui.step('resize-done');

  // More than the node has: accepted by the API server, refused by the node.
  await setMemory(page, '512Mi', '64Gi');
  await page.keyboard.press('Control+S');
  await ask.waitFor({ timeout: 30_000 });
  await page.locator('.editor-actions .action-label[aria-label="Send Patch"]').first().click();
  await page.locator('.notification-toast', { hasText: 'was refused by the node (Infeasible)' }).waitFor({ timeout: 30_000 });
  await page.locator('.codelens-decoration', { hasText: 'Resize refused by the node (Infeasible)' }).first().waitFor({ timeout: 30_000 });
  await row.filter({ hasText: 'resize Infeasible' }).waitFor({ timeout: 30_000 });
  await page.locator('.editor-instance .squiggly-error').first().waitFor({ state: 'attached', timeout: 30_000 });
  // The Problems panel lists it with the node's words.
  await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel-container .monaco-list-row', { hasText: "Resize of namespace-test/web was refused by the node (Infeasible): Node didn't have enough capacity" }).first().waitFor({ timeout: 30_000 });
  await ui.step('resize-infeasible');
}, { sandboxArgs: ['--status-delay', '3000'] }));
