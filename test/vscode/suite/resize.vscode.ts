// In-place resize from the editor (issue 12) against the session's sandbox (it plays the newest
// modelled release, which serves pods/resize): the detected release in the rules, the resize
// diagnostic as you type, a save that sends exactly one PATCH to .../resize and no recreate, the
// hover that says how a field can change on this server; the quick fix "Resize in place" (only the
// resize goes out, the progress shows in the tree and the document until done), a dry run of both
// writes, a refused resize next to a stored main patch, and a resize the node finds Infeasible.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { podUri } from '../../../src/vscode/documents/podUri';
import { activatePodpatch, closeAllEditors, diagnosticsWhen, replaceText, when } from '../support/extensionHost';
import type { Notice } from '../../../src/vscode/patch/patchNotices';

const sandboxUrl = process.env.PODPATCH_SANDBOX_URL ?? '';
type Recorded = { method: string; path: string; query?: string; status?: number };
type Pod = { metadata?: { labels?: Record<string, string> }; spec?: { containers?: { resources?: { limits?: Record<string, string> } }[] } };

async function admin<T>(path: string, method = 'GET', body: unknown = {}): Promise<T> {
  const res = await fetch(`${sandboxUrl}/_podpatch/${path}`, { method, body: method === 'POST' ? JSON.stringify(body) : undefined, headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(10_000) });
  assert.ok(res.ok, `admin ${path}: ${res.status}`);
  return (await res.json().catch(() => undefined)) as T;
}

async function livePod(): Promise<Pod> {
  const res = await fetch(`${sandboxUrl}/api/v1/namespaces/namespace-test/pods/pod-test`, { signal: AbortSignal.timeout(10_000) });
  assert.equal(res.status, 200);
  return (await res.json()) as Pod;
}

/**
 * The suite's hooks: the session sandbox's context once its release is detected (the sandbox reset
 * first when asked), no preview before sends (restored after the suite), editors closed per test.
 */
function useSandboxContext(opts: { reset: boolean }): { context: string } {
  const session = { context: '' };
  const config = () => vscode.workspace.getConfiguration('podpatch');
  suiteSetup(async () => {
    const api = await activatePodpatch();
    if (opts.reset) await admin('reset', 'POST');
    session.context = api.clusters.currentContext ?? '';
    assert.ok(session.context, 'no current context from KUBECONFIG');
    await api.clusters.whenSynced(session.context);
    await when(api.clusters.onDidChangeRules, () => api.clusters.servers.serverOf(session.context), 'the server release to be detected');
    await config().update('confirmBeforePatch', false, vscode.ConfigurationTarget.Workspace);
  });
  suiteTeardown(async () => {
    await config().update('confirmBeforePatch', undefined, vscode.ConfigurationTarget.Workspace);
  });
  teardown(closeAllEditors);
  return session;
}

suite('in-place resize and the field hover', () => {
  const session = useSandboxContext({ reset: true });

  test('the detected release: resize served, named in the rules the documents use', async () => {
    const api = await activatePodpatch();
    const server = api.clusters.servers.serverOf(session.context)!;
    assert.equal(server.resizeServed, true, 'the sandbox (newest release) serves pods/resize');
    assert.match(api.clusters.servers.label(session.context) ?? '', /^k8s 1\.\d+$/);
    assert.equal(api.clusters.ruleSettingsFor(session.context).splitResize, true);
  });

  test('a memory change is a resize diagnostic; saving sends one PATCH to /resize and no recreate', async () => {
    const document = await vscode.workspace.openTextDocument(podUri(session.context, 'namespace-test', 'pod-test'));
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
    const document = await vscode.workspace.openTextDocument(podUri(session.context, 'namespace-test', 'pod-test'));
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

const podWritesSince = async (before: number) => (await admin<Recorded[]>('requests')).slice(before)
  .filter((r) => r.method !== 'GET' && r.path.includes('/pods/pod-test'))
  .map((r) => `${r.method} ${r.path}${r.query ? `?${r.query}` : ''} ${r.status}`);

/** Every notice shown from now until `dispose`. */
async function recordNotices(): Promise<{ notices: Notice[]; next: (re: RegExp, what: string) => Promise<Notice>; dispose(): void }> {
  const api = await activatePodpatch();
  const notices: Notice[] = [];
  const sub = api.patch.notices.onDidShow((n) => notices.push(n));
  const next = (re: RegExp, what: string) => when(api.patch.notices.onDidShow, () => notices.find((n) => re.test(n.message)), what);
  return { notices, next, dispose: () => sub.dispose() };
}

async function openPodTest(context: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(podUri(context, 'namespace-test', 'pod-test'));
  await vscode.window.showTextDocument(document);
  return document;
}

/** Sets requests and limits of memory alike (Guaranteed stays Guaranteed). */
async function setMemory(document: vscode.TextDocument, value: string): Promise<void> {
  for (let i = 0; i < 2; i++) {
    const text = document.getText();
    const all = [...text.matchAll(/^( {10}memory: )(\S+)$/gm)];
    const stale = all.find((m) => m[2] !== value);
    assert.ok(stale, `no memory line left to set to ${value}`);
    await replaceText(document, new RegExp(`^ {10}memory: ${stale[2]}$`, 'm'), `${stale[1]}${value}`);
  }
}

async function addLabel(document: vscode.TextDocument, key: string, value: string): Promise<void> {
  await replaceText(document, /^ {2}labels:$/m, `  labels:\n    ${key}: ${value}`);
}

function podRow(api: Awaited<ReturnType<typeof activatePodpatch>>, context: string): string {
  return String(api.tree.getTreeItem(api.tree.podNode(context, 'namespace-test', 'pod-test')).description ?? '');
}

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
  return lenses.map((l) => l.command?.title ?? '');
}

function nextEnd(api: Awaited<ReturnType<typeof activatePodpatch>>): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { sub.dispose(); reject(new Error('timed out waiting for the followed resize to end')); }, 20_000);
    const sub = api.patch.follower.onDidEnd((e) => { clearTimeout(timer); sub.dispose(); resolve(e.outcome); });
  });
}

