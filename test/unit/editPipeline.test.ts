// The core edit pipeline (analyzeEdit → sendEdit) without VS Code: the plan a buffer stands for,
// one error per forbidden change, workspace manifests laid over the live pod, and every outcome
// of a send, against a scripted client (the cluster client's two calls, answering as a server would).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { analyzeEdit } from '../../src/core/edit/analyzeEdit';
import { sendEdit, type EditClient } from '../../src/core/edit/sendEdit';
import { ParsedTextCache } from '../../src/core/edit/parsedTextCache';
import { ApiError, NetworkError } from '../../src/core/cluster/apiError';
import type { Pod } from '../../src/core/pod';

const text = `apiVersion: v1
kind: Pod
metadata:
  name: pod-test
  namespace: namespace-test
  resourceVersion: "10"
  labels:
    name: pod-test
spec:
  containers:
    - name: test
      image: redis:latest
      imagePullPolicy: Always
      terminationMessagePath: /dev/termination-log
  restartPolicy: Always
  nodeName: node-1
`;
const base = parse(text) as Pod;
const target = { context: 'ctx', namespace: 'namespace-test', name: 'pod-test' };
const lineOf = (t: string, needle: string) => t.split('\n').findIndex((l) => l.includes(needle));
const relabeled = text.replace('    name: pod-test\n', '    name: pod-test2\n');

type Call = { method: 'get' | 'patch'; body?: unknown; type?: string };
function scriptedClient(answers: { patch: (body: unknown) => Pod; get?: () => Pod }): EditClient & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    async getPod() {
      calls.push({ method: 'get' });
      if (!answers.get) throw new Error('unexpected GET');
      return answers.get();
    },
    async patchPod(_ns, _name, body, opts) {
      calls.push({ method: 'patch', body, type: opts.type });
      return answers.patch(body);
    },
  };
}
const apiError = (code: number, message: string, causes: { reason: string; message: string; field: string }[] = []) =>
  new ApiError({ code, reason: code === 409 ? 'Conflict' : 'Invalid', message, status: { code, message, details: { causes } }, method: 'PATCH', url: 'http://127.0.0.1/x' });

test('analyzeEdit: a label change plans a merge patch carrying the base resourceVersion', () => {
  const a = analyzeEdit(relabeled, base, { profile: 'kubernetes', target });
  assert.deepEqual(a.diagnostics, []);
  assert.deepEqual(a.plan?.patch?.body, { metadata: { labels: { name: 'pod-test2' }, resourceVersion: '10' } });
  assert.equal(a.plan?.patch?.contentType, 'application/merge-patch+json');
  assert.deepEqual(a.plan?.refused, []);
});

test('analyzeEdit: a forbidden change is one error on the changed value, and only a recreate can carry it', () => {
  const edited = text.replace('restartPolicy: Always', 'restartPolicy: Never');
  const a = analyzeEdit(edited, base, { profile: 'kubernetes', target });
  const errors = a.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map((d) => [d.path, d.range.start.line]), [['spec.restartPolicy', lineOf(edited, 'restartPolicy')]]);
  assert.deepEqual(a.plan?.refused.map((f) => f.path), ['spec.restartPolicy']);
  assert.deepEqual(a.plan?.recreateOnly.map((f) => f.path), ['spec.restartPolicy']);
});

test('parse once: the cache answers the same tree for the same version, a new one for new text', () => {
  const cache = new ParsedTextCache();
  const first = cache.get('doc', 1, text);
  assert.equal(cache.get('doc', 1, text), first);
  assert.equal(cache.get('doc', 2, text), first, 'a version bump with the same text is not parsed again');
  assert.notEqual(cache.get('doc', 3, relabeled), first);
  const a = analyzeEdit(relabeled, base, { profile: 'kubernetes', parsed: cache.get('doc', 3, relabeled) });
  assert.equal(a.parsed, cache.get('doc', 3, relabeled));
});

test('workspace manifest: a renamed container is flagged on its name, and unspecified fields keep the live values', () => {
  const manifest = `apiVersion: v1
kind: Pod
metadata:
  name: pod-test
  namespace: namespace-test
spec:
  containers:
    - name: renamed
      image: redis:latest
`;
  const a = analyzeEdit(manifest, base, { profile: 'kubernetes', partial: true, target });
  const errors = a.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map((d) => [d.path, d.range.start.line]), [['spec.containers[0].name', lineOf(manifest, 'name: renamed')]]);
  assert.equal(a.plan?.edited.spec?.nodeName, 'node-1', 'left out = unspecified, not removed');
  const fix = errors[0].fix;
  assert.deepEqual(fix, { kind: 'revert', path: 'spec.containers[0].name', original: 'test' });
});

