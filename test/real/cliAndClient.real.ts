// podpatch's CLI and cluster client against a real kube-apiserver (test:real): the client lists
// (paged), watches, reads /version and gets upstream's 409 and 422; `podpatch apply` patches (dry
// run, merge, the resize split) and refuses what the server would; `podpatch check` gives the
// server's verdict on the same edits, which are also sent to the server with dryRun=All.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { stringify } from 'yaml';
import { connectToCluster, type Connection } from '../../src/core/cluster/connect';
import { ApiError } from '../../src/core/cluster/apiError';
import type { Pod } from '../../src/core/pod';
import { runCli } from '../cluster/support/runCli';
import { createPod, startRealCluster, writeKubeconfig, type RealCluster } from './realCluster';

const root = path.resolve(__dirname, '..', '..', '..');
const manifest = path.join(root, '.oracle-cache', 'real-server.json');
const built = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { dir?: string; skipped?: string }) : { skipped: 'not built: run `npm run test:real`' };

function guaranteedPod(name: string): Record<string, unknown> {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'cli' } },
    spec: {
      containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '100m', memory: '128Mi' } } }],
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'x', effect: 'NoSchedule' }],
    },
  };
}

if (built.skipped) test('podpatch CLI and client against a real kube-apiserver', { skip: built.skipped }, () => {});
else describe('podpatch CLI and client against a real kube-apiserver', () => {
  let cluster: RealCluster;
  let conn: Connection;
  let dir: string;
  let kubeconfig: string;
  const abort = new AbortController();
  const signal = abort.signal;

  before(async () => {
    cluster = await startRealCluster(built.dir!, signal);
    dir = mkdtempSync(path.join(tmpdir(), 'podpatch-real-cli-'));
    kubeconfig = path.join(dir, 'kubeconfig.yaml');
    writeKubeconfig(cluster, kubeconfig);
    conn = await connectToCluster({ kubeconfig });
    for (const name of ['cli-a', 'cli-b', 'cli-c']) await createPod(cluster, guaranteedPod(name), signal);
  });
  after(async () => {
    conn?.client.dispose();
    abort.abort();
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The pod as `podpatch apply` and `check` read it: a manifest file fetched from the server. */
  async function manifestOf(name: string, edit: (p: Pod) => void, file: string): Promise<string> {
    const pod = await conn.client.getPod('default', name, { signal });
    edit(pod);
    const p = path.join(dir, file);
    writeFileSync(p, stringify(pod));
    return p;
  }

  test('version, a paged list and a watch that sees a change', async () => {
    assert.match(String((await conn.client.getVersion({ signal })).gitVersion), /^v1\.\d+\.\d+$/);
    const listed = await conn.client.listAllPods('default', { pageSize: 1, signal });
    assert.deepEqual(listed.items.map((p) => p.metadata?.name).filter((n) => n?.startsWith('cli-')).sort(), ['cli-a', 'cli-b', 'cli-c']);
    const watchAbort = new AbortController();
    const events = conn.client.watchPods('default', { resourceVersion: listed.resourceVersion, signal: watchAbort.signal });
    await conn.client.patchPod('default', 'cli-a', { metadata: { labels: { watched: 'yes' } } }, { signal });
    let seen: Pod | undefined;
    for await (const batch of events) {
      seen = batch.find((e) => e.type === 'MODIFIED' && e.object.metadata?.name === 'cli-a')?.object;
      if (seen) break;
    }
    watchAbort.abort();
    assert.equal(seen?.metadata?.labels?.watched, 'yes');
  });

  test("the server's 409 on a stale resourceVersion and 422 with causes reach the client as ApiError", async () => {
    await assert.rejects(conn.client.patchPod('default', 'cli-b', { metadata: { resourceVersion: '1', labels: { x: 'y' } } }, { signal }),
      (e: unknown) => e instanceof ApiError && e.code === 409 && e.reason === 'Conflict');
    await assert.rejects(conn.client.patchPod('default', 'cli-b', { spec: { tolerations: [] } }, { signal }),
      (e: unknown) => e instanceof ApiError && e.code === 422 && e.causes.some((c) => c.field === 'spec.tolerations'));
  });

  test('apply: --dry-run stores nothing, then the label and image are patched', async () => {
    const file = await manifestOf('cli-b', (p) => { p.metadata!.labels!.tier = 'front'; p.spec!.containers![0].image = 'nginx:1.28'; }, 'b.yaml');
    const dry = await runCli(['apply', file, '--kubeconfig', kubeconfig, '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal((await conn.client.getPod('default', 'cli-b', { signal })).metadata?.labels?.tier, undefined);
    const real = await runCli(['apply', file, '--kubeconfig', kubeconfig]);
    assert.equal(real.code, 0, real.stderr);
    const live = await conn.client.getPod('default', 'cli-b', { signal });
    assert.equal(live.metadata?.labels?.tier, 'front');
    assert.equal(live.spec?.containers?.[0].image, 'nginx:1.28');
  });

  test('apply: a refused change is not sent; a memory change goes through pods/resize', async () => {
    const refused = await manifestOf('cli-c', (p) => { p.spec!.restartPolicy = 'Never'; }, 'c-refused.yaml');
    const before = await conn.client.getPod('default', 'cli-c', { signal });
    const r = await runCli(['apply', refused, '--kubeconfig', kubeconfig]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr + r.stdout, /spec\.restartPolicy/);
    assert.equal((await conn.client.getPod('default', 'cli-c', { signal })).metadata?.resourceVersion, before.metadata?.resourceVersion, 'nothing written');
    const resized = await manifestOf('cli-c', (p) => {
      const res = p.spec!.containers![0].resources as { requests: Record<string, string>; limits: Record<string, string> };
      res.requests.memory = '256Mi';
      res.limits.memory = '256Mi';
    }, 'c-resize.yaml');
    const ok = await runCli(['apply', resized, '--kubeconfig', kubeconfig]);
    assert.equal(ok.code, 0, ok.stderr + ok.stdout);
    assert.match(ok.stdout + ok.stderr, /resize/);
    const live = await conn.client.getPod('default', 'cli-c', { signal });
    assert.equal((live.spec?.containers?.[0].resources as { limits: Record<string, string> }).limits.memory, '256Mi');
  });

  // Each edit: `podpatch check --server-version <the server's>` and the server (merge patch of the
  // edited manifest, dryRun=All) must agree on valid or not, and on the fields the server names.
  const EDITS: [string, (p: Pod) => void][] = [
    ['a label', (p) => { p.metadata!.labels!.v = '2'; }],
    ['an invalid label value', (p) => { p.metadata!.labels!.v = 'not ok!'; }],
    ['activeDeadlineSeconds set', (p) => { p.spec!.activeDeadlineSeconds = 60; }],
    ['restartPolicy', (p) => { p.spec!.restartPolicy = 'OnFailure'; }],
    ['a toleration removed', (p) => { p.spec!.tolerations = p.spec!.tolerations!.filter((t) => t.key !== 'dedicated'); }],
    ['a toleration added', (p) => { p.spec!.tolerations!.push({ key: 'extra', operator: 'Exists', effect: 'NoSchedule' }); }],
    ['an empty image', (p) => { p.spec!.containers![0].image = ''; }],
    ['a container port added', (p) => { p.spec!.containers![0].ports = [{ containerPort: 80 }]; }],
    ['terminationGracePeriodSeconds', (p) => { p.spec!.terminationGracePeriodSeconds = 5; }],
  ];
  for (const [what, edit] of EDITS) {
    test(`check agrees with the server: ${what}`, async () => {
      const old = await manifestOf('cli-a', () => undefined, 'a-old.yaml');
      const edited = await manifestOf('cli-a', edit, 'a-new.yaml');
      const minor = /^v(\d+\.\d+)\./.exec(cluster.version)![1];
      const checked = await runCli(['check', old, edited, '--format', 'json', '--server-version', minor]);
      assert.ok(checked.code === 0 || checked.code === 1, checked.stderr);
      const findings = (JSON.parse(checked.stdout) as { valid: boolean; findings: { path: string; severity: string }[] });
      const body = JSON.stringify(await conn.client.getPod('default', 'cli-a', { signal }).then((p) => { edit(p); return p; }));
      const res = await request(`${cluster.url}/api/v1/namespaces/default/pods/cli-a?dryRun=All`, {
        method: 'PATCH', dispatcher: cluster.dispatcher, signal, body,
        headers: { authorization: `Bearer ${cluster.token}`, 'content-type': 'application/merge-patch+json' },
      });
      const answer = JSON.parse(await res.body.text()) as { details?: { causes?: { field: string }[] } };
      assert.equal(findings.valid, res.statusCode === 200, `check says ${findings.valid ? 'valid' : 'invalid'}, the server answered ${res.statusCode}: ${JSON.stringify(answer)}`);
      const mine = new Set(findings.findings.filter((f) => f.severity === 'error').map((f) => f.path));
      for (const c of answer.details?.causes ?? []) assert.ok(mine.has(c.field), `the server names ${c.field}; check named ${[...mine].join(', ')}`);
    });
  }
});
