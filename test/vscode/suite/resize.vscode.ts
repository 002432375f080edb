// In-place resize from the editor (issue 12) against the session's sandbox (it plays the newest
// modelled release, which serves pods/resize): the detected release in the rules, the resize
// diagnostic as you type, a save that sends exactly one PATCH to .../resize and no recreate, and
// the hover that says how a field can change on this server.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { podUri } from '../../../src/vscode/documents/podUri';
import { activatePodpatch, closeAllEditors, diagnosticsWhen, replaceText, when } from '../support/extensionHost';

const sandboxUrl = process.env.PODPATCH_SANDBOX_URL ?? '';
type Recorded = { method: string; path: string };
type Pod = { spec?: { containers?: { resources?: { limits?: Record<string, string> } }[] } };

async function admin<T>(path: string, method = 'GET'): Promise<T> {
  const res = await fetch(`${sandboxUrl}/_podpatch/${path}`, { method, body: method === 'POST' ? '{}' : undefined, headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(10_000) });
  assert.ok(res.ok, `admin ${path}: ${res.status}`);
  return (await res.json().catch(() => undefined)) as T;
}

async function livePod(): Promise<Pod> {
  const res = await fetch(`${sandboxUrl}/api/v1/namespaces/namespace-test/pods/pod-test`, { signal: AbortSignal.timeout(10_000) });
  assert.equal(res.status, 200);
  return (await res.json()) as Pod;
}

suite('in-place resize and the field hover', () => {
  let context = '';
  const config = () => vscode.workspace.getConfiguration('podpatch');

  suiteSetup(async () => {
    const api = await activatePodpatch();
    await admin('reset', 'POST');
    context = api.clusters.currentContext ?? '';
    assert.ok(context, 'no current context from KUBECONFIG');
    await api.clusters.whenSynced(context);
    await when(api.clusters.onDidChangeRules, () => api.clusters.servers.serverOf(context), 'the server release to be detected');
    await config().update('confirmBeforePatch', false, vscode.ConfigurationTarget.Workspace);
  });

  suiteTeardown(async () => {
    await config().update('confirmBeforePatch', undefined, vscode.ConfigurationTarget.Workspace);
  });

  teardown(closeAllEditors);

  test('the detected release: resize served, named in the rules the documents use', async () => {
    const api = await activatePodpatch();
    const server = api.clusters.servers.serverOf(context)!;
    assert.equal(server.resizeServed, true, 'the sandbox (newest release) serves pods/resize');
    assert.match(api.clusters.servers.label(context) ?? '', /^k8s 1\.\d+$/);
    assert.equal(api.clusters.ruleSettingsFor(context).splitResize, true);
  });

  test('a memory change is a resize diagnostic; saving sends one PATCH to /resize and no recreate', async () => {
    const document = await vscode.workspace.openTextDocument(podUri(context, 'namespace-test', 'pod-test'));
    await vscode.window.showTextDocument(document);
    // Guaranteed QoS must stay Guaranteed: limits and requests change together.
    await replaceText(document, /memory: 1Gi/, 'memory: 2Gi');
    await replaceText(document, /memory: 1Gi/, 'memory: 2Gi');
    const ds = await diagnosticsWhen(document.uri, (all) => all.filter((d) => /pods\/resize/.test(d.message)).length >= 2);
    const resize = ds.filter((d) => /pods\/resize/.test(d.message));
    assert.ok(resize.every((d) => d.severity === vscode.DiagnosticSeverity.Information), 'NotRequired resizePolicy: information, not a warning');
    assert.deepEqual(ds.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map((d) => d.message), [], 'no "only recreating" error');
    const before = (await admin<Recorded[]>('requests')).length;
    assert.equal(await document.save(), true);
    await when(vscode.workspace.onDidChangeTextDocument, () => (!document.isDirty && document.getText().includes('memory: 2Gi')) || undefined, 'the document to show the resized pod, saved');
    const sent = (await admin<Recorded[]>('requests')).slice(before).filter((r) => r.method !== 'GET');
    const podWrites = sent.filter((r) => r.path.includes('/pods/pod-test'));
    assert.deepEqual(podWrites.map((r) => `${r.method} ${r.path.replace(/\?.*$/, '')}`), ['PATCH /api/v1/namespaces/namespace-test/pods/pod-test/resize'], 'exactly one PATCH to /resize (no main patch: nothing else changed; no delete or create)');
    assert.equal((await livePod()).spec?.containers?.[0]?.resources?.limits?.memory, '2Gi');
  });

  test('hover: restartPolicy only by recreating, resources.limits.memory through resize', async () => {
    const document = await vscode.workspace.openTextDocument(podUri(context, 'namespace-test', 'pod-test'));
    await vscode.window.showTextDocument(document);
    const text = document.getText();
    const hoverAt = async (re: RegExp) => {
      const m = re.exec(text);
      assert.ok(m, `${String(re)} not in the document`);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, document.positionAt(m.index + m[0].search(/\S/) + 1));
      return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    };
    const restart = await hoverAt(/^ {2}restartPolicy:/m);
    assert.match(restart, /only by recreating the pod/);
    assert.match(restart, /docs\/rules\.md#/);
    const memory = await hoverAt(/^ {8}limits:\n {10}cpu: \S+\n {10}memory:/m);
    assert.ok(memory.length > 0, 'a hover on limits');
    const memoryKey = await hoverAt(/(?<=limits:\n {10}cpu: \S+\n) {10}memory:/m);
    assert.match(memoryKey, /through the resize subresource/);
  });
});
