// The pure parts behind the log documents and the tooltip warning: which containers a pod offers
// (kubectl's order, kinds, states, the default one), the last line saying why a log stream ended,
// and which warning event a tooltip shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containerChoices, defaultContainer } from '../../src/core/logs/containerChoices';
import { explainLogEnd } from '../../src/core/logs/logStreamEnd';
import { tellingWarning, warningLine } from '../../src/core/describe/warningSummary';
import type { CoreEvent } from '../../src/core/cluster/podEvents';
import type { Pod } from '../../src/core/pod';

const pod: Pod = {
  metadata: { name: 'p', namespace: 'ns' },
  spec: {
    initContainers: [{ name: 'setup', image: 'busybox' }],
    containers: [{ name: 'web', image: 'nginx' }, { name: 'sidecar', image: 'agent' }],
    ephemeralContainers: [{ name: 'debugger', image: 'busybox' }],
  },
  status: {
    initContainerStatuses: [{ name: 'setup', restartCount: 0, state: { terminated: { reason: 'Completed', exitCode: 0 } } }],
    containerStatuses: [
      { name: 'web', restartCount: 2, state: { running: { startedAt: '2026-01-01T00:00:00Z' } }, lastState: { terminated: { reason: 'Error', exitCode: 1 } } },
      { name: 'sidecar', restartCount: 0, state: { waiting: { reason: 'ErrImagePull', message: 'failed to pull and unpack image "agent": not found' } } },
    ],
  },
};

test("containers in kubectl's order (init, regular, ephemeral), with kind, state and previous instance", () => {
  assert.deepEqual(containerChoices(pod).map((c) => [c.name, c.kind, c.state, c.hasPrevious, c.restartCount]), [
    ['setup', 'init', 'Terminated (Completed, exit code 0)', false, 0],
    ['web', 'regular', 'Running', true, 2],
    ['sidecar', 'regular', 'Waiting (ErrImagePull)', false, 0],
    ['debugger', 'ephemeral', 'Not started', false, 0],
  ]);
  assert.equal(defaultContainer(pod), 'web');
  const annotated = { ...pod, metadata: { ...pod.metadata, annotations: { 'kubectl.kubernetes.io/default-container': 'sidecar' } } };
  assert.equal(defaultContainer(annotated), 'sidecar');
});

test('why a log stream ended: deleted, restarted, waiting with the cause, still running', () => {
  const web = containerChoices(pod).find((c) => c.name === 'web')!;
  const start = { container: 'web', previous: false, follow: true, choice: web };
  assert.equal(explainLogEnd(start, undefined), 'Stream ended: the pod was deleted.');
  assert.equal(explainLogEnd(start, { ...pod, metadata: { ...pod.metadata, deletionTimestamp: '2026-01-01T00:01:00Z' } }), 'Stream ended: the pod is terminating.');
  const restarted = structuredClone(pod);
  (restarted.status as any).containerStatuses[0].restartCount = 3;
  assert.match(explainLogEnd(start, restarted), /^Stream ended: container "web" restarted \(restart count 3\)\. Reload to follow the new instance/);
  assert.match(explainLogEnd(start, pod), /^Stream ended: the server closed it while the container still runs/);
  const sidecar = containerChoices(pod).find((c) => c.name === 'sidecar')!;
  assert.equal(explainLogEnd({ container: 'sidecar', previous: false, follow: true, choice: sidecar }, pod),
    'Not following: container "sidecar" is waiting (ErrImagePull): failed to pull and unpack image "agent": not found.');
  assert.match(explainLogEnd({ container: 'web', previous: true, follow: false, choice: web }, pod), /^End of the previous instance's log \(container "web" now: running\)\.$/);
});

test("the tooltip's warning: the cause rather than the kubelet's bare 'Error: <reason>' that follows it", () => {
  const at = (s: string) => `2026-01-01T00:${s}Z`;
  const ev = (name: string, type: string, reason: string, message: string, last: string, count = 1, fieldPath = 'spec.containers{app}'): CoreEvent =>
    ({ metadata: { name }, type, reason, message, count, firstTimestamp: at('00:00'), lastTimestamp: at(last), involvedObject: { fieldPath } });
  const events = [
    ev('a', 'Warning', 'Failed', 'Failed to pull image "x:1": rpc error: code = NotFound desc = failed to pull and unpack image "x:1": not found', '01:00', 4),
    ev('b', 'Warning', 'Failed', 'Error: ErrImagePull', '01:00', 4),
    ev('c', 'Normal', 'BackOff', 'Back-off pulling image "x:1"', '02:00', 6),
    ev('d', 'Warning', 'Failed', 'Error: ImagePullBackOff', '02:00', 6),
  ];
  assert.equal(tellingWarning(events)?.metadata?.name, 'a');
  assert.equal(tellingWarning(events.slice(1))?.metadata?.name, 'd', 'no warning with a cause: the latest one');
  assert.equal(tellingWarning([events[2]]), undefined);
  assert.deepEqual(warningLine(events[0], Date.parse(at('03:00'))), { reason: 'Failed', when: '2m ago, 4 times', message: events[0].message });
  assert.equal(warningLine({ ...events[0], count: 1 }, Date.parse(at('03:00')), 20).message, 'Failed to pull imag…', 'cut to 20 characters, the ellipsis included');
});
