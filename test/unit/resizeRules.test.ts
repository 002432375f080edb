// ValidatePodResize per release, with upstream's messages: v1.32.5 (scheduler-plugins@0aead655),
// v1.33.3 (@0c967825), v1.34.1 (@313dff1c), v1.35.7 (@2117d3e3), 1.36/1.37 master snapshots
// (provider-aws-test-infra@552494d5, @ad3a0ece). `newPod` is the pod as the resize strategy leaves it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPodResize, validatePodChange } from '../../src/core/rules/checkPodUpdate';
import { formatFinding } from '../../src/core/rules/finding';
import { applyResizeStrategy } from '../../src/core/rules/resizeStrategy';
import { serverRules } from '../../src/core/rules/serverReleases';
import { splitResize } from '../../src/core/rules/resizeSplit';
import { container, makePod } from './podFactory';

type Res = { limits?: Record<string, string>; requests?: Record<string, string> };
const pod = (resources: Res, extra: Record<string, unknown> = {}, spec: Record<string, unknown> = {}) =>
  makePod({ containers: [container({ resources, ...extra })], ...spec });
const resize = (v: string, a: ReturnType<typeof makePod>, b: ReturnType<typeof makePod>, featureGates?: Record<string, boolean>) =>
  validatePodChange(a, b, { serverVersion: v, featureGates, subresource: 'resize' }).map(formatFinding);
const burstable = (cpu: string, mem: string) => pod({ requests: { cpu, memory: mem }, limits: { cpu: '4', memory: '4Gi' } });

test('cpu and memory change in place; other resources are refused', () => {
  for (const v of ['1.33', '1.34', '1.35', '1.36', '1.37']) {
    assert.deepEqual(resize(v, burstable('1', '1Gi'), burstable('2', '2Gi')), [], v);
    const storage = pod({ requests: { cpu: '1', memory: '1Gi', 'ephemeral-storage': '2Gi' }, limits: { cpu: '4', memory: '4Gi' } });
    const before = pod({ requests: { cpu: '1', memory: '1Gi', 'ephemeral-storage': '1Gi' }, limits: { cpu: '4', memory: '4Gi' } });
    assert.deepEqual(resize(v, before, storage), ['spec: Forbidden: only cpu and memory resources are mutable'], v);
  }
});

test('requests and limits cannot be removed', () => {
  const old = burstable('1', '1Gi');
  const next = pod({ requests: { cpu: '1' }, limits: { cpu: '4', memory: '4Gi' } });
  assert.ok(resize('1.35', old, next).includes('spec.containers[0].resources.requests: Forbidden: resource requests cannot be removed'));
  const noLimits = pod({ requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '4' } });
  assert.ok(resize('1.33', old, noLimits).includes('spec.containers[0].resources.limits: Forbidden: resource limits cannot be removed'));
});

test('the QoS class cannot change', () => {
  const guaranteed = pod({ limits: { cpu: '1', memory: '1Gi' } });
  const next = pod({ limits: { cpu: '2', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } });
  assert.deepEqual(resize('1.35', guaranteed, next), ['spec: Invalid value: "": Pod QOS Class may not change as a result of resizing']);
  const withStatus = { ...guaranteed, status: { qosClass: 'Guaranteed' } };
  assert.deepEqual(resize('1.35', withStatus, { ...next, status: { qosClass: 'Guaranteed' } }), ['spec: Invalid value: "Guaranteed": Pod QOS Class may not change as a result of resizing']);
});

test('1.33+: containers may not be added, removed, renamed or reordered on resize', () => {
  const two = makePod({ containers: [container({ name: 'a' }), container({ name: 'b' })] });
  assert.deepEqual(resize('1.33', two, makePod({ containers: [container({ name: 'a' })] })), ['spec.containers: Forbidden: containers may not be added or removed on resize']);
  const swapped = makePod({ containers: [container({ name: 'b' }), container({ name: 'a' })] });
  assert.deepEqual(resize('1.35', two, swapped), [
    'spec.containers[0].name: Forbidden: containers may not be renamed or reordered on resize',
    'spec.containers[1].name: Forbidden: containers may not be renamed or reordered on resize',
  ]);
});

