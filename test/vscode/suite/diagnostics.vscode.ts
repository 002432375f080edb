// Diagnostics and quick fixes inside the real extension host, against the sandbox named by
// KUBECONFIG: an edit the server will refuse gets an Error on its line with the rule link and the
// live value, and the quick fix puts the value back; local manifests are compared with the live pod.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { podUri } from '../../../src/vscode/documents/podUri';
import { activatePodpatch, closeAllEditors, diagnosticsWhen, replaceText } from '../support/extensionHost';

type Analysis = { analysis: { diagnostics: { severity: string; message: string }[] }; target?: { kind: 'pod' | 'file'; name: string } };
type Api = {
  clusters: { currentContext: string | undefined; whenSynced(context?: string): Promise<unknown> };
  patch: { diagnostics: { publishNow(document: vscode.TextDocument): Analysis | undefined } };
};

const sandboxUrl = process.env.PODPATCH_SANDBOX_URL ?? '';

async function admin(path: string): Promise<void> {
  const res = await fetch(`${sandboxUrl}/_podpatch/${path}`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(10_000) });
  assert.ok(res.ok, `admin ${path}: ${res.status}`);
}

function lineOf(document: vscode.TextDocument, needle: string): number {
  return document.getText().split('\n').findIndex((l) => l.includes(needle));
}

