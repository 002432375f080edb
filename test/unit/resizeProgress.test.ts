// The resize progress a pod's status reports (PodResizePending / PodResizeInProgress, 1.32's
// status.resize, allocatedResources and resources per container), as the tree's summary and the pod
// document read it; and the quick fix "Resize in place" computed in core: only the resize request,
// not offered without pods/resize, not applicable when the resize alone is refused, and a refused
// resize placed on the resources lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stringify } from 'yaml';
import { describeContainerResize, describeResize, podResizeSummary, resizeLabel, resizeProgress } from '../../src/core/resizeProgress';
import { summarizePod } from '../../src/core/podSummary';
import { analyzeEdit, type PatchPlan } from '../../src/core/edit/analyzeEdit';
import { describeResizeChanges, planResizeInPlace } from '../../src/core/edit/resizeInPlace';
import { sendResize, sendSplitEdit, type ResizeClient } from '../../src/core/edit/resizeSplitPlan';
import { ApiError } from '../../src/core/cluster/apiError';
import type { RuleSettings } from '../../src/core/rules/checkPodUpdate';
import type { Pod } from '../../src/core/pod';
import { container, makePod } from './podFactory';

const guaranteed = (memory: string, extra: Record<string, unknown> = {}) => container({ resources: { limits: { cpu: '500m', memory }, requests: { cpu: '500m', memory } }, ...extra });
const running = (memory: string) => ({ name: 'ctr', state: { running: {} }, allocatedResources: { cpu: '500m', memory }, resources: { limits: { cpu: '500m', memory }, requests: { cpu: '500m', memory } } });
const condition = (type: string, extra: Record<string, unknown> = {}) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:00Z', ...extra });

test('the conditions say the state: Pending with its reason and message wins over InProgress; False is no resize', () => {
  const infeasible = condition('PodResizePending', { reason: 'Infeasible', message: "Node didn't have enough capacity: memory, requested: 64, capacity: 32" });
  assert.deepEqual(podResizeSummary({ conditions: [condition('PodResizeInProgress'), infeasible] }), { state: 'Pending', reason: 'Infeasible', message: "Node didn't have enough capacity: memory, requested: 64, capacity: 32" });
  assert.deepEqual(podResizeSummary({ conditions: [condition('PodResizeInProgress')] }), { state: 'InProgress' });
  assert.deepEqual(podResizeSummary({ conditions: [condition('PodResizeInProgress', { reason: 'Error', message: 'OOM' })] }), { state: 'InProgress', reason: 'Error', message: 'OOM' });
  assert.equal(podResizeSummary({ conditions: [{ type: 'PodResizePending', status: 'False' }, condition('Ready')] }), undefined);
  assert.equal(podResizeSummary(undefined), undefined);
  // 1.32 (alpha): status.resize.
  assert.deepEqual(podResizeSummary({ resize: 'Deferred' }), { state: 'Pending', reason: 'Deferred' });
  assert.deepEqual(podResizeSummary({ resize: 'InProgress' }), { state: 'InProgress' });
  assert.equal(resizeLabel({ state: 'InProgress' }), 'resizing');
  assert.equal(resizeLabel({ state: 'Pending', reason: 'Infeasible' }), 'resize Infeasible');
  assert.equal(describeResize({ state: 'Pending', reason: 'Deferred', message: 'Node is busy' }), 'resize pending (Deferred): Node is busy');
  assert.equal(describeResize({ state: 'InProgress', reason: 'Error', message: 'OOM' }), 'resize failing: OOM');
});

test("the summary the tree keeps carries the resize, and nothing when there is none", () => {
  const pod = makePod({ containers: [guaranteed('2Gi')] });
  pod.status = { phase: 'Running', conditions: [condition('PodResizeInProgress')], containerStatuses: [running('1Gi')] };
  assert.deepEqual(summarizePod(pod).resize, { state: 'InProgress' });
  pod.status = { phase: 'Running', containerStatuses: [running('2Gi')] };
  assert.equal('resize' in summarizePod(pod), false);
});

test('per container: what is allocated and what it runs with against the spec, until done', () => {
  const pod = makePod({ containers: [guaranteed('2Gi')] });
  // Accepted, not yet seen by the kubelet: no condition, the container still runs with 1Gi.
  pod.status = { phase: 'Running', containerStatuses: [running('1Gi')] };
  const requested = resizeProgress(pod)!;
  assert.equal(requested.summary, undefined);
  assert.deepEqual(requested.containers.map((c) => [c.name, c.path, c.applied]), [['ctr', 'spec.containers[0].resources', false]]);
  assert.equal(describeResize(requested.summary), 'resize requested: the kubelet has not reported it yet');
  // Admitted: allocated, not yet actuated.
  pod.status = { phase: 'Running', conditions: [condition('PodResizeInProgress')], containerStatuses: [{ ...running('1Gi'), allocatedResources: { cpu: '500m', memory: '2Gi' } }] };
  const progress = resizeProgress(pod)!;
  assert.deepEqual(progress.summary, { state: 'InProgress' });
  assert.equal(describeContainerResize(progress.containers[0]), 'requests.memory 2Gi (allocated, running with 1Gi), limits.memory 2Gi (running with 1Gi)');
  // Done: the conditions are gone and the container runs with the spec (2048Mi is 2Gi).
  pod.status = { phase: 'Running', containerStatuses: [{ ...running('2048Mi') }] };
  assert.equal(resizeProgress(pod), undefined);
  // A container whose kubelet reports no resources cannot be judged: no progress claimed.
  pod.status = { phase: 'Running', containerStatuses: [{ name: 'ctr', state: { running: {} } }] };
  assert.equal(resizeProgress(pod), undefined);
});

