// Describe Pod's probes, envFrom, devices and volume sources against kubectl: a recording of
// kubectl 1.32.4's `describe pod --show-events=false` for test/support/probedPod.ts on the sandbox
// (test/fixtures/describe, the pod as the sandbox returned it next to the text), the words kubectl
// has said since (kubernetes/kubectl dee3483a3d6a64c07fdf746caf80af446dee99ac), and rows ported
// from that commit's pkg/describe/describe_test.go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describePodText } from '../../src/core/describe/podDescription';
import { describeProbe, urlString } from '../../src/core/describe/probeDescription';
import type { Pod } from '../../src/core/pod';

const fixtures = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'describe');
const recordedPod = JSON.parse(readFileSync(path.join(fixtures, 'probed-pod.json'), 'utf8')) as Pod;
const recordedText = readFileSync(path.join(fixtures, 'probed-pod.kubectl-1.32.4.txt'), 'utf8');
const opts = { now: 0, utcOffsetMinutes: 0 };

function podWith(spec: Record<string, unknown>, status: Record<string, unknown> = {}): Pod {
  return { metadata: { name: 'bar', namespace: 'foo' }, spec, status };
}

/** Upstream's expected elements are raw PrefixWriter output; here a tab is the tabwriter's padding. */
function assertElements(text: string, elements: string[]): void {
  for (const e of elements) {
    const pattern = new RegExp(e.split('\t').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join(' +'));
    assert.match(text, pattern, `no ${JSON.stringify(e)} in\n${text}`);
  }
}

test('kubectl 1.32.4 recorded: every probe handler, envFrom, devices and volume source, byte for byte', () => {
  assert.equal(describePodText(recordedPod, undefined, { ...opts, kubectl132: true }), recordedText);
});