suite('diagnostics and quick fixes', () => {
  let context: string;

  suiteSetup(async () => {
    const a = (await activatePodpatch()) as Api;
    await admin('reset');
    context = a.clusters.currentContext ?? '';
    assert.ok(context, 'no current context from KUBECONFIG');
    await a.clusters.whenSynced(context);
  });

  teardown(closeAllEditors);

  test('changing restartPolicy in a pod document is an Error on that line; the quick fix reverts it', async () => {
    const uri = podUri(context, 'namespace-test', 'pod-test');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    assert.match(document.getText(), /restartPolicy: Always/);
    // Opening an unchanged pod yields no errors (linted now: a wait on the published set would
    // pass at once, before the first lint has run).
    const opened = ((await activatePodpatch()) as Api).patch.diagnostics.publishNow(document);
    assert.equal(opened?.target?.kind, 'pod', 'linted against the pod as fetched');
    assert.deepEqual(opened.analysis.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);

    await replaceText(document, 'restartPolicy: Always', 'restartPolicy: Never');
    const line = lineOf(document, 'restartPolicy: Never');
    const diagnostics = await diagnosticsWhen(uri, (ds) => ds.some((d) => d.severity === vscode.DiagnosticSeverity.Error && d.range.start.line === line));
    const error = diagnostics.find((d) => d.severity === vscode.DiagnosticSeverity.Error && d.range.start.line === line)!;
    assert.equal(document.getText(error.range), 'Never');
    assert.match(error.message, /^spec\.restartPolicy: Forbidden: pod updates may not change/);
    assert.equal(typeof error.code === 'object' ? error.code.value : error.code, 'spec.fieldChanged');
    assert.ok(typeof error.code === 'object' && error.code.target.path.endsWith('/docs/rules.md'), 'code links to docs/rules.md');
    assert.match(error.relatedInformation?.[0]?.message ?? '', /spec\.restartPolicy = Always/);
    // One forbidden change, one error: upstream's catch-all rides along as related information, not a second error on `spec:`.
    assert.deepEqual(diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length, 1, diagnostics.map((d) => d.message).join(' | '));
    assert.ok(error.relatedInformation?.some((r) => r.message.startsWith('The API server says: spec: Forbidden: pod updates may not change fields other than')), JSON.stringify(error.relatedInformation?.map((r) => r.message)));

    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, error.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Recreate pod with these changes…'), titles.join(' | '));
    // Plain-text titles: the light bulb menu shows backticks literally.
    const revert = actions.find((a) => a.title === 'Revert spec.restartPolicy to "Always"');
    assert.ok(revert?.edit, `no revert among: ${titles.join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(revert.edit));
    assert.equal(document.lineAt(line).text.trim(), 'restartPolicy: Always');
    await diagnosticsWhen(uri, (ds) => !ds.some((d) => d.severity === vscode.DiagnosticSeverity.Error));
  });

  test('Revert All puts back every refused change in one edit and leaves allowed ones', async () => {
    const uri = podUri(context, 'namespace-test', 'pod-test');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    await replaceText(document, 'restartPolicy: Always', 'restartPolicy: OnFailure');
    await replaceText(document, 'dnsPolicy: ClusterFirst', 'dnsPolicy: Default');
    await replaceText(document, 'image: redis:latest', 'image: redis:7');
    await diagnosticsWhen(uri, (ds) => ds.filter((d) => d.severity === vscode.DiagnosticSeverity.Error && !d.message.startsWith('spec:')).length === 2);
    const versionBefore = document.version;
    assert.equal(await vscode.commands.executeCommand('podpatch.revertAllRefused', uri), true);
    assert.equal(document.version, versionBefore + 1, 'one edit');
    assert.match(document.getText(), /restartPolicy: Always/);
    assert.match(document.getText(), /dnsPolicy: ClusterFirst/);
    assert.match(document.getText(), /image: redis:7/);
    await diagnosticsWhen(uri, (ds) => !ds.some((d) => d.severity === vscode.DiagnosticSeverity.Error));
  });

  test('status edits are Information ("the server ignores this"); YAML errors are Errors', async () => {
    const uri = podUri(context, 'namespace-test', 'pod-test');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    await replaceText(document, 'phase: Running', 'phase: Failed');
    const info = await diagnosticsWhen(uri, (ds) => ds.some((d) => d.severity === vscode.DiagnosticSeverity.Information));
    assert.match(info.find((d) => d.severity === vscode.DiagnosticSeverity.Information)!.message, /ignores/);
    await replaceText(document, 'restartPolicy: Always', 'restartPolicy: [Always');
    const yamlErrors = await diagnosticsWhen(uri, (ds) => ds.some((d) => d.code === 'yaml'));
    assert.equal(yamlErrors.find((d) => d.code === 'yaml')!.severity, vscode.DiagnosticSeverity.Error);
  });

  test('a local manifest is compared with the live pod of the same name', async () => {
    const [file] = await vscode.workspace.findFiles('**/pod-test.yaml');
    assert.ok(file, 'sample workspace has pod-test.yaml');
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    // The hand-written manifest leaves defaulted fields out: no false "removed" errors.
    const opened = ((await activatePodpatch()) as Api).patch.diagnostics.publishNow(document);
    assert.equal(opened?.target?.kind, 'file', 'compared with the live pod');
    assert.deepEqual(opened.analysis.diagnostics.map((d) => d.message), []);
    await replaceText(document, 'restartPolicy: Always', 'restartPolicy: Never');
    const line = lineOf(document, 'restartPolicy: Never');
    const ds = await diagnosticsWhen(file, (all) => all.some((d) => d.severity === vscode.DiagnosticSeverity.Error && d.range.start.line === line));
    assert.ok(ds.some((d) => d.message.startsWith('spec.restartPolicy: Forbidden')));
  });

  test('a local manifest: a renamed container is flagged on the name, and its revert changes only that name', async () => {
    const [file] = await vscode.workspace.findFiles('**/pod-test.yaml');
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    const before = document.getText();
    await replaceText(document, '- name: test', '- name: renamed');
    const line = lineOf(document, '- name: renamed');
    // Waits for the lint of this edit: the file may still carry the previous test's error until it lands (VS Code 1.139 ran ahead of it).
    const ds = await diagnosticsWhen(file, (all) => all.some((d) => d.severity === vscode.DiagnosticSeverity.Error && d.range.start.line === line));
    const errors = ds.filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.deepEqual(errors.map((d) => [d.range.start.line, document.getText(d.range)]), [[line, 'renamed']], errors.map((d) => d.message).join(' | '));
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', file, errors[0].range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    const revert = actions.find((a) => a.title === 'Revert spec.containers[0].name to "test"');
    assert.ok(revert?.edit, actions.map((a) => a.title).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(revert.edit));
    assert.equal(document.getText(), before, 'only the name went back; the rest of the file (redis:latest, no server defaults) as written');
  });

  test('a manifest naming a pod the cluster does not have: Information on metadata.name saying where podpatch looked', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: no-such-pod\n  namespace: namespace-test\nspec:\n  containers:\n    - name: a\n      image: b\n' });
    await vscode.window.showTextDocument(document);
    const ds = await diagnosticsWhen(document.uri, (all) => all.length > 0);
    assert.equal(ds.length, 1);
    assert.equal(ds[0].severity, vscode.DiagnosticSeverity.Information);
    assert.equal(ds[0].range.start.line, lineOf(document, 'name: no-such-pod'));
    assert.ok(ds[0].message.includes(`no pod no-such-pod in namespace namespace-test of context ${context}`), ds[0].message);
  });
});