test('memory limit decrease: refused in 1.33 unless memory restarts the container, allowed from 1.34', () => {
  const old = pod({ limits: { cpu: '1', memory: '2Gi' }, requests: { cpu: '1', memory: '1Gi' } });
  const next = pod({ limits: { cpu: '1', memory: '1536Mi' }, requests: { cpu: '1', memory: '1Gi' } });
  assert.deepEqual(resize('1.33', old, next), ['spec.containers[0].resources.limits[memory]: Forbidden: memory limits cannot be decreased unless resizePolicy is RestartContainer']);
  const policy = { resizePolicy: [{ resourceName: 'memory', restartPolicy: 'RestartContainer' }] };
  const oldR = pod({ limits: { cpu: '1', memory: '2Gi' }, requests: { cpu: '1', memory: '1Gi' } }, policy);
  const nextR = pod({ limits: { cpu: '1', memory: '1536Mi' }, requests: { cpu: '1', memory: '1Gi' } }, policy);
  assert.deepEqual(resize('1.33', oldR, nextR), []);
  assert.deepEqual(resize('1.34', old, next), []);
  const addLimit = pod({ requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } });
  assert.deepEqual(resize('1.33', pod({ requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2' } }), addLimit), [
    'spec.containers[0].resources.limits[memory]: Forbidden: memory limits cannot be added unless resizePolicy is RestartContainer',
  ]);
});

test('sidecar and init containers per release', () => {
  const sidecar = (cpu: string) => makePod({ initContainers: [container({ name: 'side', restartPolicy: 'Always', resources: { requests: { cpu }, limits: { cpu: '4' } } })], containers: [container({ resources: { requests: { cpu: '1' } } })] });
  assert.deepEqual(resize('1.33', sidecar('1'), sidecar('2')), []);
  const init = (cpu: string) => makePod({ initContainers: [container({ name: 'init', resources: { requests: { cpu }, limits: { cpu: '4' } } })], containers: [container({ resources: { requests: { cpu: '1' } } })] });
  assert.deepEqual(resize('1.35', init('1'), init('2')), ['spec: Forbidden: resources for non-sidecar init containers are immutable']);
  assert.deepEqual(resize('1.36', init('1'), init('2')), [], '1.36: InPlacePodVerticalScalingInitContainers beta, on');
  assert.deepEqual(resize('1.36', init('1'), init('2'), { InPlacePodVerticalScalingInitContainers: false }), ['spec: Forbidden: resources for non-sidecar init containers are immutable']);
  const storage = (s: string) => makePod({ initContainers: [container({ name: 'side', restartPolicy: 'Always', resources: { requests: { cpu: '1', 'ephemeral-storage': s } } })], containers: [container({ resources: { requests: { cpu: '1' } } })] });
  assert.deepEqual(resize('1.35', storage('1Gi'), storage('2Gi')), ['spec: Forbidden: only cpu and memory resources for sidecar containers are mutable']);
  assert.deepEqual(resize('1.36', storage('1Gi'), storage('2Gi')), ['spec.initContainers[0]: Forbidden: only cpu and memory resources for init or sidecar containers are mutable']);
});

test('pod-level resources per release', () => {
  const podLevel = (cpu: string) => makePod({ resources: { requests: { cpu }, limits: { cpu: '4' } }, containers: [container()] });
  assert.deepEqual(resize('1.34', podLevel('1'), podLevel('2')), [': Forbidden: pods with pod-level resources cannot be resized']);
  assert.deepEqual(resize('1.35', podLevel('1'), podLevel('2')), [': Forbidden: resize of pods with pod-level resources is forbidden when InPlacePodLevelResourcesVerticalScalingEnabled feature gate is disabled']);
  assert.deepEqual(resize('1.35', podLevel('1'), podLevel('2'), { InPlacePodLevelResourcesVerticalScaling: true }), []);
  assert.deepEqual(resize('1.36', podLevel('1'), podLevel('2')), []);
  const removed = makePod({ resources: { limits: { cpu: '4' } }, containers: [container()] });
  assert.ok(resize('1.36', podLevel('1'), removed).includes('spec.resources.requests: Forbidden: pod-level resource requests cannot be removed'));
});

test('1.35 closes the loophole: a non-cpu/memory resource added to a container without any is refused', () => {
  const none = makePod();
  const added = pod({ requests: { 'ephemeral-storage': '1Gi' } });
  assert.deepEqual(resize('1.34', none, added), []);
  assert.deepEqual(resize('1.35', none, added), ['spec: Forbidden: only cpu and memory resources are mutable']);
});

test('static, windows and unsupported-node pods', () => {
  const next = burstable('2', '1Gi');
  const mirror = { ...burstable('1', '1Gi'), metadata: { name: 'foo', namespace: 'default', resourceVersion: '1', annotations: { 'kubernetes.io/config.mirror': 'x' } } };
  assert.deepEqual(resize('1.35', mirror, { ...next, metadata: mirror.metadata }), [': Forbidden: static pods cannot be resized']);
  const windows = pod({ requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '4', memory: '4Gi' } }, {}, { os: { name: 'windows' } });
  assert.deepEqual(resize('1.35', windows, pod({ requests: { cpu: '2', memory: '1Gi' }, limits: { cpu: '4', memory: '4Gi' } }, {}, { os: { name: 'windows' } })), [': Forbidden: windows pods cannot be resized']);
  const running = { ...burstable('1', '1Gi'), status: { containerStatuses: [{ name: 'ctr', state: { running: {} } }] } };
  assert.deepEqual(resize('1.35', running, { ...next, status: running.status }), ['spec: Forbidden: Pod running on node without support for resize']);
});

