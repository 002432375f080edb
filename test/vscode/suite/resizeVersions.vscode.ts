// What the server's release and the podpatch.featureGates setting change in the editor (issue 12):
// the setting turns a gate on and a refused change becomes an accepted one (the toleration operator
// Lt, off by default in 1.37); against a 1.32 server (no pods/resize) a memory change is only
// recreate's: "Resize in place" is not offered, "Recreate pod" is.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { podUri } from '../../../src/vscode/documents/podUri';
import { startSandboxProcess, type SandboxProcess } from '../../support/sandboxProcess';
import { activatePodpatch, closeAllEditors, diagnosticsWhen, replaceText, when } from '../support/extensionHost';

const config = () => vscode.workspace.getConfiguration('podpatch');

suite('resize and other verdicts by release and feature gates', () => {
  teardown(closeAllEditors);

  test('podpatch.featureGates: TaintTolerationComparisonOperators=true turns the Lt toleration from refused to accepted', async () => {
    const api = await activatePodpatch();
    const context = api.clusters.currentContext ?? '';
    await when(api.clusters.onDidChangeRules, () => api.clusters.servers.serverOf(context), 'the server release to be detected');
    const document = await vscode.workspace.openTextDocument(podUri(context, 'namespace-test', 'pod-test'));
    await vscode.window.showTextDocument(document);
    const m = /^( *)tolerations:\n( *- )/m.exec(document.getText());
    assert.ok(m, 'pod-test has tolerations');
    const item = m[2];
    const pad = ' '.repeat(item.length);
    await replaceText(document, /^( *)tolerations:\n/m, `${m[1]}tolerations:\n${item}key: example.com/tier\n${pad}operator: Lt\n${pad}value: "5"\n${pad}effect: NoSchedule\n`);
    const lt = (ds: vscode.Diagnostic[]) => ds.some((d) => d.severity === vscode.DiagnosticSeverity.Error && /Unsupported value: "Lt"/.test(d.message));
    await diagnosticsWhen(document.uri, lt);
    try {
      await config().update('featureGates', { TaintTolerationComparisonOperators: true }, vscode.ConfigurationTarget.Workspace);
      const accepted = await diagnosticsWhen(document.uri, (ds) => !lt(ds));
      assert.deepEqual(accepted.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map((d) => d.message), [], 'with the gate on, adding the toleration is accepted');
    } finally {
      await config().update('featureGates', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await diagnosticsWhen(document.uri, lt);
  });

  suite('a 1.32 server (no pods/resize)', () => {
    let old: SandboxProcess | undefined;
    let oldContext = '';
    let kubeconfig = '';
    let previous = '';

    suiteSetup(async () => {
      old = await startSandboxProcess(['--kubernetes-version', '1.32']);
      const api = await activatePodpatch();
      previous = api.clusters.currentContext ?? '';
      kubeconfig = path.join(old.dir, 'kubeconfig-1.32.yaml');
      writeFileSync(kubeconfig, readFileSync(old.kubeconfigPath, 'utf8').replace(/podpatch-sandbox/g, 'podpatch-sandbox-132'));
      await api.clusters.addKubeconfig(kubeconfig);
      oldContext = api.clusters.contextsOf(kubeconfig)[0];
      assert.equal(oldContext, 'podpatch-sandbox-132');
      await api.clusters.setCurrentContext(oldContext);
      await api.clusters.whenSynced(oldContext);
      await when(api.clusters.onDidChangeRules, () => api.clusters.servers.serverOf(oldContext), 'the 1.32 release to be detected');
    });

    suiteTeardown(async () => {
      const api = await activatePodpatch();
      if (previous) await api.clusters.setCurrentContext(previous);
      if (kubeconfig) await api.clusters.removeKubeconfig(kubeconfig);
      await old?.stop();
    });

    test('a memory change is refused: Recreate is offered, Resize in place is not', async () => {
      const api = await activatePodpatch();
      assert.equal(api.clusters.servers.serverOf(oldContext)?.resizeServed, false);
      const document = await vscode.workspace.openTextDocument(podUri(oldContext, 'namespace-test', 'pod-test'));
      await vscode.window.showTextDocument(document);
      await replaceText(document, /memory: 1Gi/, 'memory: 2Gi');
      await replaceText(document, /memory: 1Gi/, 'memory: 2Gi');
      const ds = await diagnosticsWhen(document.uri, (all) => all.some((d) => d.severity === vscode.DiagnosticSeverity.Error));
      assert.ok(!ds.some((d) => /pods\/resize/.test(d.message)), 'no resize diagnostic on 1.32');
      const error = ds.find((d) => d.severity === vscode.DiagnosticSeverity.Error)!;
      const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, error.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
      const titles = actions.map((a) => a.title);
      assert.ok(titles.includes('Recreate pod with these changes…'), titles.join(' | '));
      assert.ok(!titles.some((t) => t.startsWith('Resize in place')), titles.join(' | '));
    });
  });
});