suite('resize in place from the editor: quick fix, progress, dry run, refusals', () => {
  const session = useSandboxContext({ reset: false });

  test('quick fix "Resize in place": one PATCH to /resize, the label edit stays unsaved, progress in the tree and the document until done', async () => {
    const api = await activatePodpatch();
    const document = await openPodTest(session.context);
    await setMemory(document, '3Gi');
    await addLabel(document, 'edited-by', 'quickfix-test');
    // The lint of the last edit (the label moved every line below it down by one).
    const line = document.getText().split('\n').findIndex((l) => l.trim() === 'memory: 3Gi');
    const ds = await diagnosticsWhen(document.uri, (all) => all.some((d) => /pods\/resize/.test(d.message) && d.range.start.line === line));
    const memory = ds.find((d) => /pods\/resize/.test(d.message) && d.range.start.line === line)!;
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, memory.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    const fix = actions.find((a) => a.title.startsWith('Resize in place'));
    assert.ok(fix?.command, `no "Resize in place" among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(fix.title, 'Resize in place (container test: memory)');
    assert.equal(fix.disabled, undefined);
    assert.ok(!actions.some((a) => /Recreate/.test(a.title)), 'a resize needs no recreate');
    // What the tree and the document show while the kubelet works (read on every watch batch).
    const rows: string[] = [];
    const lenses: Promise<string[]>[] = [];
    const watching = api.clusters.onDidChangePods(() => { rows.push(podRow(api, session.context)); lenses.push(lensTitles(document.uri)); });
    const ended = nextEnd(api);
    const before = (await admin<Recorded[]>('requests')).length;
    try {
      assert.equal(await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? [])), 'sent');
      assert.equal(await ended, 'done');
    } finally {
      watching.dispose();
    }
    assert.deepEqual(await podWritesSince(before), ['PATCH /api/v1/namespaces/namespace-test/pods/pod-test/resize?fieldManager=podpatch 200'], 'only the resize went out');
    assert.equal((await livePod()).spec?.containers?.[0]?.resources?.limits?.memory, '3Gi');
    assert.equal((await livePod()).metadata?.labels?.['edited-by'], undefined, 'the label was not sent');
    assert.ok(document.isDirty && document.getText().includes('edited-by: quickfix-test'), 'the label edit is still in the buffer, unsaved');
    assert.equal((api.documents.get(document.uri)?.base as Pod | undefined)?.spec?.containers?.[0]?.resources?.limits?.memory, '3Gi', "the document's base is the resized pod");
    assert.ok(rows.some((r) => /^\S+ · resizing · /.test(r)), `the tree row said "resizing" while in progress; saw ${JSON.stringify(rows)}`);
    const seenLenses = (await Promise.all(lenses)).flat();
    // Lenses are asked for after each batch, so one may see a later state than its batch: any
    // not-done state on the container counts.
    assert.ok(seenLenses.some((t) => /Resize (in progress|requested, not yet picked up by the kubelet) · test: requests\.memory 3Gi/.test(t)), `a lens on the container showed the resize under way; saw ${JSON.stringify(seenLenses)}`);
    await when(api.clusters.onDidChangePods, () => (!/resiz/.test(podRow(api, session.context)) ? true : undefined), 'the tree row to drop the resize');
    assert.deepEqual(await lensTitles(document.uri), [], 'done: no lens');
  });

  test('Dry Run sends the patch and the resize with dryRun=All and reports both', async () => {
    const document = await openPodTest(session.context);
    const live = await livePod();
    await setMemory(document, '5Gi');
    await addLabel(document, 'dry', 'run');
    await diagnosticsWhen(document.uri, (all) => all.some((d) => /pods\/resize/.test(d.message)));
    const heard = await recordNotices();
    const before = (await admin<Recorded[]>('requests')).length;
    try {
      await vscode.commands.executeCommand('podpatch.dryRunPatch', document.uri);
      const notice = await heard.next(/^Dry run of namespace-test\/pod-test/, 'the dry run notice');
      assert.equal(notice.message, 'Dry run of namespace-test/pod-test: the server accepts the patch; the server accepts the resize (pods/resize). Nothing was changed.');
      assert.equal(heard.notices.length, 1, 'one message for the dry run');
    } finally {
      heard.dispose();
    }
    assert.deepEqual(await podWritesSince(before), [
      'PATCH /api/v1/namespaces/namespace-test/pods/pod-test?dryRun=All&fieldManager=podpatch 200',
      'PATCH /api/v1/namespaces/namespace-test/pods/pod-test/resize?dryRun=All&fieldManager=podpatch 200',
    ]);
    assert.deepEqual(await livePod(), live, 'nothing stored');
    assert.ok(document.isDirty);
  });

  test('a refused resize: the main patch is stored and reported, the resize refusal named and marked on the resources, the edit kept', async () => {
    const document = await openPodTest(session.context);
    await setMemory(document, '6Gi');
    await addLabel(document, 'stored', 'yes');
    await diagnosticsWhen(document.uri, (all) => all.some((d) => /pods\/resize/.test(d.message)));
    // A server whose rules podpatch cannot know refuses the resize (a 422 with one cause).
    await admin('faults', 'POST', { count: 1, status: 422, method: 'PATCH', pathPrefix: '/api/v1/namespaces/namespace-test/pods/pod-test/resize', field: 'spec.containers[0].resources.limits', message: 'resizes are switched off on this node pool' });
    const heard = await recordNotices();
    try {
      assert.equal(await document.save(), true);
      const patched = await heard.next(/^Patched pod namespace-test\/pod-test/, 'the main patch report');
      assert.match(patched.message, /^Patched pod namespace-test\/pod-test: metadata\.labels\[stored\] \(resourceVersion \d+\)\.$/);
      const refused = await heard.next(/^Resize of/, 'the resize refusal');
      assert.equal(refused.severity, 'error');
      assert.equal(refused.message, 'Resize of namespace-test/pod-test was refused: spec.containers[0].resources.limits: Forbidden: resizes are switched off on this node pool. Your resource changes are still in the editor.');
      assert.equal(heard.notices.length, 2, `one message per event: ${heard.notices.map((n) => n.message).join(' | ')}`);
    } finally {
      heard.dispose();
    }
    const ds = await diagnosticsWhen(document.uri, (all) => all.some((d) => d.message.includes('refused by the server')));
    const cause = ds.find((d) => d.message.includes('refused by the server'))!;
    assert.equal(document.lineAt(cause.range.start.line).text.trim(), 'limits:');
    const live = await livePod();
    assert.equal(live.metadata?.labels?.stored, 'yes');
    assert.notEqual(live.spec?.containers?.[0]?.resources?.limits?.memory, '6Gi');
    await when(vscode.workspace.onDidChangeTextDocument, () => (document.isDirty ? true : undefined), 'the buffer to be dirty again');
    assert.match(document.getText(), /memory: 6Gi/);
  });

  test('a resize the node cannot fit: Infeasible named once, marked on the resources, shown in the tree and the lens; a smaller resize clears it', async () => {
    const api = await activatePodpatch();
    const document = await openPodTest(session.context);
    await setMemory(document, '64Gi');
    await diagnosticsWhen(document.uri, (all) => all.some((d) => /pods\/resize/.test(d.message)));
    const heard = await recordNotices();
    const ended = nextEnd(api);
    try {
      assert.equal(await document.save(), true);
      assert.equal(await ended, 'infeasible');
      const notice = await heard.next(/Infeasible/, 'the Infeasible notice');
      assert.match(notice.message, /^Resize of namespace-test\/pod-test was refused by the node \(Infeasible\): Node didn't have enough capacity: memory, requested: \d+, capacity: \d+\./);
      const ds = await diagnosticsWhen(document.uri, (all) => all.some((d) => d.code === 'PodResizePending'));
      const marked = ds.filter((d) => d.code === 'PodResizePending');
      assert.equal(marked.length, 1);
      assert.equal(marked[0].severity, vscode.DiagnosticSeverity.Error);
      assert.equal(document.lineAt(marked[0].range.start.line).text.trim(), 'resources:');
      await when(api.clusters.onDidChangePods, () => (/^\S+ · resize Infeasible · /.test(podRow(api, session.context)) ? true : undefined), 'the tree row to say resize Infeasible');
      assert.ok((await lensTitles(document.uri)).some((t) => t.startsWith("$(error) Resize refused by the node (Infeasible): Node didn't have enough capacity")));
      // Back within the node: the kubelet applies it and the marks go away.
      const done = nextEnd(api);
      await setMemory(document, '2Gi');
      assert.equal(await document.save(), true);
      assert.equal(await done, 'done');
      await diagnosticsWhen(document.uri, (all) => !all.some((d) => d.code === 'PodResizePending'));
      assert.equal(heard.notices.length, 1, `one message: ${heard.notices.map((n) => n.message).join(' | ')}`);
    } finally {
      heard.dispose();
    }
  });
});
