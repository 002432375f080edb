// Owners inside the real extension host, against the harness's sandbox: a Deployment web's pod
// opened, its CodeLens read and run, the Deployment's document with a spec.selector change flagged
// on its line, reverted, an image change saved (a merge patch to apps/v1), and the controller's new
// pods arriving in the tree model, grouped under the Deployment by Group Pods by Owner; and the
// Deployment's document following the Deployment through its own watch (clean: shown; dirty: stale,
// edits kept, Rebase lays them over the change; deleted: marked so; created again: news).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { isNewer } from '../../../src/core/cluster/resourceVersion';
import type { PodpatchApi } from '../../../src/vscode/api';
import type { TreeNode } from '../../../src/vscode/tree/podTreeProvider';
import { podStatusText } from '../../../src/vscode/tree/podRow';
import { activatePodpatch, closeAllEditors, diagnosticsWhen, replaceText, when } from '../support/extensionHost';

const sandboxUrl = process.env.PODPATCH_SANDBOX_URL!;
const context = 'podpatch-sandbox';

const deployment = {
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
};

async function call(method: string, pathname: string, body?: unknown): Promise<Response> {
  return fetch(`${sandboxUrl}${pathname}`, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(10_000) });
}

/** A merge patch of the Deployment web behind the editor's back, as another client would send it. */
async function patchWebBehind(patch: unknown): Promise<string> {
  const res = await fetch(`${sandboxUrl}/apis/apps/v1/namespaces/default/deployments/web`, { method: 'PATCH', body: JSON.stringify(patch), headers: { 'content-type': 'application/merge-patch+json' }, signal: AbortSignal.timeout(10_000) });
  const body = await res.text();
  assert.equal(res.status, 200, body);
  return (JSON.parse(body) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
}

/**
 * Types into a document the watch may be reading again (a clean workload document follows its
 * object): an edit that lands while VS Code reloads it is refused, so it is made again once the
 * reload is in, as a person would type again.
 */
/**
 * Until the clean document shows the live Deployment web's resourceVersion (or a later one), twice
 * in a row: a rollout's status updates go on after its pods run, and typing while one is being read
 * in makes VS Code call the next save "File Modified Since".
 */
async function caughtUp(doc: vscode.TextDocument): Promise<void> {
  const live = async () => ((await (await call('GET', '/apis/apps/v1/namespaces/default/deployments/web')).json()) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
  const shown = () => /^ {2}resourceVersion: "?(\d+)"?$/m.exec(doc.getText())?.[1] ?? '';
  for (let attempt = 0; attempt < 10; attempt++) {
    const rv = await live();
    await when(vscode.workspace.onDidChangeTextDocument, () => (!doc.isDirty && !isNewer(rv, shown())) || undefined, `the document to show resourceVersion ${rv}`);
    if ((await live()) === rv) return;
  }
  assert.fail('Deployment web kept changing');
}

async function typeWhileFollowed(doc: vscode.TextDocument, from: RegExp, to: string): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const version = doc.version;
    const m = from.exec(doc.getText());
    assert.ok(m, `${String(from)} not in the document`);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(m.index), doc.positionAt(m.index + m[0].length)), to);
    if (await vscode.workspace.applyEdit(edit)) return;
    await when(vscode.workspace.onDidChangeTextDocument, () => doc.version !== version || undefined, 'the document to be read again');
  }
  assert.fail(`the edit ${to.trim()} was refused again and again`);
}

async function recordedRequests(): Promise<{ method: string; path: string; contentType?: string; status: number }[]> {
  return (await (await call('GET', '/_podpatch/requests')).json()) as { method: string; path: string; contentType?: string; status: number }[];
}

/** The web pods the tree model holds, once `ok` holds for them (re-checked on every watch batch). */
function webPodsWhen(api: PodpatchApi, ok: (pods: { name: string; images: string[]; status: string }[]) => boolean, what: string) {
  return when(api.clusters.onDidChangePods, () => {
    const pods = (api.tree.model(context)?.pods('default') ?? []).filter((p) => p.name.startsWith('web-')).map((p) => ({ name: p.name, images: p.images, status: podStatusText(p) }));
    return ok(pods) ? pods : undefined;
  }, what, 45_000);
}

