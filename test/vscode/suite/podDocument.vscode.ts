// Pod documents inside the real extension host, against the harness's sandbox: opening pod-test
// yields its YAML (podpatch: file system), saving an edited label patches the sandbox, and a pod
// changed behind the editor's back is noticed (a clean buffer reloads; edits are kept and rebased).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseDocument } from 'yaml';
import type { PodpatchApi } from '../../../src/vscode/api';
import { activatePodpatch, closeAllEditors, when } from '../support/extensionHost';

const sandboxUrl = process.env.PODPATCH_SANDBOX_URL!;
const podAddress = { context: 'podpatch-sandbox', namespace: 'namespace-test', name: 'pod-test' };

type LivePod = { metadata: { resourceVersion: string; labels?: Record<string, string>; annotations?: Record<string, string> } };

async function livePod(): Promise<LivePod> {
  const res = await fetch(`${sandboxUrl}/api/v1/namespaces/namespace-test/pods/pod-test`, { signal: AbortSignal.timeout(10_000) });
  assert.equal(res.status, 200);
  return (await res.json()) as LivePod;
}

async function recordedRequests(): Promise<{ method: string; path: string; contentType?: string; status: number }[]> {
  const res = await fetch(`${sandboxUrl}/_podpatch/requests`, { signal: AbortSignal.timeout(10_000) });
  return (await res.json()) as { method: string; path: string; contentType?: string; status: number }[];
}

async function admin(pathname: string): Promise<void> {
  const res = await fetch(`${sandboxUrl}/_podpatch/${pathname}`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(10_000) });
  assert.ok(res.ok, `admin ${pathname}: ${res.status}`);
}

/** Replaces the value at `path` (a YAML scalar) in the editor's buffer. */
async function replaceValue(editor: vscode.TextEditor, path: string[], value: string): Promise<void> {
  const doc = editor.document;
  const node = parseDocument(doc.getText()).getIn(path, true) as { range?: [number, number, number] } | undefined;
  assert.ok(node?.range, `no ${path.join('.')} in the document`);
  const range = new vscode.Range(doc.positionAt(node.range[0]), doc.positionAt(node.range[1]));
  assert.ok(await editor.edit((b) => b.replace(range, value)));
}

/** Inserts an annotation line right under `annotations:` (keeps the rest of the text as it is). */
async function addAnnotation(editor: vscode.TextEditor, key: string, value: string): Promise<void> {
  const doc = editor.document;
  const line = [...Array(doc.lineCount).keys()].find((i) => /^  annotations:\s*$/.test(doc.lineAt(i).text));
  assert.ok(line !== undefined, 'no metadata.annotations in the document');
  assert.ok(await editor.edit((b) => b.insert(new vscode.Position(line + 1, 0), `    ${key}: ${value}\n`)));
}

async function openPodTest(): Promise<vscode.TextEditor> {
  await vscode.commands.executeCommand('podpatch.openPod', podAddress);
  const editor = vscode.window.activeTextEditor;
  assert.ok(editor, 'no active editor after Open Pod');
  return editor;
}

