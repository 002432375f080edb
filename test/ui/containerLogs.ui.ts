// A Kubernetes user's look at a pod that does not start and one that runs (issue 14): hover
// pod-test in the podpatch view and read its latest warning (the image pull failure), open its
// container logs from the row's menu and read why nothing follows, stream a running pod's log and
// stop it from the title bar, then Describe Pod with its Events table. Screenshots in
// test-results/screenshots/container-logs/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { withUiSession } from '../harness/uiSession';
import { editorLines, podRowInView } from './support/podEditor';

/** The hover fades in: the screenshot waits for it to be opaque. */
const hoverSettled = (page: Page) => page.waitForFunction('[...document.querySelectorAll(".workbench-hover, .monaco-hover")].some((e) => getComputedStyle(e).opacity === "1")', undefined, { timeout: 10_000 });

/**
 * Runs a command from a tree row's context menu. As in podTree.ui.ts: the item is chosen with Enter
 * once highlighted (a click was seen to only highlight it), and the menu is opened again when a
 * watch re-render swallowed it.
 */
async function rowMenu(page: Page, row: Locator, command: string): Promise<void> {
  const item = page.locator('.context-view .action-item', { hasText: command });
  for (let attempt = 0; ; attempt++) {
    await row.click({ button: 'right' });
    if (await item.first().waitFor({ timeout: 5_000 }).then(() => true, () => false)) break;
    if (attempt === 2) throw new Error(`the context menu never showed "${command}"`);
    await page.keyboard.press('Escape');
  }
  await item.first().hover();
  await page.locator('.context-view .action-item.focused', { hasText: command }).waitFor();
  await page.keyboard.press('Enter');
}

test("pod-test's pull failure in the tooltip and its log; a running pod's log streams and stops; Describe Pod shows the events", () => withUiSession('container-logs', async (ui) => {
  const { page } = ui;
  // (The editor draws spaces as no-break spaces: text regexes say \s+.)
  // A second pod in namespace-test that runs and writes a line every 500 ms.
  const created = await fetch(`${ui.sandbox.url}/api/v1/namespaces/namespace-test/pods`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(10_000),
    body: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1' }, spec: { containers: [{ name: 'web', image: 'registry.example/web:1.0' }] } }),
  });
  assert.equal(created.status, 201);

  const podTest = await podRowInView(page, 'pod-test');

  // 1. The tooltip ends with the latest warning: the cause of the pull failure.
  await podTest.hover();
  const hover = page.locator('.workbench-hover, .monaco-hover').filter({ hasText: 'Failed to pull image' }).first();
  await hover.waitFor({ timeout: 20_000 });
  assert.match(await hover.innerText(), /Failed \([^)]*ago[^)]*\): Failed to pull image "redis:latest": rpc error/);
  await hoverSettled(page);
  await ui.step('tooltip-pull-failure');
  await page.mouse.move(900, 500);

  // 2. pod-test's logs from the row's menu: its last run's lines, then why nothing follows.
  await rowMenu(page, podTest, 'Show Container Logs');
  await page.locator('.tabs-container .tab.active[data-resource-name="pod-test · test.log"]').waitFor({ timeout: 30_000 });
  await editorLines(page).getByText(/Not\s+following:\s+container\s+"test"\s+is\s+waiting\s+\(ErrImagePull\)/).waitFor({ timeout: 30_000 });
  await ui.step('pod-test-logs-not-following');

  // 3. The running pod's log streams; the cursor stays at the end; Stop Following ends it.
  const web = page.getByRole('treeitem', { name: /Pod web-1, Running/ });
  await web.waitFor({ timeout: 60_000 });
  await rowMenu(page, web, 'Show Container Logs');
  await page.locator('.tabs-container .tab.active[data-resource-name="web-1 · web.log"]').waitFor({ timeout: 30_000 });
  const healthz = editorLines(page).getByText('msg="GET /healthz"');
  await healthz.first().waitFor({ timeout: 30_000 });
  // A line written seconds later shows up at the bottom: the editor follows the stream.
  const shown = await page.locator('.editor-instance .view-lines .view-line', { hasText: 'uptime=' }).allInnerTexts();
  const uptime = Math.max(...shown.map((t) => Number(/uptime=(\d+)s/.exec(t)?.[1] ?? NaN)).filter((n) => Number.isFinite(n)));
  assert.ok(Number.isFinite(uptime), `no uptime in the lines shown: ${shown.join(' | ')}`);
  await editorLines(page).getByText(`uptime=${uptime + 2}s`).waitFor({ timeout: 30_000 });
  const stop = page.locator('.editor-actions .action-label[aria-label^="Stop Following Logs"]');
  await stop.waitFor({ timeout: 10_000 });
  await ui.step('running-pod-logs-following');
  await stop.click();
  await editorLines(page).getByText('[podpatch] Stopped following.').waitFor({ timeout: 15_000 });
  await page.locator('.editor-actions .action-label[aria-label^="Reload Container Logs"]').waitFor({ timeout: 10_000 });
  await ui.step('running-pod-logs-stopped');

  // 4. Describe Pod: kubectl describe's text, the Events table at its end.
  await rowMenu(page, podTest, 'Describe Pod');
  await page.locator('.tabs-container .tab.active[data-resource-name="pod-test.describe"]').waitFor({ timeout: 30_000 });
  await editorLines(page).getByText(/^Name:\s+pod-test/).waitFor({ timeout: 30_000 });
  await editorLines(page).click();
  await page.keyboard.press('Control+End');
  await editorLines(page).getByText(/Back-off\s+pulling\s+image\s+"redis:latest"/).waitFor({ timeout: 15_000 });
  await ui.step('describe-pod-test-events');
}, { sandboxArgs: ['--log-interval', '500'] }));
