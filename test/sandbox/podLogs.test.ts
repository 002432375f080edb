// Container logs from the sandbox: the API server's option and container checks (ValidatePodLogOptions,
// validateContainer in pkg/registry/core/pod/strategy.go at 008b3652959ca58af8be3fb5b6ecfe9ae7638282),
// the kubelet's choice of container instance (validateContainerLogStatus), and `kubectl logs`
// [-f] [--previous] [-c] [--tail] [--timestamps] against it.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSandboxProcess, type SandboxProcess } from '../support/sandboxProcess';
import { apiCall, readWatch } from './support/apiCall';
import { findKubectl, kubectl, kubectlEnv, kubectlStream } from './support/kubectl';

const NS = '/api/v1/namespaces/namespace-test';
const bin = findKubectl();
let sb: SandboxProcess;
let dir: string;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'podpatch-logs-'));
  sb = await startSandboxProcess(['--status-delay', '20', '--log-interval', '100']);
});
after(async () => {
  await sb?.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => { await sb.admin.reset(); });

function run(args: string[]) {
  return kubectl(bin!, args, kubectlEnv(dir, sb.kubeconfigPath));
}

async function createPod(name: string, containers: { name: string; image: string }[], extra: Record<string, unknown> = {}): Promise<void> {
  const res = await apiCall(sb, 'POST', `${NS}/pods`, { body: { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers, ...extra } } });
  assert.equal(res.status, 201, res.text);
}

/** Watches the pod until `ok` holds: the simulator's steps are what the test waits for. */
async function waitForPod(name: string, ok: (pod: any) => boolean): Promise<any> {
  const events = await readWatch(sb, `${NS}/pods?watch=1&fieldSelector=metadata.name=${name}`, (e) => e.type !== 'DELETED' && ok(e.object));
  const last = events.at(-1);
  assert.ok(last && ok(last.object), `pod ${name} never reached the awaited state`);
  return last.object;
}

const running = (p: any) => p.status?.containerStatuses?.every((s: any) => s.state?.running);

test('option validation: 422 PodLogOptions in upstream words; 404 for an unknown pod', async () => {
  const tail = await apiCall(sb, 'GET', `${NS}/pods/pod-test/log?tailLines=-1`);
  assert.equal(tail.status, 422);
  assert.equal(tail.json.message, 'PodLogOptions "pod-test" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0');
  const since = await apiCall(sb, 'GET', `${NS}/pods/pod-test/log?sinceSeconds=0`);
  assert.equal(since.json.message, 'PodLogOptions "pod-test" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0');
  const both = await apiCall(sb, 'GET', `${NS}/pods/pod-test/log?sinceSeconds=5&sinceTime=2024-01-01T00:00:00Z&limitBytes=0`);
  assert.equal(both.json.message, 'PodLogOptions "pod-test" is invalid: [limitBytes: Invalid value: 0: must be greater than 0, <nil>: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified]'.replace('<nil>: ', ''));
  const missing = await apiCall(sb, 'GET', `${NS}/pods/nope/log`);
  assert.equal(missing.status, 404);
  assert.equal(missing.json.message, 'pods "nope" not found');
});

test('container checks: none named in a pod of several, an unknown one (400, upstream text)', async () => {
  await createPod('two', [{ name: 'web', image: 'nginx:1.27' }, { name: 'sidecar', image: 'registry.example/agent:1.0' }], { initContainers: [{ name: 'setup', image: 'busybox:1.36' }] });
  const none = await apiCall(sb, 'GET', `${NS}/pods/two/log`);
  assert.equal(none.status, 400);
  assert.equal(none.json.reason, 'BadRequest');
  assert.equal(none.json.message, 'a container name must be specified for pod two, choose one of: [setup web sidecar]');
  const unknown = await apiCall(sb, 'GET', `${NS}/pods/two/log?container=db`);
  assert.equal(unknown.json.message, 'container db is not valid for pod two');
});

