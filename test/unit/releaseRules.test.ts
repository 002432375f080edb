// ValidatePodUpdate per release (1.29 ... 1.37): each test is a behaviour the vendored validation.go
// of that release shows (commits in src/core/rules/serverReleases.ts), checked on both sides of the
// release that changed it. Pods are shaped like upstream's podtest.MakePod.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPodUpdate, validatePodChange } from '../../src/core/rules/checkPodUpdate';
import { formatFinding, type Finding } from '../../src/core/rules/finding';
import { gateDefaults, lockedGateError, modelledMinor, parseFeatureGates, parseMinor, serverRules } from '../../src/core/rules/serverReleases';
import { container, makePod } from './podFactory';

const errors = (fs: Finding[]) => fs.map(formatFinding);
const at = (v: string, a: ReturnType<typeof makePod>, b: ReturnType<typeof makePod>, featureGates?: Record<string, boolean>) =>
  errors(validatePodChange(a, b, { serverVersion: v, featureGates }));

const withResources = (limits: Record<string, string>, requests?: Record<string, string>) =>
  makePod({ containers: [container({ resources: { limits, ...(requests ? { requests } : {}) } })] }, {});

test('release table: gate defaults, GA locks, version parsing and fallback', () => {
  assert.equal(gateDefaults(32).InPlacePodVerticalScaling, false);
  assert.equal(gateDefaults(33).InPlacePodVerticalScaling, true);
  assert.equal(gateDefaults(35).InPlacePodLevelResourcesVerticalScaling, false);
  assert.equal(gateDefaults(36).InPlacePodLevelResourcesVerticalScaling, true);
  assert.equal(gateDefaults(37).InPlacePodVerticalScalingMemoryBackedVolumes, false);
  assert.deepEqual(parseFeatureGates('A=true, B=false'), { A: true, B: false });
  assert.throws(() => parseFeatureGates('A=yes'), /invalid feature gate "A=yes"/);
  assert.equal(lockedGateError(35, { InPlacePodVerticalScaling: false }), 'cannot set feature gate InPlacePodVerticalScaling to false, feature is locked to true');
  assert.equal(lockedGateError(34, { InPlacePodVerticalScaling: false }), undefined);
  assert.equal(parseMinor('v1.35.2-eks-1234'), 35);
  assert.equal(parseMinor('1.33'), 33);
  assert.equal(parseMinor('v2.0.0'), undefined);
  assert.deepEqual(modelledMinor(40), { minor: 37, fellBack: true });
  assert.deepEqual(modelledMinor(undefined), { minor: 37, fellBack: false });
  assert.equal(serverRules({ serverVersion: '1.32' }).servesResize, false);
  assert.equal(serverRules({ serverVersion: '1.32', featureGates: { InPlacePodVerticalScaling: true } }).servesResize, true);
  assert.equal(serverRules({ serverVersion: '1.33' }).servesResize, true);
  assert.equal(serverRules({ serverVersion: '1.35', resizeServed: false }).servesResize, false, 'discovery wins');
});

test('1.29-1.31 + InPlacePodVerticalScaling: cpu/memory change on the main resource, listed in the catch-all', () => {
  const old = withResources({ cpu: '1', memory: '1Gi' });
  const next = withResources({ cpu: '2', memory: '2Gi' });
  for (const v of ['1.29', '1.30', '1.31']) {
    assert.deepEqual(at(v, old, next, { InPlacePodVerticalScaling: true }), [], v);
    const off = at(v, old, next);
    assert.equal(off.length, 1, v);
    assert.ok(off[0].startsWith('spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`'));
    assert.ok(!off[0].includes('resources'));
  }
  // Other fields still refused, and the message then lists resources (ceph-csi@e5d9b68d updatablePodSpecFields).
  const port = makePod({ containers: [container({ resources: { limits: { cpu: '1', memory: '1Gi' } }, ports: [{ containerPort: 80 }] })] });
  const [msg] = at('1.30', old, port, { InPlacePodVerticalScaling: true });
  assert.ok(msg.endsWith(',`spec.containers[*].resources` (for CPU/memory only)'), msg);
  // 1.32 dropped the munging: the same change is refused although the gate is on.
  assert.equal(at('1.32', old, next, { InPlacePodVerticalScaling: true }).length, 1);
});