const settings = (serverVersion: string): RuleSettings => ({ profile: 'kubernetes', serverVersion, splitResize: true });

function planOf(base: Pod, edited: Pod, s: RuleSettings): PatchPlan {
  const plan = analyzeEdit(stringify(edited), base, { profile: s, target: { context: 'c', namespace: 'default', name: 'foo' } }).plan;
  assert.ok(plan);
  return plan;
}

test('Resize in place: only the resource change, the rest of the edit left out; none without pods/resize', () => {
  const base = makePod({ containers: [guaranteed('1Gi')] }, { labels: { app: 'a' }, resourceVersion: '7' });
  const edited = makePod({ containers: [guaranteed('2Gi')] }, { labels: { app: 'b' }, resourceVersion: '7' });
  const fix = planResizeInPlace(planOf(base, edited, settings('1.35')), settings('1.35'), 'merge')!;
  assert.ok(fix);
  const body = JSON.stringify(fix.patch.body);
  assert.match(body, /"memory":"2Gi"/);
  assert.doesNotMatch(body, /labels/, 'the label change stays in the buffer');
  assert.equal(fix.otherChanges, true);
  assert.deepEqual(fix.refused, []);
  assert.equal(describeResizeChanges(fix.split), 'container ctr: memory');
  // 1.32 without the alpha gate serves no pods/resize: no fix (recreate is what the diagnostics offer).
  assert.equal(planResizeInPlace(planOf(base, edited, settings('1.32')), settings('1.32'), 'merge'), undefined);
  assert.equal(planResizeInPlace(planOf(base, edited, { ...settings('1.35'), profile: 'cci' }), { ...settings('1.35'), profile: 'cci' }, 'merge'), undefined);
});

test('Resize in place is refused by the rules when the resize alone changes the QoS class', () => {
  const base = makePod({ containers: [guaranteed('1Gi')] });
  const edited = makePod({ containers: [container({ resources: { limits: { cpu: '500m', memory: '2Gi' }, requests: { cpu: '500m', memory: '1Gi' } } })] });
  const fix = planResizeInPlace(planOf(base, edited, settings('1.37')), settings('1.37'), 'merge')!;
  assert.match(fix.refused.map((f) => f.message).join('\n'), /Pod QOS Class may not change as a result of resizing/);
  assert.equal(fix.otherChanges, false);
});

type Call = { patch: unknown; opts: { dryRun?: boolean; subresource?: string } };
function client(answer: (c: Call) => Pod): ResizeClient & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    getPod: async () => { throw new Error('not used'); },
    patchPod: async (_ns, _name, patch, opts) => { const c = { patch, opts }; calls.push(c); return answer(c); },
  };
}
const refusal = (code: number, causes: { field?: string; message: string }[] = []) => new ApiError({ code, reason: code === 400 ? 'BadRequest' : 'Invalid', message: 'Pod "foo" is invalid', status: { details: { causes } } as never, method: 'PATCH', url: '/resize' });

test('a refused resize (400 without causes) lands on every resized field; a 422 on the fields it names', async () => {
  const base = makePod({ containers: [guaranteed('1Gi')] });
  const edited = makePod({ containers: [guaranteed('2Gi')] });
  const plan = planOf(base, edited, settings('1.35'));
  const fix = planResizeInPlace(plan, settings('1.35'), 'merge')!;
  const bad = await sendResize(client(() => { throw refusal(400); }), plan, fix.split, fix.patch, undefined);
  assert.equal(bad.kind, 'refused');
  const lines = plan.text.split('\n');
  const placed = bad.kind === 'refused' ? bad.causes.map((c) => lines[c.range.start.line].trim()) : [];
  assert.deepEqual(placed, ['memory: 2Gi', 'memory: 2Gi']);
  const named = await sendResize(client(() => { throw refusal(422, [{ field: 'spec.containers[0].resources.limits', message: 'Forbidden: no' }]); }), plan, fix.split, fix.patch, undefined);
  assert.equal(named.kind === 'refused' && named.causes.length, 1);
});

test('a dry run of a split edit sends both legs with dryRun, the resize even when the main one is refused', async () => {
  const base = makePod({ containers: [guaranteed('1Gi')] }, { labels: { app: 'a' } });
  const edited = makePod({ containers: [guaranteed('2Gi')] }, { labels: { app: 'b' } });
  const plan = planOf(base, edited, settings('1.35'));
  const fix = planResizeInPlace(plan, settings('1.35'), 'merge')!;
  const c = client((call) => { if (!call.opts.subresource) throw refusal(422, [{ field: 'metadata.labels', message: 'no' }]); return base; });
  const { resizeSplitPlan } = await import('../../src/core/edit/resizeSplitPlan');
  const { serverRules } = await import('../../src/core/rules/serverReleases');
  const sp = resizeSplitPlan(plan, serverRules(settings('1.35')), 'merge');
  const out = await sendSplitEdit(c, sp, 'merge', undefined, { dryRun: true });
  assert.equal(out.main.kind, 'refused');
  assert.equal(out.resize?.kind, 'patched');
  assert.deepEqual(c.calls.map((x) => [x.opts.subresource ?? 'main', x.opts.dryRun]), [['main', true], ['resize', true]]);
  assert.ok(fix.patch);
  // Not a dry run: a refused main write sends no resize.
  const real = client((call) => { if (!call.opts.subresource) throw refusal(422, [{ field: 'metadata.labels', message: 'no' }]); return base; });
  const stored = await sendSplitEdit(real, sp, 'merge', undefined);
  assert.equal(stored.resize, undefined);
  assert.equal(real.calls.length, 1);
});
