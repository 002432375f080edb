// Container logs, Describe Pod and the tree's warning tooltip inside the real extension host,
// against the harness's sandbox: a running pod's log streams into a read-only editor that keeps
// to the end, Stop Following and closing the tab end the stream (the sandbox sees the request cut
// off), a pod whose image cannot be pulled shows the kubelet's answer, pod-test's document says why
// nothing follows, Describe Pod shows pod-test's Failed and BackOff events and follows a change.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Pod } from '../../../src/core/pod';
import type { PodpatchApi } from '../../../src/vscode/api';
import { activatePodpatch, closeAllEditors, when } from '../support/extensionHost';

const sandboxUrl = process.env.PODPATCH_SANDBOX_URL!;
const context = 'podpatch-sandbox';
const podTest = { context, namespace: 'namespace-test', name: 'pod-test' };
/** Pods this suite creates live in `default`, so the other suites' counts of namespace-test hold. */
const ns = 'default';

async function admin(pathname: string): Promise<Record<string, unknown> | undefined> {
  const res = await fetch(`${sandboxUrl}/_podpatch/${pathname}`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(10_000) });
  assert.ok(res.ok, `admin ${pathname}: ${res.status}`);
  return (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined;
}

type Recorded = { method: string; path: string; query?: string; status: number; aborted?: true };
async function recordedRequests(): Promise<Recorded[]> {
  const res = await fetch(`${sandboxUrl}/_podpatch/requests`, { signal: AbortSignal.timeout(10_000) });
  return (await res.json()) as Recorded[];
}

async function createPod(api: PodpatchApi, name: string, image: string): Promise<void> {
  await api.clusters.getClient(context).createPod(ns, { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'app', image }] } }, { signal: AbortSignal.timeout(10_000) });
}

/** Watches the pod until `ok` holds for it (the simulator's steps are what the test waits for). */
async function waitForPod(api: PodpatchApi, name: string, ok: (pod: Pod) => boolean): Promise<Pod> {
  const client = api.clusters.getClient(context);
  const signal = AbortSignal.timeout(30_000);
  const first = await client.getPod(ns, name, { signal });
  if (ok(first)) return first;
  for await (const batch of client.watchPods(ns, { fieldSelector: `metadata.name=${name}`, resourceVersion: first.metadata?.resourceVersion, signal })) {
    for (const e of batch) if (e.type !== 'DELETED' && ok(e.object)) return e.object;
  }
  throw new Error(`pod ${name} never reached the awaited state`);
}

const appState = (pod: Pod) => ((pod.status as { containerStatuses?: { state?: Record<string, { reason?: string }> }[] } | undefined)?.containerStatuses?.[0]?.state ?? {});

function documentOf(uri: vscode.Uri): vscode.TextDocument {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  assert.ok(doc, `no open document ${uri.toString()}`);
  return doc;
}

function textWhen(doc: vscode.TextDocument, ok: (text: string) => boolean, what: string, timeoutMs = 20_000): Promise<string> {
  return when(vscode.workspace.onDidChangeTextDocument, () => (ok(doc.getText()) ? doc.getText() : undefined), what, timeoutMs);
}

async function showLogs(arg: unknown, args?: Record<string, unknown>): Promise<vscode.TextDocument> {
  const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('podpatch.showContainerLogs', arg, args);
  assert.ok(uri, 'Show Container Logs opened no document');
  assert.equal(uri.scheme, 'podpatch-logs');
  return documentOf(uri);
}