test('workspace manifest naming a pod the cluster does not have: Information on metadata.name naming context and namespace', () => {
  const manifest = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: ghost\n  namespace: ns1\nspec:\n  containers: [{name: a, image: b}]\n';
  const a = analyzeEdit(manifest, undefined, { profile: 'kubernetes', partial: true, target: { context: 'prod', namespace: 'ns1', name: 'ghost' } });
  assert.equal(a.diagnostics.length, 1);
  const d = a.diagnostics[0];
  assert.equal(d.severity, 'info');
  assert.equal(d.range.start.line, lineOf(manifest, 'name: ghost'));
  assert.match(d.message, /no pod ghost in namespace ns1 of context prod/);
  assert.equal(a.plan, undefined);
});

test('sendEdit: patched answers the server\'s pod; nothing to send makes no request', async () => {
  const served = { ...base, metadata: { ...base.metadata, resourceVersion: '11', labels: { name: 'pod-test2' } } };
  const client = scriptedClient({ patch: () => served });
  const outcome = await sendEdit(client, analyzeEdit(relabeled, base, { profile: 'kubernetes', target }).plan!, undefined);
  assert.deepEqual(outcome, { kind: 'patched', pod: served, dryRun: false });
  const none = await sendEdit(client, analyzeEdit(text, base, { profile: 'kubernetes', target }).plan!, undefined);
  assert.deepEqual(none, { kind: 'unchanged' });
  assert.equal(client.calls.length, 1);
});

test('sendEdit: 409 fetches the latest pod and lays the edits over it (the user\'s label and the server\'s annotation)', async () => {
  const latest = parse(text.replace('resourceVersion: "10"', 'resourceVersion: "12"').replace('  labels:', '  annotations:\n    touched: "yes"\n  labels:')) as Pod;
  const client = scriptedClient({ patch: () => { throw apiError(409, 'the object has been modified'); }, get: () => latest });
  const outcome = await sendEdit(client, analyzeEdit(relabeled, base, { profile: 'kubernetes', target }).plan!, undefined);
  assert.equal(outcome.kind, 'conflict');
  if (outcome.kind !== 'conflict') return;
  assert.equal(outcome.latest, latest);
  const rebased = outcome.rebase?.text ?? '';
  assert.match(rebased, /name: pod-test2/);
  assert.match(rebased, /touched: "?yes"?/);
  assert.match(rebased, /resourceVersion: "12"/);
  assert.deepEqual(outcome.rebase?.conflicts, []);
});

test('sendEdit: a JSON patch whose resourceVersion test fails (422, base stale) is the same conflict', async () => {
  const latest = parse(text.replace('resourceVersion: "10"', 'resourceVersion: "12"')) as Pod;
  const client = scriptedClient({ patch: () => { throw apiError(422, 'the server rejected our request: test failed'); }, get: () => latest });
  const plan = analyzeEdit(relabeled, base, { profile: 'kubernetes', target, patchType: 'json' }).plan!;
  assert.ok(Array.isArray(plan.patch?.body) && (plan.patch.body as { op: string }[]).some((op) => op.op === 'test'));
  const outcome = await sendEdit(client, plan, undefined);
  assert.equal(outcome.kind, 'conflict');
  assert.match(outcome.kind === 'conflict' ? outcome.rebase?.text ?? '' : '', /resourceVersion: "12"/);
});

test('sendEdit: 422 is refused with its causes on the lines they name; network and cancel are their own outcomes', async () => {
  const cause = { reason: 'FieldValueForbidden', message: 'Forbidden: no', field: 'metadata.labels[name]' };
  const refused = await sendEdit(scriptedClient({ patch: () => { throw apiError(422, 'Pod "pod-test" is invalid', [cause]); }, get: () => base }), analyzeEdit(relabeled, base, { profile: 'kubernetes', target }).plan!, undefined);
  assert.equal(refused.kind, 'refused');
  if (refused.kind === 'refused') assert.equal(refused.causes[0].range.start.line, lineOf(relabeled, 'name: pod-test2'));
  const network = await sendEdit(scriptedClient({ patch: () => { throw new NetworkError('connection refused', { method: 'PATCH', url: 'x' }); } }), analyzeEdit(relabeled, base, { profile: 'kubernetes', target }).plan!, undefined);
  assert.deepEqual(network, { kind: 'network', message: 'connection refused' });
  const abort = new AbortController();
  abort.abort();
  const cancelled = await sendEdit(scriptedClient({ patch: () => { throw new Error('aborted'); } }), analyzeEdit(relabeled, base, { profile: 'kubernetes', target }).plan!, abort.signal);
  assert.deepEqual(cancelled, { kind: 'cancelled' });
});
