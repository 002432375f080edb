// Checks the harness itself from inside the real extension host: podpatch is loaded under
// development and activates, its contributed commands are registered, the workspace holds the
// sample manifests, and the sandbox cluster named by KUBECONFIG answers.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';

suite('harness', () => {
  test('podpatch is loaded from the repository and activates', async () => {
    const ext = vscode.extensions.getExtension('podpatch.podpatch');
    assert.ok(ext, `podpatch.podpatch not among ${vscode.extensions.all.map((e) => e.id).join(', ')}`);
    assert.equal(ext.packageJSON.name, 'podpatch');
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  test('every command podpatch contributes is registered after activation', async () => {
    const ext = vscode.extensions.getExtension('podpatch.podpatch')!;
    await ext.activate();
    const contributed: string[] = (ext.packageJSON.contributes?.commands ?? []).map((c: { command: string }) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], 'contributed but not registered');
  });

  test('the workspace is a copy of the sample pod manifests', async () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1);
    const manifests = await vscode.workspace.findFiles('**/*.yaml');
    assert.ok(manifests.some((u) => u.path.endsWith('/pod-test.yaml')), `found: ${manifests.map((u) => u.path).join(', ')}`);
    const doc = await vscode.workspace.openTextDocument(manifests.find((u) => u.path.endsWith('/pod-test.yaml'))!);
    assert.equal(doc.languageId, 'yaml');
    assert.match(doc.getText(), /name: pod-test/);
  });

  test('KUBECONFIG points the extension host at the running sandbox', async () => {
    const kubeconfig = process.env.KUBECONFIG;
    const sandboxUrl = process.env.PODPATCH_SANDBOX_URL;
    assert.ok(kubeconfig && sandboxUrl, 'KUBECONFIG and PODPATCH_SANDBOX_URL must be set by the harness');
    assert.ok(readFileSync(kubeconfig, 'utf8').includes(sandboxUrl), 'kubeconfig does not name the sandbox');
    const res = await fetch(`${sandboxUrl}/api/v1/namespaces/namespace-test/pods/pod-test`, { signal: AbortSignal.timeout(10_000) });
    assert.equal(res.status, 200);
    const pod = (await res.json()) as { metadata: { name: string } };
    assert.equal(pod.metadata.name, 'pod-test');
  });
});
