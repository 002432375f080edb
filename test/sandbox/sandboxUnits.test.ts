// The sandbox's pure pieces in process: certificate generation, kubectl's age format, pod status
// cells, selectors, defaulting and the store's resumable history.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { createCertificateAuthority, createServerCertificate } from '../../src/sandbox/tls/certificates';
import { humanDuration } from '../../src/core/podStatusColumns';
import { podCells } from '../../src/sandbox/podTable';
import { parseFieldSelector, parseLabelSelector } from '../../src/sandbox/selectors';
import { applyCreateDefaults, defaultPullPolicy, qosClass } from '../../src/sandbox/podDefaults';
import { ResourceStore, RvClock, type StoredObject } from '../../src/sandbox/resourceStore';
import { seedPod } from '../../src/sandbox/seedPods';
import { ApiStatusError } from '../../src/sandbox/statusErrors';

test('the generated CA signs a server certificate valid for localhost, 127.0.0.1 and the listen host', () => {
  const ca = createCertificateAuthority();
  const leaf = createServerCertificate(ca, ['10.1.2.3', 'sandbox.test']);
  const caCert = new X509Certificate(ca.certPem);
  const cert = new X509Certificate(leaf.certPem);
  assert.equal(caCert.ca, true);
  assert.equal(cert.ca, false);
  assert.ok(cert.checkIssued(caCert));
  assert.ok(cert.verify(caCert.publicKey));
  assert.ok(caCert.verify(caCert.publicKey), 'the CA is self-signed');
  for (const ip of ['127.0.0.1', '10.1.2.3', '::1']) assert.equal(cert.checkIP(ip), ip);
  assert.equal(cert.checkHost('localhost'), 'localhost');
  assert.equal(cert.checkHost('sandbox.test'), 'sandbox.test');
  assert.equal(cert.checkHost('example.com'), undefined);
  assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.1'], 'extended key usage: serverAuth');
  assert.ok(new Date(cert.validTo).getTime() > Date.now() + 300 * 86_400_000);
});

test("ages print like kubectl's HumanDuration", () => {
  const s = 1000;
  const cases: [number, string][] = [
    [0, '0s'], [59 * s, '59s'], [119 * s, '119s'], [125 * s, '2m5s'], [600 * s, '10m'], [179 * 60 * s, '179m'],
    [3 * 3600 * s, '3h'], [3 * 3600 * s + 5 * 60 * s, '3h5m'], [30 * 3600 * s, '30h'], [50 * 3600 * s, '2d2h'],
    [10 * 86400 * s, '10d'], [800 * 86400 * s, '2y70d'], [9 * 365 * 86400 * s, '9y'],
  ];
  for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, `${ms} ms`);
});

test('pod status cells follow printPod: waiting reason, restarts with age, terminating', () => {
  const now = Date.parse('2026-01-01T00:10:00Z');
  const seed = podCells(seedPod(), now);
  assert.deepEqual(seed.slice(0, 3), ['pod-test', '0/1', 'ErrImagePull']);
  const running = {
    metadata: { name: 'r', creationTimestamp: '2026-01-01T00:00:00Z', deletionTimestamp: '2026-01-01T00:11:00Z' },
    spec: { containers: [{ name: 'a' }, { name: 'b' }], nodeName: 'n1' },
    status: {
      phase: 'Running', podIPs: [{ ip: '10.0.0.5' }],
      containerStatuses: [
        { name: 'a', ready: true, restartCount: 2, state: { running: {} }, lastState: { terminated: { finishedAt: '2026-01-01T00:08:00Z' } } },
        { name: 'b', ready: true, restartCount: 0, state: { running: {} } },
      ],
    },
  };
  assert.deepEqual(podCells(running, now), ['r', '2/2', 'Terminating', '2 (2m ago)', '10m', '10.0.0.5', 'n1', '<none>', '<none>']);
});

test('label selectors: equality, sets, existence; field selectors refuse unknown fields', () => {
  const pod = { metadata: { name: 'p', namespace: 'n', labels: { app: 'web', tier: 'fe' } }, status: { phase: 'Running' } };
  const yes = ['app=web', 'app==web', 'app!=api', 'tier in (fe,be)', 'tier notin (be)', 'app', '!missing', 'app=web,tier=fe'];
  const no = ['app=api', 'tier in (be)', 'missing', '!app', 'app=web,tier=be'];
  for (const s of yes) assert.equal(parseLabelSelector(s)!(pod), true, s);
  for (const s of no) assert.equal(parseLabelSelector(s)!(pod), false, s);
  assert.equal(parseFieldSelector('metadata.name=p,status.phase!=Pending', 'pods')!(pod), true);
  assert.throws(() => parseFieldSelector('spec.image=x', 'pods'), (e: unknown) => e instanceof ApiStatusError && e.code === 400);
  assert.throws(() => parseLabelSelector('app in web'), (e: unknown) => e instanceof ApiStatusError && e.code === 400);
});

test('create defaults: pull policy by tag, requests from limits, QoS classes', () => {
  assert.equal(defaultPullPolicy('nginx'), 'Always');
  assert.equal(defaultPullPolicy('nginx:latest'), 'Always');
  assert.equal(defaultPullPolicy('registry:5000/nginx'), 'Always');
  assert.equal(defaultPullPolicy('nginx:1.27'), 'IfNotPresent');
  assert.equal(defaultPullPolicy('nginx@sha256:abc'), 'IfNotPresent');
  assert.equal(qosClass({ containers: [{ name: 'a' }] }), 'BestEffort');
  assert.equal(qosClass({ containers: [{ name: 'a', resources: { requests: { cpu: '1' } } }] }), 'Burstable');
  const pod = applyCreateDefaults({ metadata: { generateName: 'job-' }, spec: { containers: [{ name: 'a', image: 'x:1', resources: { limits: { cpu: '1', memory: '1Gi' } } }] } }, 'ns', 'cci', new Date());
  const meta = pod.metadata as Record<string, unknown>;
  assert.match(String(meta.name), /^job-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  assert.equal(meta.selfLink, `/api/v1/namespaces/ns/pods/${String(meta.name)}`);
  assert.equal((pod.status as Record<string, unknown>).qosClass, 'Guaranteed');
});

test('the store resumes watches from history and expires compacted resourceVersions', () => {
  const store = new ResourceStore(new RvClock(100), 3);
  const pod = (name: string) => ({ metadata: { name, namespace: 'n' } }) as StoredObject;
  store.put(pod('a'));
  store.put(pod('b'));
  const mark = store.clock.current;
  store.put({ ...store.get('n', 'a')!, spec: { x: 1 } });
  store.delete('n', 'b');
  const since = store.eventsSince(mark);
  assert.ok(Array.isArray(since));
  assert.deepEqual((since as { type: string }[]).map((e) => e.type), ['MODIFIED', 'DELETED']);
  store.put(pod('c')); // history holds 3 events: the first ones are forgotten
  assert.equal(store.eventsSince(100), 'expired');
  assert.ok(Array.isArray(store.eventsSince(mark)));
  store.compact();
  assert.equal(store.eventsSince(mark), 'expired');
  assert.deepEqual(store.eventsSince(store.clock.current), []);
  assert.deepEqual(store.keys(), ['n/a', 'n/c']);
});