test('1.29-1.31: a change of QoS class is "metadata: Pod QoS is immutable"; 1.32+ has no such rule', () => {
  const old = { ...withResources({ cpu: '1', memory: '1Gi' }), status: { qosClass: 'Guaranteed' } };
  const next = { ...withResources({ cpu: '2', memory: '1Gi' }, { cpu: '1', memory: '1Gi' }), status: { qosClass: 'Guaranteed' } };
  assert.deepEqual(at('1.31', old, next, { InPlacePodVerticalScaling: true }), ['metadata: Invalid value: "Guaranteed": Pod QoS is immutable']);
  assert.ok(!at('1.32', old, next).some((e) => e.includes('QoS')));
});

test('1.29 gated pods take nodeSelector additions only with PodSchedulingReadiness (beta, on); 1.30+ always', () => {
  const gates = { schedulingGates: [{ name: 'example.com/gate' }] };
  const old = makePod({ ...gates, nodeSelector: { a: '1' } });
  const next = makePod({ ...gates, nodeSelector: { a: '1', b: '2' } });
  assert.deepEqual(at('1.29', old, next), []);
  assert.equal(at('1.29', old, next, { PodSchedulingReadiness: false }).length, 1);
  assert.deepEqual(at('1.30', old, next, { PodSchedulingReadiness: false }), [], 'GA and locked from 1.30');
});

test('1.35 Lt/Gt tolerations: unknown before, refused without the gate, allowed with it or when the old pod has one', () => {
  const lt = { key: 'k', operator: 'Lt', value: '5', effect: 'NoSchedule' };
  const old = makePod();
  const next = makePod({ tolerations: [lt] });
  assert.deepEqual(at('1.34', old, next), ['spec.tolerations[0].operator: Unsupported value: "Lt": supported values: "Equal", "Exists"']);
  assert.deepEqual(at('1.35', old, next), ['spec.tolerations[0].operator: Unsupported value: "Lt": supported values: "Equal", "Exists", "Lt", "Gt"']);
  assert.deepEqual(at('1.35', old, next, { TaintTolerationComparisonOperators: true }), []);
  const ratchet = makePod({ tolerations: [{ ...lt, operator: 'Gt', key: 'g' }] });
  assert.deepEqual(at('1.35', ratchet, makePod({ tolerations: [{ ...lt, operator: 'Gt', key: 'g' }, lt] })), []);
  assert.deepEqual(at('1.35', old, makePod({ tolerations: [{ ...lt, value: '05' }] }), { TaintTolerationComparisonOperators: true }), [
    'spec.tolerations[0].value: Invalid value: "05": must be a valid decimal integer in canonical form',
  ]);
});

test('required node affinity values: any string up to 1.32, label values from 1.33 (ratcheting on the old pod)', () => {
  const affinity = (v: string) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'k', operator: 'In', values: [v] }] }] } } });
  const gates = { schedulingGates: [{ name: 'g' }] };
  const old = makePod({ ...gates, affinity: { nodeAffinity: {} } });
  const next = makePod({ ...gates, affinity: affinity('-1') });
  assert.deepEqual(at('1.32', old, next), []);
  assert.ok(at('1.33', old, next).some((e) => e.startsWith('spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values[0]: Invalid value: "-1"')));
});

