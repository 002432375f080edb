// The core clients for a pod's events and a container's log stream, against the sandbox: the
// selector kubectl describe sends, the latest warning, following a log until the container stops,
// a 400 from the kubelet as ApiError, and an abort that ends a follow.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AbortedError, ApiError } from '../../src/core/cluster/apiError';
import { latestWarning, listPodEvents, podEventSelector, watchPodEvents } from '../../src/core/cluster/podEvents';
import { streamContainerLogs } from '../../src/core/cluster/containerLogStream';
import type { PodClient } from '../../src/core/cluster/podClient';
import { startSandboxProcess, type SandboxProcess } from '../support/sandboxProcess';
import { sandboxClient } from './support/sandboxKubeconfig';

let sb: SandboxProcess;
let client: PodClient;

before(async () => {
  sb = await startSandboxProcess(['--status-delay', '20', '--log-interval', '50']);
  client = await sandboxClient(sb.kubeconfigPath);
});
after(async () => {
  client?.dispose();
  await sb?.stop();
});

test("pod-test's events: kubectl describe's selector, sorted by last seen, the latest warning is the pull failure", async () => {
  const pod = await client.getPod('namespace-test', 'pod-test');
  const ref = { namespace: 'namespace-test', name: 'pod-test', uid: pod.metadata!.uid };
  assert.equal(podEventSelector(ref), `involvedObject.name=pod-test,involvedObject.namespace=namespace-test,involvedObject.kind=Pod,involvedObject.uid=${ref.uid}`);
  const { items } = await listPodEvents(client.transport, ref);
  assert.equal(items[0].reason, 'Scheduled');
  assert.ok(items.every((e) => e.involvedObject?.uid === ref.uid));
  const warning = latestWarning(items);
  assert.equal(warning?.type, 'Warning');
  assert.match(String(warning?.message), /^Error: ImagePullBackOff$|^Failed to pull image "redis:latest"|^Error: ErrImagePull$/);
});

test("a new pod's events arrive on the watch; its log follows until the image change restarts it", async () => {
  const created = await client.createPod('namespace-test', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'follow-me' }, spec: { containers: [{ name: 'app', image: 'registry.example/app:1.0' }] } });
  const ref = { namespace: 'namespace-test', name: 'follow-me', uid: created.metadata!.uid };
  const ac = new AbortController();
  const reasons: string[] = [];
  for await (const batch of watchPodEvents(client.transport, ref, { signal: ac.signal })) {
    reasons.push(...batch.filter((e) => e.type !== 'BOOKMARK').map((e) => String(e.object.reason)));
    if (reasons.includes('Started')) break;
  }
  assert.deepEqual(reasons, ['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started']);

  const lines: string[] = [];
  let patched = false;
  for await (const batch of streamContainerLogs(client.transport, 'namespace-test', 'follow-me', { follow: true })) {
    lines.push(...batch);
    if (!patched && lines.some((l) => l.includes('GET /healthz'))) {
      patched = true;
      await client.patchPod('namespace-test', 'follow-me', { spec: { containers: [{ name: 'app', image: 'registry.example/app:2.0' }] } }, { type: 'strategic' });
    }
  }
  assert.equal(lines[0], 'level=info msg="starting app" image=registry.example/app:1.0');
  assert.equal(lines.at(-1), 'level=info msg="shutdown complete"');
});

test('the kubelet refusing a log is an ApiError 400 with its text; an abort ends a follow', async () => {
  await assert.rejects(async () => {
    for await (const _ of streamContainerLogs(client.transport, 'namespace-test', 'pod-test', { previous: true, container: 'nope' })) { /* none */ }
  }, (err: unknown) => err instanceof ApiError && err.code === 400 && /container nope is not valid for pod pod-test/.test(err.message));
  await client.createPod('namespace-test', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'aborted' }, spec: { containers: [{ name: 'app', image: 'registry.example/app:1.0' }] } });
  for await (const batch of watchPodEvents(client.transport, { namespace: 'namespace-test', name: 'aborted' })) {
    if (batch.some((e) => e.object.reason === 'Started')) break;
  }
  const ac = new AbortController();
  await assert.rejects(async () => {
    for await (const batch of streamContainerLogs(client.transport, 'namespace-test', 'aborted', { follow: true, tailLines: 1, signal: ac.signal })) {
      assert.ok(batch.length >= 1, "tailLines 1 starts with the last line (a new one may come in the same chunk under load)");
      ac.abort();
    }
  }, (err: unknown) => err instanceof AbortedError);
});
