// Patch Pod from Editor, save = patch, 409 and 422, inside the real extension host against the
// sandbox named by KUBECONFIG (plus, for the 422 case, a second sandbox running the cci profile
// while the extension checks with the kubernetes profile, so the client allows what the server refuses).
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { podUri } from '../../../src/vscode/podUri';
import { startSandboxProcess, type SandboxProcess } from '../../support/sandboxProcess';
import { activatePodpatch, closeAllEditors, diagnosticsWhen, replaceText } from '../support/extensionHost';

type Pod = { metadata?: { resourceVersion?: string; labels?: Record<string, string>; annotations?: Record<string, string>; finalizers?: string[] } };
type Api = {
  clusters: {
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

  test('saving a pod document patches the pod', async () => {
    const document = await openPod(context);
    await replaceText(document, labelLine, '    name: pod-test2');
    assert.equal(await document.save(), true);
    assert.equal((await livePod()).metadata?.labels?.name, 'pod-test2');
    // After a 409 rebase the document can be saved again (no "file modified since").
    await replaceText(document, labelLine, '    name: saved-after-conflict');
    await adminPost(sandboxUrl, 'pods/namespace-test/pod-test/touch');
    assert.equal(await document.save(), false, 'the first save meets the 409');
    await new Promise<void>((resolve) => {
      // The rebase runs once the failed save has returned; it carries the touch annotation in.
      if (document.getText().includes('sandbox.podpatch.dev/touched')) return resolve();
      const sub = vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === document && document.getText().includes('sandbox.podpatch.dev/touched')) { sub.dispose(); resolve(); }
      });
    });
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

  test('saving a change the server will refuse fails the save and keeps the buffer', async () => {
    const document = await openPod(context);
    const before = await patchRequests();
    await replaceText(document, 'dnsPolicy: ClusterFirst', 'dnsPolicy: Default');
    assert.equal(await document.save(), false);
    assert.equal(await patchRequests(), before, 'no PATCH went out');
    assert.equal(document.isDirty, true);
    assert.match(document.getText(), /dnsPolicy: Default/);
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
    const request = vscode.workspace.textDocuments.find((d) => d.languageId === 'podpatch-patch');
    assert.ok(request, 'the request document is open');
    const text = request.getText();
    assert.match(text, /^PATCH \/api\/v1\/namespaces\/namespace-test\/pods\/pod-test\nContent-Type: application\/merge-patch\+json\n/);
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
