// A patch whose result does not decode into the typed Pod: the answers of a real kube-apiserver
// v1.37.2 (built from k8s.io/kubernetes v1.37.2 by test/real, asked with curl on 2026-12-02), ported
// as table rows. Strategic merge patches fail in FromUnstructured and quote the patch as Go's `%+v`;
// merge and JSON patches fail in encoding/json and quote the whole patched object (masked here, as
// its uid, resourceVersion and timestamps are the pod's own). `npm run test:real` asks the real
// server the same questions when Go is on the machine.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSandboxProcess, type SandboxProcess } from '../support/sandboxProcess';
import { apiCall } from './support/apiCall';

const POD = '/api/v1/namespaces/namespace-test/pods/pod-test';
const SMP = 'application/strategic-merge-patch+json';
const MERGE = 'application/merge-patch+json';
let sb: SandboxProcess;

before(async () => { sb = await startSandboxProcess(); });
after(async () => { await sb.stop(); });
beforeEach(async () => { await sb.admin.reset(); });

const ROWS: [string, string, string][] = [
  // [content type, body, the 422's "patch" cause after `Invalid value: <value>: `]
  [SMP, '{"metadata":{"labels":"x"}}', '"map[metadata:map[labels:x]]": cannot restore map from string'],
  [SMP, '{"metadata":{"labels":5}}', '"map[metadata:map[labels:5]]": cannot restore map from int64'],
  [SMP, '{"metadata":{"labels":["a"]}}', '"map[metadata:map[labels:[a]]]": cannot restore map from slice'],
  [SMP, '{"metadata":{"labels":{"v":1.5}}}', '"map[metadata:map[labels:map[v:1.5]]]": unrecognized type: string'],
  [SMP, '{"metadata":{"labels":{"v":true}}}', '"map[metadata:map[labels:map[v:true]]]": unrecognized type: string'],
  [SMP, '{"metadata":{"annotations":{"v":["x"]}}}', '"map[metadata:map[annotations:map[v:[x]]]]": unrecognized type: string'],
  [SMP, '{"metadata":{"labels":{"v":1},"annotations":{"w":2}}}', '"map[metadata:map[annotations:map[w:2] labels:map[v:1]]]": cannot convert int64 to string'],
  [SMP, '{"spec":{"activeDeadlineSeconds":"x"}}', '"map[spec:map[activeDeadlineSeconds:x]]": unrecognized type: int64'],
  [SMP, '{"spec":{"activeDeadlineSeconds":1.5}}', '"map[spec:map[activeDeadlineSeconds:1.5]]": cannot convert float64 to int64'],
  [SMP, '{"spec":{"tolerations":"x"}}', '"map[spec:map[tolerations:x]]": cannot restore slice from string'],
  [SMP, '{"spec":{"tolerations":[5]}}', '"map[spec:map[tolerations:[5]]]": cannot restore struct from: int64'],
  [SMP, '{"spec":{"hostNetwork":"yes"}}', '"map[spec:map[hostNetwork:yes]]": unrecognized type: bool'],
  [SMP, '{"spec":{"securityContext":5}}', '"map[spec:map[securityContext:5]]": cannot restore struct from: int64'],
  [SMP, '{"metadata":{"labels":{"a":null}},"spec":{"activeDeadlineSeconds":"x"}}', '"map[metadata:map[labels:map[a:<nil>]] spec:map[activeDeadlineSeconds:x]]": unrecognized type: int64'],
  [MERGE, '{"metadata":{"labels":"x"}}', '<pod>: json: cannot unmarshal string into Go struct field ObjectMeta.metadata.labels of type map[string]string'],
  [MERGE, '{"metadata":{"labels":["a"]}}', '<pod>: json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type map[string]string'],
  [MERGE, '{"metadata":{"labels":{"v":1.5}}}', '<pod>: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string'],
  [MERGE, '{"metadata":{"labels":{"v":{"a":1}}}}', '<pod>: json: cannot unmarshal object into Go struct field ObjectMeta.metadata.labels of type string'],
  [MERGE, '{"metadata":{"annotations":{"v":["x"]}}}', '<pod>: json: cannot unmarshal array into Go struct field ObjectMeta.metadata.annotations of type string'],
  [MERGE, '{"spec":{"activeDeadlineSeconds":1.5}}', '<pod>: json: cannot unmarshal number 1.5 into Go struct field PodSpec.spec.activeDeadlineSeconds of type int64'],
  [MERGE, '{"spec":{"tolerations":[5]}}', '<pod>: json: cannot unmarshal number into Go struct field PodSpec.spec.tolerations of type v1.Toleration'],
  [MERGE, '{"spec":{"securityContext":5}}', '<pod>: json: cannot unmarshal number into Go struct field PodSpec.spec.securityContext of type v1.PodSecurityContext'],
  [MERGE, '{"spec":{"containers":[{"name":"c","image":5}]}}', '<pod>: json: cannot unmarshal number into Go struct field Container.spec.containers.image of type string'],
];

for (const [contentType, body, cause] of ROWS) {
  test(`${contentType === SMP ? 'strategic' : 'merge'} patch ${body}: 422 on "patch", ${cause.replace(/^.*?: /, '')}`, async () => {
    const res = await apiCall(sb, 'PATCH', POD, { body, contentType });
    assert.equal(res.status, 422, res.text);
    assert.equal(res.json.reason, 'Invalid');
    const causes = res.json.details.causes as { reason: string; field: string; message: string }[];
    assert.equal(causes.length, 1);
    assert.equal(causes[0].field, 'patch');
    assert.equal(causes[0].reason, 'FieldValueInvalid');
    const message = causes[0].message.replace(/^Invalid value: "\{.*?\}": /, 'Invalid value: <pod>: ');
    assert.equal(message, `Invalid value: ${cause}`);
    assert.equal(res.json.message, ` "" is invalid: patch: ${causes[0].message}`);
    if (contentType === MERGE) {
      const value = JSON.parse(JSON.parse(/^Invalid value: ("\{.*?\}"): /.exec(causes[0].message)![1]));
      assert.equal(value.metadata.name, 'pod-test', 'the value is the patched pod');
    }
    assert.equal((await apiCall(sb, 'GET', POD)).json.metadata.labels.name, 'pod-test', 'nothing stored');
  });
}

test('a create or replace with a wrongly typed field is 400, named by its path without keys or indexes', async () => {
  const pod = (await apiCall(sb, 'GET', POD)).json;
  pod.spec.containers[0].image = 5;
  const res = await apiCall(sb, 'PUT', POD, { body: pod });
  assert.equal(res.status, 400, res.text);
  assert.equal(res.json.message, 'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field Container.spec.containers.image of type string');
});
