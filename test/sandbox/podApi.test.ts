// The sandbox's pod API over plain HTTP: the seed's example request and answer, the update path's
// Status errors (400/404/409/415/422), dry run, field validation, create defaulting.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startSandboxProcess, type SandboxProcess } from '../support/sandboxProcess';
import { apiCall } from './support/apiCall';

const POD = '/api/v1/namespaces/namespace-test/pods/pod-test';
const MERGE = 'application/merge-patch+json';
let sb: SandboxProcess;

before(async () => { sb = await startSandboxProcess(); });
after(async () => { await sb.stop(); });
beforeEach(async () => { await sb.admin.reset(); });

function withoutVolatile(pod: any): any {
  const copy = structuredClone(pod);
  delete copy.metadata.resourceVersion;
  delete copy.metadata.uid;
  delete copy.metadata.creationTimestamp;
  return copy;
}

test("the seed's example PATCH gets the seed's example response (pretty, 4-space indent, as CCI documents it)", async (t) => {
  const expected = JSON.parse(readFileSync(path.resolve(__dirname, '../../../test/sandbox/fixtures/seed-patch-response.json'), 'utf8'));
  const cci = await startSandboxProcess(['--profile', 'cci']);
  t.after(() => cci.stop());
  const before = await apiCall(cci, 'GET', POD);
  assert.equal(before.json.metadata.labels.name, 'pod-test');
  const res = await apiCall(cci, 'PATCH', `${POD}?pretty=true`, { body: '{\n    "metadata": {\n        "labels": {\n            "name": "pod-test2"\n        }\n    }\n}', contentType: MERGE });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(withoutVolatile(res.json), withoutVolatile(expected));
  assert.deepEqual(Object.keys(res.json.metadata), Object.keys(expected.metadata), 'metadata keys in the seed order');
  assert.match(res.text, /^\{\n {4}"kind": "Pod",\n {4}"apiVersion": "v1",/);
  assert.notEqual(res.json.metadata.resourceVersion, before.json.metadata.resourceVersion);
});

test('?pretty on the kubernetes profile is json.MarshalIndent: two spaces, no final newline (as a v1.37.2 kube-apiserver)', async () => {
  const res = await apiCall(sb, 'GET', `${POD}?pretty=true`);
  assert.match(res.text, /^\{\n {2}"kind": "Pod",\n {2}"apiVersion": "v1",/);
  assert.ok(res.text.endsWith('\n}'), 'no newline after the closing brace');
  const status = await apiCall(sb, 'GET', '/api/v1/namespaces/namespace-test/pods/nope?pretty=true');
  assert.match(status.text, /^\{\n {2}"kind": "Status",/);
});

test('an unknown pod is a 404 Status with details name and kind', async () => {
  const res = await apiCall(sb, 'GET', '/api/v1/namespaces/namespace-test/pods/nope');
  assert.equal(res.status, 404);
  assert.deepEqual(res.json, {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'pods "nope" not found',
    reason: 'NotFound', details: { name: 'nope', kind: 'pods' }, code: 404,
  });
});

test('a bad JSON body is 400 BadRequest; an unknown patch type is 415', async () => {
  const bad = await apiCall(sb, 'PATCH', POD, { body: '{"metadata":', contentType: MERGE });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.reason, 'BadRequest');
  const unsupported = await apiCall(sb, 'PATCH', POD, { body: '{}', contentType: 'application/json' });
  assert.equal(unsupported.status, 415);
  assert.equal(unsupported.json.reason, 'UnsupportedMediaType');
  // go-restful's route refuses it before the patch handler (a v1.37.2 kube-apiserver answers this; test/real compares).
  assert.equal(unsupported.json.message, '415: Unsupported Media Type');
  assert.deepEqual(unsupported.json.details, {});
});

test('a forbidden change is a 422 Status in upstream shape with FieldValueForbidden causes', async () => {
  const res = await apiCall(sb, 'PATCH', POD, { body: { spec: { restartPolicy: 'Never' } }, contentType: MERGE });
  assert.equal(res.status, 422);
  assert.equal(res.json.kind, 'Status');
  assert.equal(res.json.status, 'Failure');
  assert.equal(res.json.reason, 'Invalid');
  assert.equal(res.json.code, 422);
  assert.match(res.json.message, /^Pod "pod-test" is invalid: spec: Forbidden: pod updates may not change fields other than/);
  assert.equal(res.json.details.name, 'pod-test');
  assert.equal(res.json.details.kind, 'Pod');
  assert.deepEqual(res.json.details.causes.map((c: any) => [c.reason, c.field]), [['FieldValueForbidden', 'spec']]);
  const after = await apiCall(sb, 'GET', POD);
  assert.equal(after.json.spec.restartPolicy, 'Always', 'nothing stored');
});

test('several errors aggregate as [e1, e2] with one cause each', async () => {
  const res = await apiCall(sb, 'PATCH', POD, {
    body: { spec: { containers: [{ name: 'test', image: '' }], activeDeadlineSeconds: -5 } }, contentType: 'application/strategic-merge-patch+json',
  });
  assert.equal(res.status, 422);
  assert.match(res.json.message, /^Pod "pod-test" is invalid: \[/);
  const fields = res.json.details.causes.map((c: any) => c.field);
  assert.ok(fields.includes('spec.containers[0].image'), JSON.stringify(fields));
  assert.ok(fields.includes('spec.activeDeadlineSeconds'), JSON.stringify(fields));
});

test('a stale resourceVersion gives 409 Conflict after the pod changed behind the client', async () => {
  const fetched = await apiCall(sb, 'GET', POD);
  await sb.admin.touch('namespace-test', 'pod-test');
  const res = await apiCall(sb, 'PATCH', POD, {
    body: { metadata: { resourceVersion: fetched.json.metadata.resourceVersion, labels: { name: 'x' } } }, contentType: MERGE,
  });
  assert.equal(res.status, 409);
  assert.equal(res.json.reason, 'Conflict');
  assert.equal(res.json.message, 'Operation cannot be fulfilled on pods "pod-test": the object has been modified; please apply your changes to the latest version and try again');
  assert.deepEqual(res.json.details, { name: 'pod-test', kind: 'pods' });
  const put = await apiCall(sb, 'PUT', POD, { body: { ...fetched.json, metadata: { ...fetched.json.metadata, labels: { name: 'y' } } } });
  assert.equal(put.status, 409);
  const current = (await apiCall(sb, 'GET', POD)).json;
  const otherUid = await apiCall(sb, 'PUT', POD, { body: { ...current, metadata: { ...current.metadata, uid: 'not-this-pod' } } });
  assert.equal(otherUid.status, 409);
  assert.match(otherUid.json.message, /Precondition failed: UID in precondition: not-this-pod, UID in object meta: 3b99abe8/);
  const replaced = await apiCall(sb, 'PUT', POD, { body: { ...current, metadata: { ...current.metadata, labels: { name: 'put' } } } });
  assert.equal(replaced.status, 200, replaced.text);
  assert.equal(replaced.json.metadata.labels.name, 'put');
});

test('server-owned fields are reset silently and a no-op patch keeps the resourceVersion', async () => {
  const fetched = await apiCall(sb, 'GET', POD);
  const res = await apiCall(sb, 'PATCH', POD, {
    body: { status: { phase: 'Failed' }, metadata: { creationTimestamp: '2020-01-01T00:00:00Z', labels: { extra: 'yes' } } }, contentType: MERGE,
  });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.status.phase, 'Running');
  assert.equal(res.json.metadata.creationTimestamp, fetched.json.metadata.creationTimestamp);
  assert.equal(res.json.metadata.labels.extra, 'yes');
  const again = await apiCall(sb, 'PATCH', POD, { body: { metadata: { labels: { extra: 'yes' } } }, contentType: MERGE });
  assert.equal(again.json.metadata.resourceVersion, res.json.metadata.resourceVersion);
});

test('JSON patch: a failed test op is 422 and nothing changes; a good one applies', async () => {
  const failed = await apiCall(sb, 'PATCH', POD, {
    body: [{ op: 'test', path: '/metadata/resourceVersion', value: '1' }, { op: 'replace', path: '/metadata/labels/name', value: 'z' }],
    contentType: 'application/json-patch+json',
  });
  assert.equal(failed.status, 422);
  // NewGenericServerResponse(422, ..., isUnexpectedResponse=false): upstream names no cause (test/real compares).
  assert.equal(failed.json.message, 'the server rejected our request due to an error in our request');
  assert.deepEqual(failed.json.details, {});
  const ok = await apiCall(sb, 'PATCH', POD, {
    body: [{ op: 'replace', path: '/spec/containers/0/image', value: 'redis:7' }], contentType: 'application/json-patch+json',
  });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.spec.containers[0].image, 'redis:7');
  assert.equal(ok.json.metadata.generation, 1, 'generation bumped on a spec change');
});

test('name mismatch is 400; dryRun=All answers without storing', async () => {
  const mismatch = await apiCall(sb, 'PATCH', POD, { body: { metadata: { name: 'other' } }, contentType: MERGE });
  assert.equal(mismatch.status, 400);
  assert.equal(mismatch.json.message, 'the name of the object (other) does not match the name on the URL (pod-test)');
  const dry = await apiCall(sb, 'PATCH', `${POD}?dryRun=All`, { body: { metadata: { labels: { name: 'dry' } } }, contentType: MERGE });
  assert.equal(dry.status, 200);
  assert.equal(dry.json.metadata.labels.name, 'dry');
  assert.equal((await apiCall(sb, 'GET', POD)).json.metadata.labels.name, 'pod-test');
});

test('fieldValidation: Strict rejects unknown fields, Warn answers a Warning header, both never store them', async () => {
  const strict = await apiCall(sb, 'PATCH', `${POD}?fieldValidation=Strict`, { body: { spec: { containers: [{ name: 'test', imagee: 'x' }] } }, contentType: 'application/strategic-merge-patch+json' });
  assert.equal(strict.status, 400);
  assert.equal(strict.json.message, 'strict decoding error: unknown field "spec.containers[0].imagee"');
  const warn = await apiCall(sb, 'PATCH', POD, { body: { metadata: { labels: { a: 'b' }, colour: 'red' } }, contentType: MERGE });
  assert.equal(warn.status, 200);
  assert.match(String(warn.headers.warning), /^299 - "unknown field \\"metadata.colour\\""$/);
  assert.equal(warn.json.metadata.colour, undefined);
});

test('create applies the seed-style defaults; 409 AlreadyExists on a second create', async () => {
  const body = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'made' }, spec: { containers: [{ name: 'c', image: 'nginx', resources: { limits: { cpu: '1', memory: '1Gi' } } }] } };
  const res = await apiCall(sb, 'POST', '/api/v1/namespaces/namespace-test/pods', { body });
  assert.equal(res.status, 201, res.text);
  const c = res.json.spec.containers[0];
  assert.deepEqual([c.terminationMessagePath, c.terminationMessagePolicy, c.imagePullPolicy], ['/dev/termination-log', 'File', 'Always']);
  assert.deepEqual(c.resources.requests, { cpu: '1', memory: '1Gi' });
  assert.equal(res.json.spec.dnsPolicy, 'ClusterFirst');
  assert.equal(res.json.spec.schedulerName, 'default-scheduler');
  assert.deepEqual(res.json.spec.tolerations.map((t: any) => t.key), ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']);
  assert.equal(res.json.status.qosClass, 'Guaranteed');
  assert.equal(res.json.status.phase, 'Pending');
  const again = await apiCall(sb, 'POST', '/api/v1/namespaces/namespace-test/pods', { body });
  assert.equal(again.status, 409);
  assert.equal(again.json.reason, 'AlreadyExists');
  const invalid = await apiCall(sb, 'POST', '/api/v1/namespaces/namespace-test/pods', { body: { metadata: { name: 'Bad_Name' }, spec: { containers: [] } } });
  assert.equal(invalid.status, 422);
  assert.deepEqual(invalid.json.details.causes.map((x: any) => x.field), ['metadata.name', 'spec.containers']);
});