test("kubectl dee3483a's words for the same pod: successThreshold/failureThreshold, a projected source's Optional", () => {
  const text = describePodText(recordedPod, undefined, opts);
  assert.match(text, /^ {4}Liveness: +http-get http:\/\/:8080\/healthz delay=5s timeout=2s period=15s successThreshold=1 failureThreshold=4$/m);
  assert.match(text, /^ {4}Startup: +http-get https:\/\/\[fd00::1\]:admin\/start%20up%3Fnow delay=5s timeout=2s period=15s successThreshold=1 failureThreshold=4$/m);
  assert.match(text, /^ {4}ConfigMapName: +kube-root-ca\.crt\n {4}Optional: +false\n {4}DownwardAPI: +true\n {4}SecretName: +extra\n {4}Optional: +false$/m);
  assert.doesNotMatch(text, /#success|#failure|ConfigMapOptional|SecretOptionalName/);
  // Nothing else differs from 1.32 here but the port's name (a value, so the columns stay as they are).
  const asOld = text.replace(/successThreshold=(\d+) failureThreshold=(\d+)/g, '#success=$1 #failure=$2')
    .replace('    Optional:                false\n    DownwardAPI', '    ConfigMapOptional:       <nil>\n    DownwardAPI')
    .replace('extra\n    Optional:                false', 'extra\n    SecretOptionalName:      <nil>')
    .replace(/(Port: +\d+\/TCP) \(http\)/g, '$1');
  assert.equal(asOld, recordedText);
});

test('DescribeProbe (dee3483a): each handler, unset timings as zero, the http-get URL as Go 1.26 net/url prints it', () => {
  const timing = { initialDelaySeconds: 10, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 };
  const attrs = 'delay=10s timeout=1s period=10s successThreshold=1 failureThreshold=3';
  assert.equal(describeProbe({ exec: { command: ['cat', '/tmp/healthy'] }, ...timing }), `exec [cat /tmp/healthy] ${attrs}`);
  assert.equal(describeProbe({ exec: {}, ...timing }), `exec [] ${attrs}`);
  assert.equal(describeProbe({ tcpSocket: { host: '10.0.0.7', port: 5432 }, ...timing }), `tcp-socket 10.0.0.7:5432 ${attrs}`);
  assert.equal(describeProbe({ grpc: { port: 2379, service: 'etcd' }, ...timing }), `grpc <pod>:2379 etcd ${attrs}`);
  assert.equal(describeProbe({ httpGet: { path: '/livez', port: 6443, scheme: 'HTTPS', host: '192.168.1.2' }, ...timing }), `http-get https://192.168.1.2:6443/livez ${attrs}`);
  assert.equal(describeProbe({ httpGet: { path: '/x' } }), 'http-get //:0/x delay=0s timeout=0s period=0s successThreshold=0 failureThreshold=0');
  assert.equal(describeProbe({}), 'unknown delay=0s timeout=0s period=0s successThreshold=0 failureThreshold=0');
  assert.equal(describeProbe({ exec: { command: ['true'] }, ...timing }, true), 'exec [true] delay=10s timeout=1s period=10s #success=1 #failure=3');
  // Expected values printed by url.URL{Scheme, Host: net.JoinHostPort(host, port), Path}.String() in Go 1.26.
  const goCases: Array<[scheme: string, host: string, path: string, want: string]> = [
    ['http', ':8080', '/healthz', 'http://:8080/healthz'],
    ['https', '[fd00::1]:admin', '/start up?now', 'https://[fd00::1]:admin/start%20up%3Fnow'],
    ['', ':8080', '/x', '//:8080/x'],
    ['http', ':80', 'healthz', 'http://:80/healthz'],
    ['http', ':80', '*', 'http://:80/*'],
    ['http', 'example.com', '/é#frag', 'http://example.com/%C3%A9%23frag'],
    ['http', '', '', 'http:'],
    ['', '', 'a:b/c', './a:b/c'],
    ['http', 'a b%:80', '/p%20', 'http://a%20b%25:80/p%2520'],
  ];
  for (const [scheme, host, p, want] of goCases) assert.equal(urlString(scheme, host, p), want, `${scheme} ${host} ${p}`);
  // A string port that is empty leaves the host without a port, as `len(Port.String()) > 0` does.
  assert.equal(describeProbe({ httpGet: { host: 'example.com', port: '', path: '/', scheme: 'HTTP' } }).split(' ')[1], 'http://example.com/');
});

test('TestDescribePodVolumes (dee3483a): an image volume in a pod without containers', () => {
  const pod = podWith({ volumes: [{ name: 'image', image: { reference: 'image', pullPolicy: 'IfNotPresent' } }] });
  assert.equal(describePodText(pod, [], opts), [
    'Name:         bar',
    'Namespace:    foo',
    'Node:         <none>',
    'Labels:       <none>',
    'Annotations:  <none>',
    'Status:       ',
    'IP:           ',
    'IPs:          <none>',
    'Containers: <none>',
    'Volumes:',
    '  image:',
    '    Type:        Image (a container image or OCI artifact)',
    '    Reference:   image',
    '    PullPolicy:  IfNotPresent',
    'QoS Class:       BestEffort',
    'Node-Selectors:  <none>',
    'Tolerations:     <none>',
    'Events:          <none>',
    '',
  ].join('\n'));
});

test('TestDescribeProjectedVolumesOptionalSecret (dee3483a)', () => {
  const pod = podWith({ volumes: [{ name: 'optional-secret', projected: { sources: [{ secret: { name: 'optional-secret', optional: true } }] } }] });
  assert.ok(describePodText(pod, [], opts).includes('SecretName:  optional-secret\n    Optional:    true'));
});

test('TestDescribeContainers (dee3483a): the envFrom, volumeMounts and volumeDevices rows', () => {
  const status = { containerStatuses: [{ name: 'test', ready: true, restartCount: 7 }] };
  const env = [{ name: 'envname', value: 'xyz' }];
  const rows: Array<[container: Record<string, unknown>, expected: string[]]> = [
    [{ env, envFrom: [{ configMapRef: { name: 'a123' } }] }, ['envname', 'xyz', 'a123\tConfigMap\tOptional: false']],
    [{ env, envFrom: [{ prefix: 'p_', configMapRef: { name: 'a123' } }] }, ['envname', 'xyz', "a123\tConfigMap with prefix 'p_'\tOptional: false"]],
    [{ env, envFrom: [{ configMapRef: { name: 'a123', optional: true } }] }, ['envname', 'xyz', 'a123\tConfigMap\tOptional: true']],
    [{ env, envFrom: [{ secretRef: { name: 'a123', optional: true } }] }, ['envname', 'xyz', 'a123\tSecret\tOptional: true']],
    [{ env, envFrom: [{ prefix: 'p_', secretRef: { name: 'a123' } }] }, ['envname', 'xyz', "a123\tSecret with prefix 'p_'\tOptional: false"]],
    [{ volumeMounts: [{ name: 'mounted-volume', mountPath: '/opt/' }] }, ['mounted-volume', '/opt/', '(rw)']],
    [{ volumeMounts: [{ name: 'mounted-volume', mountPath: '/opt/', readOnly: true }] }, ['Mounts', 'mounted-volume', '/opt/', '(ro)']],
    [{ volumeMounts: [{ name: 'mounted-volume', mountPath: '/opt/', subPath: 'foo' }] }, ['Mounts', 'mounted-volume', '/opt/', '(rw,path="foo")']],
    [{ volumeDevices: [{ name: 'volume-device', devicePath: '/dev/xvda' }] }, ['Devices', 'volume-device', '/dev/xvda']],
  ];
  for (const [fields, expected] of rows) {
    assertElements(describePodText(podWith({ containers: [{ name: 'test', image: 'image', ...fields }] }, status), [], opts), ['test', 'State', 'Waiting', 'Ready', 'True', 'Restart Count', '7', ...expected]);
  }
  // No envFrom: no "Environment Variables from" line at all (describeContainers checks the length).
  assert.doesNotMatch(describePodText(podWith({ containers: [{ name: 'test', image: 'image' }] }, status), [], opts), /Environment Variables from/);
});

test("describeVolumes (dee3483a): an unset HostPathType, a zero size limit, the server's token expiry, an ephemeral volume without a template, an unknown source", () => {
  const text = describePodText(podWith({ volumes: [
    { name: 'h', hostPath: { path: '/data' } },
    { name: 't', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } },
    { name: 'e', emptyDir: { sizeLimit: '0Mi' } },
    { name: 'tmp', ephemeral: {} },
    { name: 'odd', futureSource: { x: 1 } },
  ] }), [], opts);
  const volumes = text.slice(text.indexOf('Volumes:'), text.indexOf('QoS Class:'));
  assert.equal(volumes, [
    'Volumes:',
    '  h:',
    '    Type:          HostPath (bare host directory volume)',
    '    Path:          /data',
    '    HostPathType:  <none>',
    '  t:',
    '    Type:                    Projected (a volume that contains injected data from multiple sources)',
    '    TokenExpirationSeconds:  3600',
    '  e:',
    "    Type:       EmptyDir (a temporary directory that shares a pod's lifetime)",
    '    Medium:     ',
    '    SizeLimit:  <unset>',
    '  tmp:',
    '    Type:  EphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)',
    '  odd:',
    '  <unknown>',
    '',
  ].join('\n'));
});