test('1.32 (alpha): no ordering or memory-limit rules, resizePolicy changes pass, one diff-carrying error', () => {
  const policy = (p: string) => pod({ requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '4', memory: '4Gi' } }, { resizePolicy: [{ resourceName: 'cpu', restartPolicy: p }] });
  assert.deepEqual(resize('1.32', policy('NotRequired'), policy('RestartContainer')), []);
  assert.deepEqual(resize('1.33', policy('NotRequired'), policy('RestartContainer')), ['spec: Forbidden: only cpu and memory resources are mutable']);
  const f = validatePodChange(burstable('1', '1Gi'), { ...burstable('1', '1Gi'), spec: { ...burstable('1', '1Gi').spec, hostname: 'h' } }, { serverVersion: '1.32', subresource: 'resize' });
  assert.equal(formatFinding(f[0]), 'spec: Forbidden: only cpu and memory resources are mutable');
  assert.match(f[0].detail ?? '', /hostname/);
});

test('1.37 volumes: immutable on resize unless InPlacePodVerticalScalingMemoryBackedVolumes', () => {
  const vol = (sizeLimit: string, medium = 'Memory') => makePod({ containers: [container()], volumes: [{ name: 'v', emptyDir: { medium, sizeLimit } }] });
  assert.deepEqual(resize('1.37', vol('1Gi'), vol('2Gi')), ['spec.volumes: Forbidden: volumes are immutable on resize when InPlacePodVerticalScalingMemoryBackedVolumes feature gate is disabled']);
  const gate = { InPlacePodVerticalScalingMemoryBackedVolumes: true };
  assert.deepEqual(resize('1.37', vol('1Gi'), vol('2Gi'), gate), []);
  assert.deepEqual(resize('1.37', vol('1Gi', ''), vol('2Gi', ''), gate), ['spec.volumes[0].emptyDir.sizeLimit: Forbidden: sizeLimit is only mutable for memory-backed emptyDir volumes']);
});

test('the resize strategy keeps only resources and resizePolicy; check --subresource resize says what it ignored', () => {
  const old = burstable('1', '1Gi');
  const requested = { ...burstable('2', '1Gi'), metadata: { ...old.metadata, labels: { a: 'b' } } };
  requested.spec = { ...requested.spec, restartPolicy: 'Never' };
  const applied = applyResizeStrategy(requested, old, serverRules({ serverVersion: '1.35' }));
  assert.equal(applied.spec?.restartPolicy, 'Always');
  assert.equal(applied.metadata?.labels, undefined);
  assert.deepEqual((applied.spec?.containers?.[0].resources as Res).requests, { cpu: '2', memory: '1Gi' });
  const findings = checkPodResize(old, requested, { serverVersion: '1.35' });
  assert.deepEqual(findings.filter((f) => f.severity === 'error'), []);
  assert.deepEqual(findings.map((f) => f.path).sort(), ['metadata.labels', 'spec.restartPolicy']);
});

test('splitResize: main keeps the old resources, the resize pod has exactly the new ones', () => {
  const old = burstable('1', '1Gi');
  const edited = { ...burstable('2', '1Gi'), metadata: { ...old.metadata, labels: { a: 'b' } } };
  const split = splitResize(old, edited, serverRules({ serverVersion: '1.33' }));
  assert.deepEqual(split.main.spec?.containers?.[0].resources, old.spec?.containers?.[0].resources);
  assert.deepEqual(split.main.metadata?.labels, { a: 'b' });
  assert.deepEqual(split.resized?.spec?.containers?.[0].resources, edited.spec?.containers?.[0].resources);
  assert.equal(split.resized?.metadata?.labels, undefined);
  assert.deepEqual(split.changes.map((c) => c.path), ['spec.containers[0].resources.requests[cpu]']);
  assert.equal(splitResize(old, edited, serverRules({ serverVersion: '1.32' })).resized, undefined);
});