suite('container logs and describe', () => {
  suiteSetup(async () => {
    await activatePodpatch();
    await closeAllEditors();
  });
  teardown(closeAllEditors);
  suiteTeardown(async () => {
    await closeAllEditors();
    await admin('reset'); // the pods created here go
  });

  test('Show Container Logs follows a running pod: lines arrive, the editor stays at the end, Stop Following says so on the last line', async () => {
    const api = await activatePodpatch();
    await createPod(api, 'logs-web', 'registry.example/web:1.0');
    await waitForPod(api, 'logs-web', (p) => !!appState(p).running);
    const doc = await showLogs({ context, namespace: ns, name: 'logs-web' });
    assert.equal(doc.uri.path.split('/').pop(), 'logs-web · app.log', 'the tab title');
    assert.equal(doc.languageId, 'podpatch-log');
    assert.equal(api.observe.logs.session(doc.uri)?.options.follow, true, 'follow is on by default');
    await textWhen(doc, (t) => /msg="starting app" image=registry\.example\/web:1\.0/.test(t), 'the start-up lines');
    const before = doc.lineCount;
    await textWhen(doc, () => doc.lineCount > before, 'a line written after the stream opened');
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), doc.uri.toString());
    await when(vscode.window.onDidChangeTextEditorSelection, () => (editor!.selection.active.line === doc.lineCount - 1 ? true : undefined), 'the cursor to follow the last line');
    const grown = doc.lineCount;
    await textWhen(doc, () => doc.lineCount > grown, 'one more line');
    await when(vscode.window.onDidChangeTextEditorVisibleRanges, () => (editor!.visibleRanges.some((r) => r.end.line >= doc.lineCount - 2) ? true : undefined), 'the editor to scroll to the new last line');
    assert.ok(await vscode.commands.executeCommand('podpatch.stopFollowingLogs'), 'Stop Following found no stream');
    await textWhen(doc, (t) => t.endsWith('[podpatch] Stopped following.\n'), 'the end line');
    assert.equal(api.observe.logs.session(doc.uri)?.state, 'ended');
  });

  test('closing the log tab ends the stream: the sandbox sees the follow request cut off', async () => {
    const api = await activatePodpatch();
    await waitForPod(api, 'logs-web', (p) => !!appState(p).running);
    const doc = await showLogs({ context, namespace: ns, name: 'logs-web' }, { tailLines: 1 });
    const session = api.observe.logs.session(doc.uri);
    assert.ok(session);
    await textWhen(doc, (t) => t.length > 0, 'the last line of the log');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await session.done;
    assert.equal(api.observe.logs.session(doc.uri), undefined, 'the session outlived its tab');
    const logPath = `/api/v1/namespaces/${ns}/pods/logs-web/log`;
    // The server records a request when its connection closes, a moment after the client cut it.
    let cut: Recorded | undefined;
    for (let attempt = 0; attempt < 20 && !cut; attempt++) {
      cut = (await recordedRequests()).find((r) => r.path === logPath && /(^|&)tailLines=1(&|$)/.test(r.query ?? '') && /follow=true/.test(r.query ?? ''));
    }
    assert.ok(cut, 'the sandbox never saw the follow request end');
    assert.equal(cut.aborted, true, 'the follow request ended by itself rather than being cut off');
  });

  test("a pod whose image cannot be pulled: the document shows the kubelet's answer and the runtime's reason", async () => {
    const api = await activatePodpatch();
    await createPod(api, 'logs-pull', 'registry.example/app:does-not-exist');
    await waitForPod(api, 'logs-pull', (p) => appState(p).waiting?.reason === 'ErrImagePull');
    const doc = await showLogs({ context, namespace: ns, name: 'logs-pull' });
    const text = await textWhen(doc, (t) => t.includes('[podpatch]'), 'the error line');
    assert.match(text, /^\[podpatch\] Cannot read the logs of default\/logs-pull container app: container "app" in pod "logs-pull" is waiting to start: image can't be pulled\. Container "app" is waiting \(ErrImagePull\): .*not found\.\n$/);
  });

  test("pod-test: its last run's lines, then why nothing follows (ErrImagePull)", async () => {
    const doc = await showLogs(podTest);
    const text = await textWhen(doc, (t) => t.includes('[podpatch]'), 'the end line');
    assert.match(text, /Redis is now ready to exit, bye bye\.\.\.\n\[podpatch\] Not following: container "test" is waiting \(ErrImagePull\): rpc error: .*\. The lines above are from its last run\.\n$/);
  });

  test('Describe Pod: pod-test as kubectl describe prints it, Failed and BackOff events included, following a change; closing ends its watches', async () => {
    const api = await activatePodpatch();
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('podpatch.describePod', podTest);
    assert.ok(uri);
    const doc = documentOf(uri);
    const text = await textWhen(doc, (t) => t.includes('\nEvents:'), 'the description');
    assert.match(text, /^Name: +pod-test\nNamespace: +namespace-test\n/);
    assert.match(text, /^Status: +Running$/m);
    assert.match(text, /^Containers:\n  test:\n/m);
    assert.match(text, /^ {4}State: +Waiting\n {6}Reason: +ErrImagePull$/m);
    assert.match(text, /^ {2}Type +Reason +Age +From +Message$/m);
    assert.match(text, /^ {2}Warning +Failed +\S+( \(x\d+ over \S+\))? +kubelet +spec\.containers\{test\}: Failed to pull image "redis:latest": /m);
    assert.match(text, /^ {2}Normal +BackOff +\S+( \(x\d+ over \S+\))? +kubelet +spec\.containers\{test\}: Back-off pulling image "redis:latest"$/m);
    await admin('pods/namespace-test/pod-test/touch');
    await textWhen(doc, (t) => t.includes('sandbox.podpatch.dev/touched: '), 'the touched annotation in the description');
    assert.ok(api.observe.describe.session(uri));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    assert.equal(api.observe.describe.session(uri), undefined, 'the describe feed outlived its tab');
  });

  test("the tree tooltip of pod-test shows its latest warning's cause, fetched on hover", async () => {
    const api = await activatePodpatch();
    await api.clusters.whenSynced(context);
    await when(api.tree.onDidChangeTreeData, () => api.tree.model(context)?.get('namespace-test', 'pod-test'), 'pod-test in the tree model');
    const node = api.tree.podNode(context, 'namespace-test', 'pod-test');
    const item = api.tree.getTreeItem(node);
    assert.equal(item.tooltip, undefined, 'nothing is fetched for a row until its tooltip is resolved');
    const tooltip = ((await api.tree.resolveTreeItem(item, node, new vscode.CancellationTokenSource().token)).tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /\$\(warning\) \*\*Failed\*\* \([^)]*ago[^)]*\): Failed to pull image "redis:latest": rpc error/);
    // Asked for by uid too, as kubectl describe asks: a recreated pod of the same name has its own events.
    const uid = api.tree.model(context)!.get('namespace-test', 'pod-test')!.uid;
    const asked = (await recordedRequests()).filter((r) => r.path === '/api/v1/namespaces/namespace-test/events').map((r) => new URLSearchParams(r.query ?? '').get('fieldSelector') ?? '');
    assert.ok(asked.some((selector) => selector.split(',').includes(`involvedObject.uid=${uid}`)), `the events were asked for with the pod's uid: ${asked.join(' | ')}`);
  });

  test('"podpatch: Show Output" is the old Show Logs (podpatch\'s own log); Show Logs is gone', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('podpatch.showOutput'));
    assert.ok(!commands.includes('podpatch.showLogs'));
    assert.ok(commands.includes('podpatch.showContainerLogs') && commands.includes('podpatch.describePod'));
    await vscode.commands.executeCommand('podpatch.showOutput');
  });
});
