// Patch Pod from Editor, save = patch, 409 and 422, inside the real extension host against the
// sandbox named by KUBECONFIG (plus, for the 422 case, a second sandbox running the cci profile
// while the extension checks with the kubernetes profile, so the client allows what the server refuses).
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { podUri } from '../../../src/vscode/documents/podUri';
import type { PodpatchApi } from '../../../src/vscode/api';
import { startSandboxProcess, type SandboxProcess } from '../../support/sandboxProcess';
import { activatePodpatch, closeAllEditors, diagnosticsWhen, replaceText, when } from '../support/extensionHost';

/** Everything `event` fires from now on; `until` resolves once `accept` holds (re-checked on each event). */
function collect<T>(event: vscode.Event<T>): { until(accept: (all: T[]) => boolean): Promise<T[]> } {
  const all: T[] = [];
  let check = () => undefined as void;
  const sub = event((e) => { all.push(e); check(); });
  return {
    until: (accept) => new Promise((resolve) => {
      check = () => { if (accept(all)) { sub.dispose(); resolve(all.slice()); } };
      check();
    }),
  };
}

type Pod = { metadata?: { resourceVersion?: string; labels?: Record<string, string>; annotations?: Record<string, string>; finalizers?: string[] } };
type Api = {
  patch: PodpatchApi['patch'];
  documents: PodpatchApi['documents'];
  clusters: {
    onDidChangePods: PodpatchApi['clusters']['onDidChangePods'];
    getWatchCache: PodpatchApi['clusters']['getWatchCache'];
    currentContext: string | undefined;
    whenSynced(context?: string): Promise<unknown>;
    addKubeconfig(file: string): Promise<void>;
    removeKubeconfig(file: string): Promise<void>;
    contextsOf(file: string): string[];
    setCurrentContext(name: string): Promise<void>;
  };
};

const sandboxUrl = process.env.PODPATCH_SANDBOX_URL ?? '';
/** metadata.labels.name (metadata.name sits two columns left of it). */
const labelLine = /^ {4}name: [\w-]+$/m;

async function adminPost(base: string, path: string): Promise<void> {
  const res = await fetch(`${base}/_podpatch/${path}`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(10_000) });
  assert.ok(res.ok, `admin ${path}: ${res.status}`);
}

async function livePod(base = sandboxUrl): Promise<Pod> {
  const res = await fetch(`${base}/api/v1/namespaces/namespace-test/pods/pod-test`, { signal: AbortSignal.timeout(10_000) });
  assert.equal(res.status, 200);
  return (await res.json()) as Pod;
}

async function patchRequests(): Promise<number> {
  const res = await fetch(`${sandboxUrl}/_podpatch/requests`, { signal: AbortSignal.timeout(10_000) });
  const all = (await res.json()) as { method: string; path: string }[];
  return all.filter((r) => r.method === 'PATCH' && r.path.includes('/pods/pod-test')).length;
}

async function openPod(context: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(podUri(context, 'namespace-test', 'pod-test'));
  await vscode.window.showTextDocument(document);
  return document;
}