test('namespaces: list, get, create', async () => {
  const created = await apiCall(sb, 'POST', '/api/v1/namespaces', { body: { metadata: { name: 'team-x' } } });
  assert.equal(created.status, 201);
  const list = await apiCall(sb, 'GET', '/api/v1/namespaces');
  assert.equal(list.json.kind, 'NamespaceList');
  assert.ok(list.json.items.some((n: any) => n.metadata.name === 'team-x'));
  assert.equal((await apiCall(sb, 'GET', '/api/v1/namespaces/namespace-test')).json.status.phase, 'Active');
  assert.equal((await apiCall(sb, 'GET', '/api/v1/namespaces/none')).status, 404);
});

test('a merge patch replacing the container list is defaulted before validation, as on decode', async () => {
  const res = await apiCall(sb, 'PATCH', POD, { body: { spec: { containers: [{ name: 'test', image: 'redis:7' }] } }, contentType: MERGE });
  assert.equal(res.status, 422);
  // Pull policy and termination message fields come back from defaulting; only the dropped resources remain a change.
  assert.deepEqual(res.json.details.causes.map((c: any) => c.field), ['spec']);
  assert.match(res.json.message, /resources/i);
  const full = (await apiCall(sb, 'GET', POD)).json.spec.containers[0];
  const ok = await apiCall(sb, 'PATCH', POD, {
    body: { spec: { containers: [{ name: 'test', image: 'redis', resources: full.resources }] } }, contentType: MERGE,
  });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.spec.containers[0].imagePullPolicy, 'Always', 'defaulted again, unchanged');
  // A tagged image defaults to IfNotPresent: a change of pull policy the catch-all refuses, as upstream.
  const tagged = await apiCall(sb, 'PATCH', POD, {
    body: { spec: { containers: [{ name: 'test', image: 'redis:7', resources: full.resources }] } }, contentType: MERGE,
  });
  assert.equal(tagged.status, 422);
  assert.match(tagged.json.message, /imagePullPolicy/i);
});
