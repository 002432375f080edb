// podpatch in the real extension host against a real kube-apiserver (test:real starts it, with etcd,
// and creates the pod real-pod in default; no scheduler or kubelet, so the pod stays Pending). The
// release is detected from the server, a change it refuses is flagged and not sent, an allowed
// change is saved and lands on the server, and a memory change goes through pods/resize.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { Agent, request } from 'undici';
import { podUri } from '../../../src/vscode/documents/podUri';
import { activatePodpatch, closeAllEditors, diagnosticsWhen, replaceText, when } from '../support/extensionHost';

type Pod = { metadata: { resourceVersion: string; labels?: Record<string, string> }; spec: { restartPolicy?: string; containers: { image: string; resources?: { limits?: Record<string, string> } }[] } };

const url = process.env.PODPATCH_REAL_URL ?? '';
const token = process.env.PODPATCH_REAL_TOKEN ?? '';
const context = process.env.PODPATCH_REAL_CONTEXT ?? '';
const dispatcher = new Agent({ connect: { ca: process.env.PODPATCH_REAL_CA ? readFileSync(process.env.PODPATCH_REAL_CA, 'utf8') : undefined } });

async function livePod(): Promise<Pod> {
  const res = await request(`${url}/api/v1/namespaces/default/pods/real-pod`, { dispatcher, headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
  assert.equal(res.statusCode, 200);
  return (await res.body.json()) as Pod;
}

/** After a save, podpatch writes the server's answer into the buffer and saves it: wait for that. */
async function showsServerPod(document: vscode.TextDocument, live: Pod): Promise<void> {
  const rv = `resourceVersion: "${live.metadata.resourceVersion}"`;
  await when(vscode.workspace.onDidChangeTextDocument, () => (!document.isDirty && document.getText().includes(rv)) || undefined, `the document to show the server's pod (${rv}), saved`);
}

suite('podpatch against a real kube-apiserver', () => {
  const config = () => vscode.workspace.getConfiguration('podpatch');
  let document: vscode.TextDocument;

  suiteSetup(async () => {
    const api = await activatePodpatch();
    assert.equal(api.clusters.currentContext, context, 'the real cluster is the current context');
    await api.clusters.whenSynced(context);
    await config().update('confirmBeforePatch', false, vscode.ConfigurationTarget.Workspace);
  });

  suiteTeardown(async () => {
    await config().update('confirmBeforePatch', undefined, vscode.ConfigurationTarget.Workspace);
    await closeAllEditors();
    await dispatcher.close();
  });

  test('the release is read from the real server: its version and pods/resize', async () => {
    const api = await activatePodpatch();
    const server = await when(api.clusters.servers.onDidChange, () => api.clusters.servers.serverOf(context), 'the server version to be detected');
    assert.match(server.gitVersion ?? '', /^v1\.\d+\.\d+$/);
    assert.equal(`k8s ${server.serverVersion}`, api.clusters.servers.label(context));
    assert.equal(server.resizeServed, true, 'a release from 1.33 on lists pods/resize in discovery');
    assert.equal(server.fallback, undefined, 'a modelled release, no fallback');
  });

  test('a change the server refuses is flagged on its line and saving does not send it', async () => {
    document = await vscode.workspace.openTextDocument(podUri(context, 'default', 'real-pod'));
    await vscode.window.showTextDocument(document);
    const before = await livePod();
    await replaceText(document, 'restartPolicy: Always', 'restartPolicy: Never');
    const typed = document.getText();
    const line = document.getText().split('\n').findIndex((l) => l.includes('restartPolicy: Never'));
    const ds = await diagnosticsWhen(document.uri, (all) => all.some((d) => d.range.start.line === line && d.severity === vscode.DiagnosticSeverity.Error));
    assert.ok(ds.some((d) => /pod updates may not change/.test(d.message)), ds.map((d) => d.message).join('\n'));
    assert.equal(await document.save(), true, 'VS Code sees no failed write');
    // podpatch makes the buffer dirty again with an edit and its undo: wait for the text exactly as typed.
    await when(vscode.workspace.onDidChangeTextDocument, () => (document.isDirty && document.getText() === typed) || undefined, 'the refused edit to stay in the buffer as typed, unsaved');
    const after = await livePod();
    assert.equal(after.metadata.resourceVersion, before.metadata.resourceVersion, 'nothing was written to the server');
    assert.equal(after.spec.restartPolicy, 'Always');
    await replaceText(document, 'restartPolicy: Never', 'restartPolicy: Always');
  });

  test('an allowed change (a label and the image) is saved and the real server has it', async () => {
    await replaceText(document, /^ {2}labels:\n/m, '  labels:\n    reviewed: "yes"\n');
    await replaceText(document, 'image: nginx:1.27', 'image: nginx:1.28');
    await diagnosticsWhen(document.uri, (all) => !all.some((d) => d.severity === vscode.DiagnosticSeverity.Error));
    assert.equal(await document.save(), true);
    const live = await livePod();
    await showsServerPod(document, live);
    assert.equal(live.metadata.labels?.reviewed, 'yes');
    assert.equal(live.spec.containers[0].image, 'nginx:1.28');
  });

  test('a memory change is sent through pods/resize and the real server applies it', async () => {
    await closeAllEditors();
    document = await vscode.workspace.openTextDocument(podUri(context, 'default', 'real-pod'));
    await vscode.window.showTextDocument(document);
    // Guaranteed QoS must stay Guaranteed (podpatch refuses otherwise, as the server would): both change.
    await replaceText(document, /memory: 128Mi/, 'memory: 256Mi');
    await replaceText(document, /memory: 128Mi/, 'memory: 256Mi');
    await diagnosticsWhen(document.uri, (all) => all.some((d) => /pods\/resize/.test(d.message)));
    assert.equal(await document.save(), true);
    const live = await livePod();
    assert.equal(live.spec.containers[0].resources?.limits?.memory, '256Mi');
    await showsServerPod(document, live);
    assert.match(document.getText(), /memory: 256Mi/);
  });
});