suite('patching pods', () => {
  let context: string;
  const config = () => vscode.workspace.getConfiguration('podpatch');

  suiteSetup(async () => {
    const a = (await activatePodpatch()) as Api;
    await adminPost(sandboxUrl, 'reset');
    context = a.clusters.currentContext ?? '';
    assert.ok(context, 'no current context from KUBECONFIG');
    await a.clusters.whenSynced(context);
    // The modal confirm cannot be clicked from here; the preview path is covered by the UI test.
    await config().update('confirmBeforePatch', false, vscode.ConfigurationTarget.Workspace);
  });

  suiteTeardown(async () => {
    await config().update('confirmBeforePatch', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('profile', undefined, vscode.ConfigurationTarget.Workspace);
  });

  teardown(closeAllEditors);

  test('Patch Pod from Editor with a label change patches the sandbox and leaves the editor clean', async () => {
    const document = await openPod(context);
    await replaceText(document, labelLine, '    name: patched-by-command');
    assert.equal(await vscode.commands.executeCommand('podpatch.patchPod', document.uri), 'sent');
    const live = await livePod();
    assert.equal(live.metadata?.labels?.name, 'patched-by-command');
    assert.equal(document.isDirty, false, 'the buffer was saved after the patch (no second request)');
    assert.ok(document.getText().includes(`resourceVersion: "${live.metadata?.resourceVersion}"`), 'buffer carries the new resourceVersion');
  });

  test('saving patches the pod; the document then shows the server\'s pod (new resourceVersion, no squiggle, not stale)', async () => {
    const api = await activatePodpatch();
    const document = await openPod(context);
    await replaceText(document, labelLine, '    name: pod-test2');
    assert.equal(await document.save(), true);
    const live = await livePod();
    assert.equal(live.metadata?.labels?.name, 'pod-test2');
    await when(vscode.workspace.onDidChangeTextDocument, () => (!document.isDirty && document.getText().includes(`resourceVersion: "${live.metadata?.resourceVersion}"`)) || undefined, 'the document to show the new resourceVersion, saved');
    api.patch.diagnostics.publishNow(document);
    assert.deepEqual(vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'podpatch').map((d) => d.message), [], 'no squiggle on a field the user did not touch');
    const tracked = api.documents.get(document.uri)!;
    assert.equal(tracked.resourceVersion, live.metadata?.resourceVersion);
    await when(api.clusters.onDidChangePods, () => api.clusters.getWatchCache(context)?.get('namespace-test', 'pod-test')?.resourceVersion === live.metadata?.resourceVersion || undefined, 'the watch to see the patch');
    assert.equal(tracked.stale, false, 'its own patch is no "changed on the cluster" news');
  });

  test('a conflict on save: one podpatch message (Send again, Show what changed); the edits laid over the live pod; saving again sends them', async () => {
    const api = await activatePodpatch();
    const document = await openPod(context);
    await replaceText(document, labelLine, '    name: saved-after-conflict');
    await adminPost(sandboxUrl, 'pods/namespace-test/pod-test/touch');
    const notices = collect(api.patch.notices.onDidShow);
    assert.equal(await document.save(), true, 'VS Code sees no failed write (no "Unable to write file" with its Revert)');
    await when(vscode.workspace.onDidChangeTextDocument, () => (document.isDirty && document.getText().includes('sandbox.podpatch.dev/touched')) || undefined, 'the edits laid over the live pod');
    assert.match(document.getText(), /name: saved-after-conflict/);
    const shown = await notices.until((all) => all.length > 0);
    assert.equal(shown.length, 1, shown.map((n) => n.message).join(' | '));
    assert.deepEqual(shown[0].actions, ['Send again', 'Show what changed on the server']);
    assert.match(shown[0].message, /Your edits were kept and laid over the live pod; nothing was sent/);
    assert.equal(await document.save(), true);
    const live = await livePod();
    assert.equal(live.metadata?.labels?.name, 'saved-after-conflict');
    assert.ok(live.metadata?.annotations?.['sandbox.podpatch.dev/touched']);
  });

  test('a change the server will refuse is not sent', async () => {
    const document = await openPod(context);
    const before = await patchRequests();
    await replaceText(document, 'restartPolicy: Always', 'restartPolicy: Never');
    assert.equal(await vscode.commands.executeCommand('podpatch.patchPod', document.uri), 'failed');
    assert.equal(await patchRequests(), before, 'no PATCH went out');
    assert.equal(document.isDirty, true);
    assert.match(document.getText(), /restartPolicy: Never/);
  });

  test('saving a change the server will refuse: one message (Show problems, Revert refused changes, Recreate pod), nothing sent, buffer as typed and still unsaved', async () => {
    const api = await activatePodpatch();
    const document = await openPod(context);
    const before = await patchRequests();
    await replaceText(document, 'dnsPolicy: ClusterFirst', 'dnsPolicy: Default');
    const typed = document.getText();
    const notices = collect(api.patch.notices.onDidShow);
    assert.equal(await document.save(), true, 'VS Code sees no failed write');
    await when(vscode.workspace.onDidChangeTextDocument, () => (document.isDirty && document.getText() === typed) || undefined, 'the document to be unsaved again, as typed');
    assert.equal(await patchRequests(), before, 'no PATCH went out');
    const shown = await notices.until((all) => all.length > 0);
    assert.equal(shown.length, 1);
    assert.deepEqual(shown[0].actions, ['Show problems', 'Revert refused changes', 'Recreate pod']);
    assert.match(shown[0].message, /^Not sent: the server would refuse this change\. spec\.dnsPolicy: /);
  });

  test("a write of the pod as fetched while the buffer holds newer edits (the follow-up's own save meeting a keystroke) sends nothing and says nothing", async () => {
    const api = await activatePodpatch();
    const document = await openPod(context);
    const fetched = document.getText();
    const before = await patchRequests();
    await replaceText(document, labelLine, '    name: typed-meanwhile');
    const shown: string[] = [];
    const sub = api.patch.notices.onDidShow((n) => shown.push(n.message));
    try {
      // What DocumentSync.adopt's save writes: the server's pod as rendered, after which the user typed.
      await vscode.workspace.fs.writeFile(document.uri, new TextEncoder().encode(fetched));
    } finally {
      sub.dispose();
    }
    assert.deepEqual(shown, [], 'no message about a save the user did not make');
    assert.equal(await patchRequests(), before, 'no PATCH went out');
    assert.equal(document.isDirty, true);
    assert.match(document.getText(), /name: typed-meanwhile/);
  });

  test('Undo Last Patch sends the inverse with the produced resourceVersion; after someone else\'s change it says so and changes nothing', async () => {
    const document = await openPod(context);
    const original = (await livePod()).metadata?.labels?.name;
    await replaceText(document, labelLine, '    name: to-be-undone');
    assert.equal(await vscode.commands.executeCommand('podpatch.patchPod', document.uri), 'sent');
    assert.equal((await livePod()).metadata?.labels?.name, 'to-be-undone');
    assert.equal(await vscode.commands.executeCommand('podpatch.undoLastPatch', document.uri), 'undone');
    assert.equal((await livePod()).metadata?.labels?.name, original);
    assert.equal(document.isDirty, false);

    await replaceText(document, labelLine, '    name: undo-refused');
    assert.equal(await vscode.commands.executeCommand('podpatch.patchPod', document.uri), 'sent');
    await adminPost(sandboxUrl, 'pods/namespace-test/pod-test/touch');
    const before = await livePod();
    assert.equal(await vscode.commands.executeCommand('podpatch.undoLastPatch', document.uri), 'conflict');
    const after = await livePod();
    assert.equal(after.metadata?.labels?.name, 'undo-refused');
    assert.equal(after.metadata?.resourceVersion, before.metadata?.resourceVersion, 'nothing changed');
  });

  test('with confirmBeforePatch the preview is not modal: live ↔ after patch and the request name context, namespace and pod; Cancel keeps the edits, Send sends', async () => {
    const api = await activatePodpatch();
    await config().update('confirmBeforePatch', true, vscode.ConfigurationTarget.Workspace);
    try {
      const document = await openPod(context);
      await replaceText(document, labelLine, '    name: previewed');
      const before = await patchRequests();
      const shown = new Promise<{ diff: vscode.Uri; request: vscode.Uri }>((resolve) => { const sub = api.patch.preview.onDidShow((e) => { sub.dispose(); resolve(e); }); });
      const saving = document.save();
      const preview = await shown;
      const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label);
      assert.ok(tabs.some((l) => l.includes(`namespace namespace-test, context ${context}`) && l.includes('live ↔ after patch')), tabs.join(' | '));
      const request = vscode.workspace.textDocuments.find((d) => d.uri.toString() === preview.request.toString())!.getText();
      assert.match(request, new RegExp(`^# patch of pod pod-test in namespace namespace-test, context ${context}\n`));
      assert.match(request, /\n {2}"metadata": \{\n {4}"labels": \{\n {6}"name": "previewed"/, 'pretty-printed');
      const after = vscode.workspace.textDocuments.find((d) => d.uri.toString() === preview.diff.toString())!.getText();
      assert.match(after, /name: previewed/);
      await vscode.commands.executeCommand('podpatch.preview.cancel');
      assert.equal(await saving, true);
      await when(vscode.workspace.onDidChangeTextDocument, () => (document.isDirty && /name: previewed/.test(document.getText())) || undefined, 'the edits to stay unsaved');
      assert.equal(await patchRequests(), before, 'Cancel sends nothing');

      const shownAgain = new Promise<void>((resolve) => { const sub = api.patch.preview.onDidShow(() => { sub.dispose(); resolve(); }); });
      const patching = vscode.commands.executeCommand('podpatch.patchPod', document.uri);
      await shownAgain;
      await vscode.commands.executeCommand('podpatch.preview.send');
      assert.equal(await patching, 'sent');
      assert.equal((await livePod()).metadata?.labels?.name, 'previewed');
    } finally {
      await config().update('confirmBeforePatch', false, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('409: the pod changed meanwhile; the edit is kept, rebased, and the second send succeeds', async () => {
    const document = await openPod(context);
    await replaceText(document, labelLine, '    name: after-conflict');
    await adminPost(sandboxUrl, 'pods/namespace-test/pod-test/touch');
    const before = await patchRequests();
    assert.equal(await vscode.commands.executeCommand('podpatch.patchPod', document.uri), 'failed');
    assert.equal(await patchRequests(), before + 1, 'one PATCH, refused with 409');
    // Nothing lost: the edit is still there, and the server's change was carried into the buffer.
    assert.match(document.getText(), /name: after-conflict/);
    assert.match(document.getText(), /sandbox\.podpatch\.dev\/touched/);
    assert.equal(document.isDirty, true);
    assert.equal(await vscode.commands.executeCommand('podpatch.patchPod', document.uri), 'sent');
    assert.equal(document.isDirty, false, 'clean after the second send');
    const live = await livePod();
    assert.equal(live.metadata?.labels?.name, 'after-conflict');
    assert.ok(live.metadata?.annotations?.['sandbox.podpatch.dev/touched'], 'the server change survived');
  });

  test('with podpatch.patchType json, a stale base (failed resourceVersion test) is rebased like a 409', async () => {
    await config().update('patchType', 'json', vscode.ConfigurationTarget.Workspace);
    try {
      const document = await openPod(context);
      await replaceText(document, labelLine, '    name: json-after-conflict');
      await adminPost(sandboxUrl, 'pods/namespace-test/pod-test/touch');
      assert.equal(await vscode.commands.executeCommand('podpatch.patchPod', document.uri), 'failed');
      assert.match(document.getText(), /name: json-after-conflict/);
      assert.equal(await vscode.commands.executeCommand('podpatch.patchPod', document.uri), 'sent');
      assert.equal((await livePod()).metadata?.labels?.name, 'json-after-conflict');
    } finally {
      await config().update('patchType', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('a network failure keeps the buffer dirty and intact, and a later send goes through', async () => {
    const document = await openPod(context);
    await replaceText(document, labelLine, '    name: after-network-failure');
    const text = document.getText();
    const res = await fetch(`${sandboxUrl}/_podpatch/faults`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(10_000),
      body: JSON.stringify({ count: 1, reset: true, method: 'PATCH' }),
    });
    assert.ok(res.ok);
    assert.equal(await vscode.commands.executeCommand('podpatch.patchPod', document.uri), 'failed');
    assert.equal(document.getText(), text, 'the buffer is exactly as it was');
    assert.equal(document.isDirty, true);
    assert.notEqual((await livePod()).metadata?.labels?.name, 'after-network-failure');
    assert.equal(await vscode.commands.executeCommand('podpatch.patchPod', document.uri), 'sent');
    assert.equal((await livePod()).metadata?.labels?.name, 'after-network-failure');
  });

  test('Dry Run Patch shows the server\'s result and changes nothing', async () => {
    const document = await openPod(context);
    const before = (await livePod()).metadata?.labels?.name;
    await replaceText(document, labelLine, '    name: dry-run-only');
    await vscode.commands.executeCommand('podpatch.dryRunPatch', document.uri);
    assert.equal((await livePod()).metadata?.labels?.name, before, 'a dry run stores nothing');
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label);
    assert.ok(tabs.some((l) => l.includes('after dry run')), tabs.join(' | '));
    const result = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'podpatch-preview' && d.uri.path.includes('/dry-run/'));
    assert.match(result?.getText() ?? '', /name: dry-run-only/);
    assert.equal(document.isDirty, true);
  });

  test('the "Show merge patch" source action opens the request, highlighted as podpatch-patch', async () => {
    const document = await openPod(context);
    await replaceText(document, labelLine, '    name: shown-only');
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(0, 0, 0, 0), 'source.podpatch.showMergePatch')) ?? [];
    const show = actions.find((a) => a.title === 'Show merge patch');
    assert.ok(show?.command, actions.map((a) => a.title).join(' | '));
    await vscode.commands.executeCommand(show.command.command, ...(show.command.arguments ?? []));
    const request = vscode.window.visibleTextEditors.map((e) => e.document).find((d) => d.languageId === 'podpatch-patch');
    assert.ok(request, 'the request document is open');
    const text = request.getText();
    assert.match(text, /^# patch of pod pod-test in namespace namespace-test, context .+\nPATCH \/api\/v1\/namespaces\/namespace-test\/pods\/pod-test\nContent-Type: application\/merge-patch\+json\n/);
    const body = JSON.parse(text.slice(text.indexOf('{'))) as { metadata: { labels: Record<string, string>; resourceVersion: string } };
    assert.deepEqual(body.metadata.labels, { name: 'shown-only' });
    assert.ok(body.metadata.resourceVersion, 'the patch carries the base resourceVersion (409 on a stale base)');
  });

  suite('422 from a server with stricter rules', () => {
    let cci: SandboxProcess | undefined;
    let cciContext = '';
    let cciKubeconfig = '';

    suiteSetup(async () => {
      cci = await startSandboxProcess(['--profile', 'cci']);
      const a = (await activatePodpatch()) as Api;
      // Every sandbox names its context podpatch-sandbox; give this one a name of its own.
      cciKubeconfig = path.join(cci.dir, 'cci-kubeconfig.yaml');
      writeFileSync(cciKubeconfig, readFileSync(cci.kubeconfigPath, 'utf8').replace(/podpatch-sandbox/g, 'podpatch-cci-sandbox'));
      await a.clusters.addKubeconfig(cciKubeconfig);
      cciContext = a.clusters.contextsOf(cciKubeconfig)[0];
      assert.equal(cciContext, 'podpatch-cci-sandbox', 'the cci sandbox kubeconfig has its renamed context');
      // The extension checks with upstream's rules; the server applies CCI's narrower ones.
      await config().update('profile', 'kubernetes', vscode.ConfigurationTarget.Workspace);
    });

    suiteTeardown(async () => {
      const a = (await activatePodpatch()) as Api;
      if (cci) {
        await a.clusters.removeKubeconfig(cciKubeconfig);
        await cci.stop();
      }
      if (context) await a.clusters.setCurrentContext(context);
    });

    test('the causes of a 422 land on the lines they name', async () => {
      const document = await openPod(cciContext);
      // Upstream lets finalizers change; CCI does not.
      await replaceText(document, /^ {2}labels:$/m, '  finalizers:\n    - example.com/keep\n  labels:');
      const line = document.getText().split('\n').findIndex((l) => l.includes('- example.com/keep'));
      assert.equal(await vscode.commands.executeCommand('podpatch.patchPod', document.uri), 'failed');
      // The client's rules let it through; the server answered 422 (not a refusal before sending).
      const patches = (await cci!.admin.requests()).filter((r) => r.method === 'PATCH' && r.path.endsWith('/pods/pod-test'));
      assert.deepEqual(patches.map((r) => r.status), [422]);
      const ds = await diagnosticsWhen(document.uri, (all) => all.some((d) => d.message.includes('refused by the server')));
      const cause = ds.find((d) => d.message.includes('refused by the server'))!;
      assert.ok(cause.range.start.line === line || cause.range.start.line === line - 1, `cause on line ${cause.range.start.line}, finalizers at ${line}`);
      assert.match(cause.message, /^metadata\.finalizers/);
      assert.equal(cause.severity, vscode.DiagnosticSeverity.Error);
      assert.equal((await livePod(cci!.url)).metadata?.finalizers, undefined);
      assert.equal(document.isDirty, true);
    });
  });
});
