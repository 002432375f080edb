// @kubernetes/client-node treats the sandbox (over TLS with a token, from the written kubeconfig)
// as a cluster: list, watch, and patch with each of the three content types.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSandboxProcess, type SandboxProcess } from '../support/sandboxProcess';
import { loadClientNode } from './support/loadClientNode';

let sb: SandboxProcess;
let k8s: Awaited<ReturnType<typeof loadClientNode>>;

before(async () => {
  k8s = await loadClientNode();
  sb = await startSandboxProcess(['--tls', '--token', 'client-node-token', '--pods', '30']);
});
after(async () => { await sb.stop(); });

function api() {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(sb.kubeconfigPath);
  return { kc, core: kc.makeApiClient(k8s.CoreV1Api) };
}

test('client-node lists pods per namespace and across namespaces', async () => {
  const { core } = api();
  const ns = await core.listNamespacedPod({ namespace: 'namespace-test' });
  assert.deepEqual(ns.items.map((p) => p.metadata?.name), ['pod-test']);
  assert.equal(ns.items[0].status?.qosClass, 'Guaranteed');
  const all = await core.listPodForAllNamespaces({ limit: 10 });
  assert.equal(all.items.length, 10);
  assert.ok(all.metadata?._continue);
  const namespaces = await core.listNamespace();
  assert.ok(namespaces.items.some((n) => n.metadata?.name === 'namespace-test'));
});

test('client-node patches with merge, strategic and JSON patch; a forbidden one is a 422 ApiException', async () => {
  const { core } = api();
  const name = 'pod-test';
  const namespace = 'namespace-test';
  const merge = await core.patchNamespacedPod({ name, namespace, body: { metadata: { labels: { name: 'pod-test2' } } } },
    k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
  assert.equal(merge.metadata?.labels?.name, 'pod-test2');
  const strategic = await core.patchNamespacedPod({ name, namespace, body: { spec: { containers: [{ name: 'test', image: 'redis:7.2' }] } } },
    k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch));
  assert.equal(strategic.spec?.containers[0].image, 'redis:7.2');
  assert.equal(strategic.spec?.containers[0].resources?.limits?.cpu, '500m', 'strategic merge keeps the other container fields');
  const json = await core.patchNamespacedPod({ name, namespace, body: [{ op: 'add', path: '/metadata/annotations/team', value: 'blue' }] },
    k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch));
  assert.equal(json.metadata?.annotations?.team, 'blue');
  await assert.rejects(
    core.patchNamespacedPod({ name, namespace, body: { spec: { restartPolicy: 'Never' } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch)),
    (err: any) => {
      assert.equal(err.code, 422);
      const body = typeof err.body === 'string' ? JSON.parse(err.body) : err.body;
      assert.equal(body.details.causes[0].reason, 'FieldValueForbidden');
      return true;
    },
  );
});

test('client-node Watch receives the MODIFIED event of a patch', async () => {
  const { kc, core } = api();
  const list = await core.listNamespacedPod({ namespace: 'namespace-test' });
  const watch = new k8s.Watch(kc);
  let abort: (() => void) | undefined;
  const modified = new Promise<any>((resolve, reject) => {
    watch.watch('/api/v1/namespaces/namespace-test/pods', { resourceVersion: list.metadata?.resourceVersion },
      (type, obj) => { if (type === 'MODIFIED' && obj.metadata?.labels?.watched === 'yes') resolve(obj); },
      (err) => { if (err && err.name !== 'AbortError') reject(err); },
    ).then((controller) => { abort = () => controller.abort(); }, reject);
  });
  // Patching is safe before the watch connects: it resumes from the list's resourceVersion.
  await core.patchNamespacedPod({ name: 'pod-test', namespace: 'namespace-test', body: { metadata: { labels: { watched: 'yes' } } } },
    k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
  const obj = await modified;
  abort?.();
  assert.equal(obj.metadata.name, 'pod-test');
});