function labelOf(api: PodpatchApi, node: TreeNode): string {
  const label = api.tree.getTreeItem(node).label;
  return typeof label === 'string' ? label : label?.label ?? '';
}

async function child(api: PodpatchApi, parent: TreeNode | undefined, label: string): Promise<TreeNode> {
  const node = (await api.tree.getChildren(parent)).find((c) => labelOf(api, c) === label);
  assert.ok(node, `no tree node ${label}`);
  return node;
}

suite('owners', () => {
  suiteSetup(async () => {
    const api = await activatePodpatch();
    await closeAllEditors();
    assert.ok((await call('POST', '/_podpatch/reset', {})).ok);
    const created = await call('POST', '/apis/apps/v1/namespaces/default/deployments', deployment);
    assert.equal(created.status, 201, await created.text());
    await api.clusters.whenSynced(context);
    await webPodsWhen(api, (pods) => pods.length === 2 && pods.every((p) => p.status === 'Running'), 'the Deployment web to run 2 pods');
    await vscode.workspace.getConfiguration('podpatch').update('confirmBeforePatch', false, vscode.ConfigurationTarget.Global);
  });

  teardown(closeAllEditors);

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('podpatch').update('confirmBeforePatch', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('podpatch').update('groupPodsByOwner', undefined, vscode.ConfigurationTarget.Global);
    await call('POST', '/_podpatch/reset', {}); // the suites that follow start from the seed
  });

  test("a Deployment's pod: CodeLens → the Deployment's document; selector flagged, reverted; image saved; new pods arrive grouped under web", async () => {
    const api = await activatePodpatch();
    const [first] = await webPodsWhen(api, (pods) => pods.length === 2, 'the web pods');
    await vscode.commands.executeCommand('podpatch.openPod', { context, namespace: 'default', name: first.name });
    const podDoc = vscode.window.activeTextEditor?.document;
    assert.ok(podDoc && podDoc.uri.path.endsWith(`/default/${first.name}.yaml`), 'the pod document is not active');

    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', podDoc.uri);
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(titles.some((t) => t.endsWith('Managed by Deployment web: changes here last until the pod is replaced')), titles.join(' | '));
    const edit = lenses.find((l) => l.command?.title === "Edit Deployment web's pod template");
    assert.ok(edit?.command, titles.join(' | '));
    assert.equal(edit.range.start.line, 0);

    await vscode.commands.executeCommand(edit.command.command, ...(edit.command.arguments ?? []));
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    const doc = editor.document;
    assert.equal(doc.uri.toString(), 'podpatch:/podpatch-sandbox/default/deployments/web.yaml');
    assert.match(doc.getText(), /^# Deployment default\/web in context podpatch-sandbox\. Saving patches the Deployment/m);
    assert.equal(api.documents.get(doc.uri)?.workload, 'Deployment');

    // A selector change: upstream's "field is immutable", on the line that changed.
    await replaceText(doc, /matchLabels:\n {6}app: web\n/, 'matchLabels:\n      app: web2\n');
    const flagged = await diagnosticsWhen(doc.uri, (ds) => ds.some((d) => d.message.includes('field is immutable')));
    const immutable = flagged.find((d) => d.message.includes('field is immutable'))!;
    assert.match(immutable.message, /^spec\.selector: Invalid value: v1\.LabelSelector\{MatchLabels:map\[string\]string\{"app":"web2"\}/);
    assert.equal(doc.lineAt(immutable.range.start.line).text.trim(), 'app: web2');
    assert.equal(immutable.relatedInformation?.[0]?.message, 'Live Deployment: spec.selector = {"matchLabels":{"app":"web"}}');
    // Reverted with its quick fix; a workload is never offered "Recreate pod".
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, immutable.range, vscode.CodeActionKind.QuickFix.value);
    const titles2 = actions.map((a) => a.title);
    assert.ok(!titles2.some((t) => /recreate/i.test(t)), titles2.join(' | '));
    const revert = actions.find((a) => a.title.startsWith('Revert spec.selector'));
    assert.ok(revert?.edit, titles2.join(' | '));
    assert.ok(await vscode.workspace.applyEdit(revert.edit));
    await diagnosticsWhen(doc.uri, (ds) => !ds.some((d) => d.severity === vscode.DiagnosticSeverity.Error));
    assert.match(doc.getText(), /selector:\n {4}matchLabels:\n {6}app: web\n/);

    // The image: saved as a merge patch to apps/v1, with the resourceVersion.
    const before = (await recordedRequests()).length;
    await replaceText(doc, 'image: nginx:1.27', 'image: nginx:1.28');
    assert.equal(await doc.save(), true);
    const patches = (await recordedRequests()).slice(before).filter((r) => r.method === 'PATCH');
    assert.deepEqual(patches.map((r) => [r.path.split('?')[0], r.status]), [['/apis/apps/v1/namespaces/default/deployments/web', 200]]);
    assert.match(patches[0].contentType ?? '', /application\/merge-patch\+json/);
    await when(vscode.workspace.onDidChangeTextDocument, () => (!doc.isDirty && /^ {2}generation: 2$/m.test(doc.getText())) || undefined, 'the document to show the patched Deployment');

    // The controller replaces the pods: two new ones with the new image, the old ones gone.
    await vscode.commands.executeCommand('podpatch.groupByOwner');
    const pods = await webPodsWhen(api, (ps) => ps.length === 2 && ps.every((p) => p.images.includes('nginx:1.28') && p.status === 'Running'), 'the new pods with nginx:1.28');
    assert.ok(!pods.some((p) => p.name === first.name));
    const contextNode = await child(api, undefined, context);
    const ns = await child(api, contextNode, 'default');
    // A pod without an owner stays directly under its namespace.
    assert.deepEqual((await api.tree.getChildren(await child(api, contextNode, 'namespace-test'))).map((n) => [n.kind, labelOf(api, n)]), [['pod', 'pod-test']]);
    const owner = await child(api, ns, 'web');
    assert.equal(owner.kind, 'owner');
    assert.match(String(api.tree.getTreeItem(owner).description), /^Deployment · 2 pods$/);
    assert.deepEqual((await api.tree.getChildren(owner)).map((n) => labelOf(api, n)).sort(), pods.map((p) => p.name).sort());
    assert.equal(api.tree.getParent((await api.tree.getChildren(owner))[0])?.id, owner.id);

    // An unsaved change, then the controller moves only the Deployment's status on (a pod deleted
    // and replaced; the document is dirty, so the watch does not read it again): the save meets a
    // 409 whose server-side changes are all the server's own fields, and goes out again by itself.
    await caughtUp(doc);
    await typeWhileFollowed(doc, /^ {2}replicas: 2$/m, '  replicas: 3');
    const base = api.documents.get(doc.uri)!.resourceVersion;
    const victim = pods[0].name;
    assert.equal((await call('DELETE', `/api/v1/namespaces/default/pods/${victim}`)).status, 200);
    await webPodsWhen(api, (ps) => (ps.length === 2 && !ps.some((p) => p.name === victim) && ps.every((p) => p.status === 'Running')), 'the deleted pod to be replaced');
    const moved = (await (await call('GET', '/apis/apps/v1/namespaces/default/deployments/web')).json()) as { metadata: { resourceVersion: string } };
    assert.ok(isNewer(moved.metadata.resourceVersion, base), "the replacement moved the Deployment's status on");
    assert.ok(doc.isDirty && doc.getText().includes('  replicas: 3\n'), 'the edit is kept');
    const notices: string[] = [];
    const listening = api.patch.notices.onDidShow((n) => notices.push(n.message));
    try {
      const mark = (await recordedRequests()).length;
      assert.equal(await doc.save(), true);
      await when(vscode.workspace.onDidChangeTextDocument, () => (!doc.isDirty && /^ {2}replicas: 3$/m.test(doc.getText()) && /^ {2}generation: 3$/m.test(doc.getText())) || undefined, 'the second change to be sent again and shown');
      const sent = (await recordedRequests()).slice(mark).filter((r) => r.method === 'PATCH').map((r) => r.status);
      assert.deepEqual(sent, [409, 200]);
      assert.deepEqual(notices, [], 'a resend after a status-only conflict asks nothing');
    } finally {
      listening.dispose();
    }
  });

  test('Edit Owner from a pod node and from an owner node opens the Deployment; a pod row names deploy/web', async () => {
    const api = await activatePodpatch();
    await vscode.workspace.getConfiguration('podpatch').update('groupPodsByOwner', false, vscode.ConfigurationTarget.Global);
    const [pod] = await webPodsWhen(api, (ps) => ps.length >= 1, 'a web pod');
    const podNode = api.tree.podNode(context, 'default', pod.name);
    await when(api.owners.onDidResolve, () => (String(api.tree.getTreeItem(podNode).description).endsWith(' · deploy/web') || undefined), 'the row to name its Deployment');
    await vscode.commands.executeCommand('podpatch.openOwner', podNode);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), 'podpatch:/podpatch-sandbox/default/deployments/web.yaml');
    await closeAllEditors();
    await vscode.commands.executeCommand('podpatch.openOwner', api.tree.ownerNode(context, 'default', 'Deployment', 'web'));
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), 'podpatch:/podpatch-sandbox/default/deployments/web.yaml');
  });

  test("the Deployment's document follows the Deployment: shown while clean; while edited, stale with the edit kept, Rebase lays the edit over the change; a deletion is marked, a re-creation is news", async () => {
    const api = await activatePodpatch();
    const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('podpatch.openOwner', { context, namespace: 'default', name: 'web', workload: 'Deployment' });
    const doc = editor?.document;
    assert.ok(doc && doc.uri.toString() === 'podpatch:/podpatch-sandbox/default/deployments/web.yaml', 'the Deployment document is not open');
    const tracked = api.documents.get(doc.uri);
    assert.ok(tracked);

    // Clean: a change made elsewhere is read in.
    const first = await patchWebBehind({ metadata: { labels: { followed: 'one' } } });
    await when(vscode.workspace.onDidChangeTextDocument, () => (!doc.isDirty && /^ {4}followed: one$/m.test(doc.getText())) || undefined, 'the clean document to show the label set behind it');
    assert.ok(!tracked.stale);
    assert.ok(!isNewer(first, tracked.resourceVersion), 'the base moved to the changed Deployment');

    // Edited: the next change behind it marks it stale and leaves the text alone.
    await caughtUp(doc);
    await typeWhileFollowed(doc, /^ {4}followed: one\n/m, '    followed: one\n    edited: here\n');
    const edited = doc.getText();
    const second = await patchWebBehind({ metadata: { labels: { behind: 'two' } } });
    await when(api.documents.onDidChange, () => (tracked.stale && !isNewer(second, tracked.liveResourceVersion ?? '0')) || undefined, 'the edited document to be marked stale');
    assert.equal((tracked.live?.metadata?.labels as Record<string, string> | undefined)?.behind, 'two', 'the live Deployment came with the news');
    assert.ok(doc.isDirty);
    assert.equal(doc.getText(), edited, 'the edit is kept and nothing is read in');

    // Rebase: the change behind laid under the edit, which stays unsaved.
    assert.equal(await vscode.commands.executeCommand('podpatch.rebaseOnLive', doc.uri), true);
    assert.match(doc.getText(), /^ {4}behind: two$/m);
    assert.match(doc.getText(), /^ {4}edited: here$/m);
    assert.ok(doc.isDirty && !tracked.stale);
    assert.ok(!isNewer(second, tracked.resourceVersion), 'the base is the changed Deployment');

    // Deleted behind it: marked deleted (saving cannot patch it), the edit still in the editor.
    const rebased = doc.getText();
    assert.equal((await call('DELETE', '/apis/apps/v1/namespaces/default/deployments/web')).status, 200);
    await when(api.documents.onDidChange, () => tracked.deleted || undefined, 'the document to be marked deleted');
    assert.ok(doc.isDirty);
    assert.equal(doc.getText(), rebased);
    // Created again: news again (and the editor can revert to it).
    assert.equal((await call('POST', '/apis/apps/v1/namespaces/default/deployments', deployment)).status, 201);
    await when(api.documents.onDidChange, () => (!tracked.deleted && tracked.stale) || undefined, 'the re-created Deployment to be news');
    assert.equal(doc.getText(), rebased);
  });
});