test('podpatch split: resource changes are information where resize is served, the catch-all where not', () => {
  const old = withResources({ cpu: '1', memory: '1Gi' });
  const next = withResources({ cpu: '1', memory: '2Gi' });
  const split = checkPodUpdate(old, next, { profile: 'kubernetes', serverVersion: '1.35', splitResize: true });
  assert.deepEqual(split.map((f) => [f.severity, f.rule, f.path]), [['info', 'resize.inPlace', 'spec.containers[0].resources.limits[memory]']]);
  assert.match(split[0].message, /applied in place through the pods\/resize subresource \(Kubernetes 1\.35\)/);
  const restart = makePod({ containers: [container({ resources: { limits: { cpu: '1', memory: '2Gi' } }, resizePolicy: [{ resourceName: 'memory', restartPolicy: 'RestartContainer' }] })] });
  const oldRestart = makePod({ containers: [container({ resources: { limits: { cpu: '1', memory: '1Gi' } }, resizePolicy: [{ resourceName: 'memory', restartPolicy: 'RestartContainer' }] })] });
  const warn = checkPodUpdate(oldRestart, restart, { serverVersion: '1.35', splitResize: true });
  assert.deepEqual(warn.map((f) => f.severity), ['warning']);
  assert.match(warn[0].message, /container "ctr" restarts/);
  // 1.32 without the alpha gate serves no resize: the change stays a catch-all error.
  const old132 = checkPodUpdate(old, next, { serverVersion: '1.32', splitResize: true }).filter((f) => f.severity === 'error');
  assert.ok(old132.some((f) => f.rule === 'spec.catchAll'));
  // A resize the release refuses is an error of the resize rules (QoS Guaranteed → Burstable).
  const burstable = withResources({ cpu: '1', memory: '2Gi' }, { cpu: '1', memory: '1Gi' });
  const qos = checkPodUpdate(old, burstable, { serverVersion: '1.35', splitResize: true }).filter((f) => f.severity === 'error').map(formatFinding);
  assert.deepEqual(qos, ['spec: Invalid value: "": Pod QOS Class may not change as a result of resizing']);
});

test('labels or annotations that are not string maps are the decoding error the server gives, not "valid"', () => {
  for (const [labels, kind] of [['web', 'string'], [3, 'number'], [['a'], 'array']] as const) {
    const findings = checkPodUpdate(makePod(), { ...makePod(), metadata: { name: 'foo', namespace: 'default', resourceVersion: '1', labels: labels as never } });
    assert.deepEqual(findings.filter((f) => f.severity === 'error').map((f) => f.path), ['metadata.labels'], String(labels));
    assert.match(findings[0].message, new RegExp(`json: cannot unmarshal ${kind} into Go struct field ObjectMeta\\.metadata\\.labels of type map\\[string\\]string$`));
  }
  const annotations = checkPodUpdate(makePod(), { ...makePod(), metadata: { name: 'foo', namespace: 'default', resourceVersion: '1', annotations: 'x' as never } });
  assert.equal(formatFinding(annotations[0]), 'metadata.annotations: Invalid value: "x": Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field ObjectMeta.metadata.annotations of type map[string]string');
});

test('DropDisabledPodFields: a gate that is off drops resizePolicy and hostUsers the old pod does not use (k8s v1.31.14 pkg/api/pod/util.go)', () => {
  const old = makePod({ containers: [container()] });
  const withPolicy = makePod({ containers: [container({ resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }] })] });
  // 1.31: InPlacePodVerticalScaling off by default, so the server drops the field: no refusal, one note.
  assert.deepEqual(validatePodChange(old, withPolicy, { serverVersion: '1.31' }), []);
  const notes = checkPodUpdate(old, withPolicy, { serverVersion: '1.31' });
  assert.deepEqual(notes.map((f) => [f.severity, f.path, f.rule]), [['info', 'spec.containers[0].resizePolicy', 'spec.droppedByGate']]);
  assert.match(notes[0].message, /feature gate InPlacePodVerticalScaling is off on Kubernetes 1\.31/);
  // With the gate on (or from 1.33, where it is on), resizePolicy is kept and the catch-all refuses it.
  assert.equal(validatePodChange(old, withPolicy, { serverVersion: '1.31', featureGates: { InPlacePodVerticalScaling: true } }).length, 1);
  assert.equal(validatePodChange(old, withPolicy, { serverVersion: '1.33' }).length, 1);
  // An old pod that already uses it keeps the field on update: then a change is refused.
  const changed = makePod({ containers: [container({ resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'RestartContainer' }] })] });
  assert.equal(validatePodChange(withPolicy, changed, { serverVersion: '1.31' }).length, 1);
  // hostUsers: UserNamespacesSupport is off before 1.33.
  const hostUsers = makePod({ containers: [container()], hostUsers: false });
  assert.deepEqual(validatePodChange(old, hostUsers, { serverVersion: '1.32' }), []);
  assert.equal(validatePodChange(old, hostUsers, { serverVersion: '1.33' }).length, 1);
});