test("the kubelet's answers: waiting to start, image can't be pulled, no previous instance", async () => {
  await createPod('pull', [{ name: 'app', image: 'registry.example/app:does-not-exist' }]);
  const pod = await waitForPod('pull', (p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'ErrImagePull');
  assert.ok(pod);
  const pull = await apiCall(sb, 'GET', `${NS}/pods/pull/log`);
  assert.equal(pull.status, 400);
  assert.equal(pull.json.message, 'container "app" in pod "pull" is waiting to start: image can\'t be pulled');
  await createPod('fresh', [{ name: 'app', image: 'registry.example/app:1.0' }]);
  await waitForPod('fresh', running);
  const previous = await apiCall(sb, 'GET', `${NS}/pods/fresh/log?previous=true`);
  assert.equal(previous.status, 400);
  assert.equal(previous.json.message, 'previous terminated container "app" in pod "fresh" not found');
});

test('text/plain lines: start-up lines, tailLines, timestamps and limitBytes', async () => {
  await createPod('web', [{ name: 'web', image: 'registry.example/web:1.0' }]);
  await waitForPod('web', running);
  const all = await apiCall(sb, 'GET', `${NS}/pods/web/log`);
  assert.equal(all.status, 200);
  assert.match(String(all.headers['content-type']), /^text\/plain/);
  assert.match(all.text, /^level=info msg="starting web" image=registry.example\/web:1.0\n/);
  const tail = await apiCall(sb, 'GET', `${NS}/pods/web/log?tailLines=1&timestamps=true`);
  assert.match(tail.text, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z level=info /);
  assert.equal(tail.text.split('\n').length, 2);
  const limited = await apiCall(sb, 'GET', `${NS}/pods/web/log?limitBytes=10`);
  assert.equal(limited.text, 'level=info');
});

test('kubectl logs -f streams, and ends with the shutdown lines when an image change restarts the container; --previous reads them', async (t) => {
  if (!bin) return t.skip('kubectl not on PATH');
  await createPod('api', [{ name: 'api', image: 'registry.example/api:1.0' }]);
  await waitForPod('api', running);
  const env = kubectlEnv(dir, sb.kubeconfigPath);
  const follow = kubectlStream(bin, ['logs', '-f', 'api', '-n', 'namespace-test', '-c', 'api'], env);
  try {
    await follow.waitFor(/msg="ready"/);
    await follow.waitFor(/GET \/healthz/); // a line written after the stream opened
    const exited = new Promise<number | null>((r) => follow.child.once('exit', r));
    const patch = await run(['set', 'image', 'pod/api', '-n', 'namespace-test', 'api=registry.example/api:2.0']);
    assert.equal(patch.code, 0, patch.stderr);
    await follow.waitFor(/shutdown complete/);
    assert.equal(await exited, 0);
  } finally {
    follow.child.kill();
  }
  await waitForPod('api', (p) => p.status?.containerStatuses?.[0]?.restartCount === 1 && running(p));
  const previous = await run(['logs', 'api', '-n', 'namespace-test', '--previous']);
  assert.equal(previous.code, 0, previous.stderr);
  assert.match(previous.stdout, /^level=info msg="starting api"/);
  assert.match(previous.stdout, /received SIGTERM, shutting down"\nlevel=info msg="shutdown complete"\n$/);
  const current = await run(['logs', 'api', '-n', 'namespace-test', '--tail', '2']);
  assert.equal(current.code, 0, current.stderr);
  assert.doesNotMatch(current.stdout, /shutdown/);
});

test("kubectl logs pod-test prints the last terminated instance's redis lines; an unknown container is kubectl's error", async (t) => {
  if (!bin) return t.skip('kubectl not on PATH');
  const r = await run(['logs', 'pod-test', '-n', 'namespace-test', '--tail', '3']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Redis is now ready to exit, bye bye\.\.\.\n$/);
  const bad = await run(['logs', 'pod-test', '-n', 'namespace-test', '-c', 'nope']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /container nope is not valid for pod pod-test/);
});
