// The pod tree inside the real extension host, against the sandbox the harness runs (KUBECONFIG):
// contexts → namespaces → pods from the watch cache, live updates, the text filter, the namespace
// filter, an owner group of more pods than a page opening into pages, and the error node for a
// cluster that cannot be reached.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { PodpatchApi } from '../../../src/vscode/api';
import type { TreeNode } from '../../../src/vscode/tree/podTreeProvider';
import { podsPerPage } from '../../../src/vscode/tree/podTreeRefresh';
import { activatePodpatch, when } from '../support/extensionHost';

const sandboxUrl = process.env.PODPATCH_SANDBOX_URL!;

/**
 * A loopback port that refuses connections for the whole test. A port just freed by listen(0)
 * is not: it lies in the ephemeral range, where any process's listen(0) (another test's server)
 * may take it again, and where a connect() to it may even be given it as its own source port
 * (a TCP self-connect). Either way the "unreachable" cluster then answers, or hangs until the
 * client's 30 s timeout, once for the list and again for Retry: over the 60 s test limit under
 * load. Below the ephemeral range only explicit binds land, and our tests bind port 0 only.
 */
async function refusedPort(): Promise<number> {
  let ephemeralLow = 32_768; // below every OS's default ephemeral range
  try {
    ephemeralLow = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
  } catch {
    // not Linux: keep the default
  }
  const low = 10_000;
  const high = Number.isFinite(ephemeralLow) && ephemeralLow > low + 100 ? ephemeralLow : 32_768;
  for (let attempt = 0; attempt < 50; attempt++) {
    const candidate = low + Math.floor(Math.random() * (high - low));
    const free = await new Promise<boolean>((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(false));
      srv.listen(candidate, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (free) return candidate;
  }
  throw new Error(`no free loopback port between ${low} and ${high}`);
}

function labelOf(api: PodpatchApi, node: TreeNode): string {
  const label = api.tree.getTreeItem(node).label;
  return typeof label === 'string' ? label : label?.label ?? '';
}

async function childrenNamed(api: PodpatchApi, parent: TreeNode | undefined, label: string): Promise<TreeNode | undefined> {
  const children = await api.tree.getChildren(parent);
  return children.find((c) => labelOf(api, c) === label);
}

async function contextNode(api: PodpatchApi, name: string): Promise<TreeNode> {
  const node = await childrenNamed(api, undefined, name);
  assert.ok(node, `no context node ${name}`);
  return node;
}

async function admin(pathname: string, body: unknown = {}): Promise<unknown> {
  const res = await fetch(`${sandboxUrl}/_podpatch/${pathname}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(10_000) });
  assert.ok(res.ok, `admin ${pathname}: ${res.status}`);
  return res.json().catch(() => undefined);
}

async function sandboxRequest(method: string, pathname: string, body?: unknown): Promise<Response> {
  return fetch(`${sandboxUrl}${pathname}`, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(10_000) });
}

suite('pod tree', () => {
  suiteSetup(async () => {
    await vscode.commands.executeCommand('podpatch.pods.focus');
  });

  test('activates quickly on the view (activation time logged)', async () => {
    const api = await activatePodpatch();
    console.log(`[podpatch-vscode] metric activationMs=${api.activationMs.toFixed(1)}`);
    assert.ok(api.activationMs > 0);
    assert.equal(api.clusters.currentContext, 'podpatch-sandbox');
    assert.equal(api.clusters.kubeconfigError, undefined);
  });

  test("lists the sandbox's pod-test under namespace-test, with status, readiness, restarts and age", async () => {
    const api = await activatePodpatch();
    const ctx = await contextNode(api, 'podpatch-sandbox');
    const ns = await when(api.tree.onDidChangeTreeData, () => childrenNamed(api, ctx, 'namespace-test'), 'namespace-test in the tree');
    const pod = await childrenNamed(api, ns, 'pod-test');
    assert.ok(pod, 'pod-test is not listed under namespace-test');
    const item = api.tree.getTreeItem(pod);
    assert.equal(item.contextValue, 'pod');
    assert.match(String(item.description), /^\S+ · \d+\/1 · \d+ restarts? · \S+$/);
    assert.equal(item.tooltip, undefined, 'tooltips are resolved on hover, not for every row');
    const tooltip = ((await api.tree.resolveTreeItem(item, pod)).tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /Images:/);
    assert.match(tooltip, /Node:/);
    assert.equal(item.command?.command, 'podpatch.openPod');
    assert.match(String(api.tree.getTreeItem(ns).description), /^1 pod$/);
  });

  test('a pod changed on the cluster updates its row from the watch (no refresh)', async () => {
    const api = await activatePodpatch();
    const before = api.tree.model('podpatch-sandbox')?.get('namespace-test', 'pod-test');
    assert.ok(before, 'pod-test is not in the tree model');
    const touched = (await admin('pods/namespace-test/pod-test/touch')) as { metadata?: { resourceVersion?: string } } | undefined;
    const rv = touched?.metadata?.resourceVersion;
    assert.ok(rv && rv !== before.resourceVersion, `the touch answered resourceVersion ${rv}`);
    // The wait is the assertion: it fails unless the row reaches the server's new version (or a later one).
    await when(api.tree.onDidChangeTreeData, () => {
      const row = api.tree.model('podpatch-sandbox')?.get('namespace-test', 'pod-test');
      return row && BigInt(row.resourceVersion || '0') >= BigInt(rv) ? true : undefined;
    }, `the tree row to reach resourceVersion ${rv}`);
  });

  test('the text filter hides pods whose name does not match, and says so', async () => {
    const api = await activatePodpatch();
    const ctx = await contextNode(api, 'podpatch-sandbox');
    try {
      api.tree.setFilter('no-such-pod');
      const empty = await when(api.tree.onDidChangeTreeData, async () => {
        const [only] = await api.tree.getChildren(ctx);
        return only && only.kind === 'message' ? only : undefined;
      }, 'the no-match message');
      assert.match(labelOf(api, empty), /No pods match "no-such-pod"/);
      api.tree.setFilter('POD-T');
      const ns = await when(api.tree.onDidChangeTreeData, () => childrenNamed(api, ctx, 'namespace-test'), 'namespace-test again');
      assert.deepEqual((await api.tree.getChildren(ns)).map((n) => labelOf(api, n)), ['pod-test']);
      assert.match(String(api.tree.getTreeItem(ns).description), /1 of 1 pods/);
    } finally {
      api.tree.setFilter('');
    }
  });

  test('the namespace selection shows only the chosen namespaces, persisted per context', async () => {
    const api = await activatePodpatch();
    const ctx = await contextNode(api, 'podpatch-sandbox');
    try {
      await api.clusters.setSelectedNamespaces('podpatch-sandbox', ['kube-system']);
      const names = await when(api.tree.onDidChangeTreeData, async () => {
        const labels = (await api.tree.getChildren(ctx)).map((n) => labelOf(api, n));
        return labels.includes('namespace-test') ? undefined : labels;
      }, 'namespace-test to disappear');
      assert.deepEqual(names, ['kube-system']);
      assert.deepEqual(api.clusters.selectedNamespaces('podpatch-sandbox'), ['kube-system']);
    } finally {
      await api.clusters.setSelectedNamespaces('podpatch-sandbox', undefined);
    }
    await when(api.tree.onDidChangeTreeData, () => childrenNamed(api, ctx, 'namespace-test'), 'namespace-test to come back');
  });

  test("grouped by owner, a ReplicaSet of more pods than a page opens into page nodes, and a pod's parent is its page", async () => {
    const api = await activatePodpatch();
    const ctx = await contextNode(api, 'podpatch-sandbox');
    // One pod more than a page: the sandbox's controller makes them all in one turn.
    const replicas = podsPerPage + 1;
    const rs = 'bulk';
    const owned = () => (api.tree.model('podpatch-sandbox')?.pods('default') ?? []).filter((p) => p.owner?.kind === 'ReplicaSet' && p.owner.name === rs);
    const created = await sandboxRequest('POST', '/apis/apps/v1/namespaces/default/replicasets', {
      apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: rs },
      spec: { replicas, selector: { matchLabels: { app: rs } }, template: { metadata: { labels: { app: rs } }, spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image: 'nginx' }] } } },
    });
    assert.equal(created.status, 201, await created.text());
    try {
      await when(api.clusters.onDidChangePods, () => owned().length === replicas || undefined, `the ${replicas} pods of ReplicaSet ${rs} in the tree model`, 45_000);
      await vscode.commands.executeCommand('podpatch.groupByOwner');
      const ns = await when(api.tree.onDidChangeTreeData, () => childrenNamed(api, ctx, 'default'), 'namespace default');
      const owner = await when(api.tree.onDidChangeTreeData, () => childrenNamed(api, ns, rs), `the owner node ${rs}`);
      assert.equal(owner.kind, 'owner');
      assert.equal(api.tree.getTreeItem(owner).description, `ReplicaSet · ${replicas} pods`);
      const pages = await api.tree.getChildren(owner);
      assert.deepEqual(pages.map((n) => n.kind), ['page', 'page']);
      const names = owned().map((p) => p.name); // the model's order: by name
      assert.deepEqual(pages.map((n) => [labelOf(api, n), api.tree.getTreeItem(n).description]), [
        [`${names[0]} … ${names[podsPerPage - 1]}`, `${podsPerPage} pods`],
        [`${names[podsPerPage]} … ${names[podsPerPage]}`, '1 pod'],
      ]);
      const [first, second] = await Promise.all(pages.map((p) => api.tree.getChildren(p)));
      assert.deepEqual([first.length, second.map((n) => labelOf(api, n))], [podsPerPage, [names[podsPerPage]]]);
      // For reveal: a pod's parent is its page, the page's its owner, whichever page the pod is on.
      assert.equal(api.tree.getParent(second[0])?.id, pages[1].id);
      assert.equal(api.tree.getParent(first[podsPerPage - 1])?.id, pages[0].id);
      assert.equal(api.tree.getParent(pages[1])?.id, owner.id);
      assert.equal(api.tree.getParent(owner)?.id, ns.id);
    } finally {
      await vscode.workspace.getConfiguration('podpatch').update('groupPodsByOwner', undefined, vscode.ConfigurationTarget.Global);
      // Its pods go with it (the sandbox's garbage collection), before the tests that follow.
      const deleted = await sandboxRequest('DELETE', `/apis/apps/v1/namespaces/default/replicasets/${rs}`);
      assert.equal(deleted.status, 200, await deleted.text());
      await when(api.clusters.onDidChangePods, () => owned().length === 0 || undefined, `the pods of ReplicaSet ${rs} to go`, 45_000);
    }
  });

  test('Start Sandbox Cluster runs the bundled sandbox, adds its context and makes it current', async () => {
    const api = await activatePodpatch();
    try {
      await vscode.commands.executeCommand('podpatch.startSandbox');
      assert.equal(api.clusters.currentContext, 'podpatch-local-sandbox');
      assert.ok(api.clusters.contexts.some((c) => c.name === 'podpatch-sandbox'), 'the KUBECONFIG context stays');
      const ctx = await when(api.tree.onDidChangeTreeData, () => childrenNamed(api, undefined, 'podpatch-local-sandbox'), 'the sandbox context in the tree');
      assert.match(String(api.tree.getTreeItem(ctx).description), /current/);
      const ns = await when(api.tree.onDidChangeTreeData, () => childrenNamed(api, ctx, 'namespace-test'), 'namespace-test of the new sandbox');
      assert.ok(await childrenNamed(api, ns, 'pod-test'));
      // A second run reuses the running sandbox.
      await api.clusters.setCurrentContext('podpatch-sandbox');
      await vscode.commands.executeCommand('podpatch.startSandbox');
      assert.equal(api.clusters.currentContext, 'podpatch-local-sandbox');
      assert.equal(api.clusters.contexts.filter((c) => c.name === 'podpatch-local-sandbox').length, 1);
    } finally {
      await api.clusters.setCurrentContext('podpatch-sandbox');
    }
  });

  test('an unreachable cluster shows an error node that says what failed, and Retry tries again', async () => {
    const api = await activatePodpatch();
    const port = await refusedPort();
    const dir = mkdtempSync(path.join(tmpdir(), 'podpatch-unreachable-'));
    const kubeconfig = path.join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, [
      'apiVersion: v1', 'kind: Config',
      `clusters: [{ name: gone, cluster: { server: "http://127.0.0.1:${port}" } }]`,
      'users: [{ name: gone, user: {} }]',
      'contexts: [{ name: unreachable, context: { cluster: gone, user: gone } }]',
      'current-context: unreachable', '',
    ].join('\n'));
    try {
      await api.clusters.addKubeconfig(kubeconfig);
      const ctx = await when(api.tree.onDidChangeTreeData, () => childrenNamed(api, undefined, 'unreachable'), 'the unreachable context');
      const error = await when(api.tree.onDidChangeTreeData, async () => {
        const [only] = await api.tree.getChildren(ctx);
        return only?.kind === 'error' ? only : undefined;
      }, 'the error node', 40_000);
      const item = api.tree.getTreeItem(error);
      assert.match(String(item.label), /Cannot list pods of unreachable/);
      assert.match(String(item.description), /127\.0\.0\.1|ECONNREFUSED|connect/i);
      assert.doesNotMatch(String(item.description), /\n\s+at /, 'no stack trace');
      assert.equal(item.command?.command, 'podpatch.retry');
      const states: string[] = [];
      const sub = api.clusters.onDidChangeConnection((name) => { if (name === 'unreachable') states.push(api.clusters.connectionState(name).status); });
      try {
        await vscode.commands.executeCommand('podpatch.retry', error);
      } finally {
        sub.dispose();
      }
      assert.deepEqual(states, ['connecting', 'error']);
    } finally {
      await api.clusters.removeKubeconfig(kubeconfig);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