suite('pod documents', () => {
  suiteSetup(async () => {
    const api = await activatePodpatch();
    // Other suites share this sandbox and may leave pod-test open: close it, start from the seed,
    // and wait until the extension's watch has seen the reset (a lingering document reloads).
    await closeAllEditors();
    await admin('reset');
    const rv = (await livePod()).metadata.resourceVersion;
    const uri = api.documents.uriFor(podAddress.context, podAddress.namespace, podAddress.name);
    await when(api.clusters.onDidChangePods, () => BigInt(api.clusters.getWatchCache(podAddress.context)?.get('namespace-test', 'pod-test')?.resourceVersion ?? '0') >= BigInt(rv) || undefined, 'the watch to see the reset');
    await when(api.documents.onDidChange, () => { const e = api.documents.get(uri); return !e || BigInt(e.resourceVersion) >= BigInt(rv) || undefined; }, 'a lingering document to reload');
    // The save path asks before it sends when this is on (the default); these tests save directly.
    await vscode.workspace.getConfiguration('podpatch').update('confirmBeforePatch', false, vscode.ConfigurationTarget.Global);
  });

  teardown(closeAllEditors);

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('podpatch').update('confirmBeforePatch', undefined, vscode.ConfigurationTarget.Global);
    await admin('reset'); // back to the seed for the suites that follow
  });

  test('Open Pod yields the live pod as YAML at podpatch:/<context>/<namespace>/<name>.yaml', async () => {
    const api = await activatePodpatch();
    const editor = await openPodTest();
    const doc = editor.document;
    assert.equal(doc.uri.toString(), 'podpatch:/podpatch-sandbox/namespace-test/pod-test.yaml');
    assert.equal(doc.languageId, 'yaml');
    const text = doc.getText();
    assert.match(text, /^ {2}name: pod-test$/m);
    assert.match(text, /^# Pod namespace-test\/pod-test in context podpatch-sandbox\. Saving patches the live pod/m);
    assert.match(text, /^# status is read-only/m);
    assert.doesNotMatch(text, /managedFields/);
    const entry = api.documents.get(doc.uri);
    assert.ok(entry, 'the document store has no base for the document');
    assert.equal(entry.resourceVersion, (await livePod()).metadata.resourceVersion);
    assert.equal(entry.base.metadata?.name, 'pod-test');
  });

  test("saving after changing the 'name' label to pod-test2 patches the sandbox", async () => {
    const api = await activatePodpatch();
    const editor = await openPodTest();
    const requestsBefore = (await recordedRequests()).length;
    await replaceValue(editor, ['metadata', 'labels', 'name'], 'pod-test2');
    assert.ok(editor.document.isDirty);
    assert.equal(await editor.document.save(), true, 'the save (= patch) failed');
    const live = await livePod();
    assert.equal(live.metadata.labels?.name, 'pod-test2');
    assert.equal(editor.document.isDirty, false);
    const entry = api.documents.get(editor.document.uri)!;
    assert.equal(entry.resourceVersion, live.metadata.resourceVersion, 'the base moved to the patched pod');
    const patches = (await recordedRequests()).slice(requestsBefore).filter((r) => r.method === 'PATCH' && r.path.startsWith('/api/v1/namespaces/namespace-test/pods/pod-test'));
    assert.equal(patches.length, 1);
    assert.equal(patches[0].status, 200);
    assert.match(patches[0].contentType ?? '', /application\/merge-patch\+json/);
  });

  test('a clean document follows the pod when it changes behind the editor', async () => {
    const editor = await openPodTest();
    assert.doesNotMatch(editor.document.getText(), /sandbox\.podpatch\.dev\/touched/);
    await admin('pods/namespace-test/pod-test/touch');
    await when(vscode.workspace.onDidChangeTextDocument, () => /sandbox\.podpatch\.dev\/touched/.test(editor.document.getText()) || undefined, 'the document to reload');
    assert.equal(editor.document.isDirty, false);
  });

  test('after a save that patched, the clean document still follows the pod (the follow-up does not leave it busy)', async () => {
    const api = await activatePodpatch();
    const editor = await openPodTest();
    const uri = editor.document.uri;
    await replaceValue(editor, ['metadata', 'labels', 'name'], 'saved-then-followed');
    assert.equal(await editor.document.save(), true, 'the save (= patch) failed');
    const rvShown = (rv: string | undefined) => new RegExp(`^  resourceVersion: "?${rv}"?$`, 'm').test(editor.document.getText());
    const patched = (await livePod()).metadata.resourceVersion;
    await when(vscode.workspace.onDidChangeTextDocument, () => (rvShown(patched) && !editor.document.isDirty) || undefined, "the document to show the server's pod after the save");
    await when(api.documents.onDidChange, () => !api.documents.get(uri)?.busy || undefined, 'the save and its follow-up to settle');
    await admin('pods/namespace-test/pod-test/touch');
    const touched = (await livePod()).metadata.resourceVersion;
    await when(vscode.workspace.onDidChangeTextDocument, () => rvShown(touched) || undefined, 'the document to follow a change made after the save');
    assert.equal(editor.document.isDirty, false);
  });

  test('unsaved edits survive a change behind the editor: the document is marked stale, and a rebase keeps them', async () => {
    const api = await activatePodpatch();
    const editor = await openPodTest();
    const uri = editor.document.uri;
    await addAnnotation(editor, 'example.com/edited-in-editor', '"yes"');
    const openedAt = api.documents.get(uri)!.resourceVersion;
    await admin('pods/namespace-test/pod-test/touch');
    const stale = await when(api.documents.onDidChange, () => api.documents.get(uri)?.liveResourceVersion, 'the store to notice the live change');
    assert.notEqual(stale, openedAt);
    assert.equal(editor.document.isDirty, true);
    assert.match(editor.document.getText(), /example\.com\/edited-in-editor: "yes"/, 'the edit was lost');
    assert.equal(api.documents.get(uri)!.resourceVersion, openedAt, 'the base must not move by itself');

    await api.patch.rebaseDocument(uri);
    const entry = api.documents.get(uri)!;
    assert.equal(entry.liveResourceVersion, undefined);
    assert.equal(entry.resourceVersion, (await livePod()).metadata.resourceVersion);
    const text = editor.document.getText();
    assert.match(text, /example\.com\/edited-in-editor: "yes"/, 'the rebase lost the edit');
    assert.match(text, /sandbox\.podpatch\.dev\/touched/, 'the rebase did not take the live change');
  });
});
