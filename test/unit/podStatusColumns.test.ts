// The shared printPod port: sidecar (restartable init container) counting, init container
// reasons, and the restart columns, as upstream's pkg/printers/internalversion printPod computes them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../src/core/pod';
import { humanDuration, podStatusColumns, restartsColumn } from '../../src/core/podStatusColumns';

const now = Date.parse('2026-01-01T01:00:00Z');
const running = { running: { startedAt: '2026-01-01T00:00:00Z' } };

function pod(initContainers: object[], status: object, containers: object[] = [{ name: 'app' }]): Pod {
  return { metadata: { name: 'p', namespace: 'ns', creationTimestamp: '2026-01-01T00:00:00Z' }, spec: { initContainers, containers }, status } as Pod;
}

test('a started sidecar counts as ready while a later init container still runs; all init restarts count', () => {
  const p = pod([{ name: 'proxy', restartPolicy: 'Always' }, { name: 'migrate' }], {
    phase: 'Pending',
    initContainerStatuses: [
      { name: 'proxy', started: true, ready: true, restartCount: 2, state: running, lastState: { terminated: { exitCode: 1, finishedAt: '2026-01-01T00:55:00Z' } } },
      { name: 'migrate', started: false, ready: false, restartCount: 1, state: running, lastState: { terminated: { exitCode: 1, finishedAt: '2026-01-01T00:50:00Z' } } },
    ],
    containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }],
  });
  const columns = podStatusColumns(p);
  assert.deepEqual([columns.ready, columns.total, columns.reason, columns.restarts], [1, 2, 'Init:1/2', 3]);
  assert.equal(restartsColumn(columns, now), '3 (5m ago)');
});

test('once initialized, only the sidecars keep their restarts among the init containers', () => {
  const p = pod([{ name: 'migrate' }, { name: 'proxy', restartPolicy: 'Always' }], {
    phase: 'Running',
    conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'True' }],
    initContainerStatuses: [
      { name: 'migrate', restartCount: 4, state: { terminated: { exitCode: 0, reason: 'Completed' } }, lastState: { terminated: { exitCode: 1, finishedAt: '2026-01-01T00:59:00Z' } } },
      { name: 'proxy', started: true, ready: true, restartCount: 1, state: running, lastState: { terminated: { exitCode: 137, finishedAt: '2026-01-01T00:40:00Z' } } },
    ],
    containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: running }],
  });
  const columns = podStatusColumns(p);
  assert.deepEqual([columns.ready, columns.total, columns.reason, columns.restarts], [2, 2, 'Running', 1]);
  assert.equal(restartsColumn(columns, now), '1 (20m ago)');
});

test('a sidecar that has not started yet holds initialization like any init container', () => {
  const p = pod([{ name: 'proxy', restartPolicy: 'Always' }], {
    phase: 'Pending',
    initContainerStatuses: [{ name: 'proxy', started: false, ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff' } } }],
  });
  assert.deepEqual(podStatusColumns(p), { ready: 0, total: 2, reason: 'Init:ImagePullBackOff', restarts: 0, lastRestart: 0 });
});

test('the first failed init container gives the reason: its reason, else signal, else exit code', () => {
  const failed = (terminated: object) => pod([{ name: 'a' }, { name: 'b' }], {
    phase: 'Pending',
    initContainerStatuses: [
      { name: 'a', restartCount: 0, state: { terminated } },
      { name: 'b', restartCount: 0, state: { waiting: { reason: 'ErrImagePull' } } },
    ],
  });
  assert.equal(podStatusColumns(failed({ exitCode: 1, reason: 'Error' })).reason, 'Init:Error');
  assert.equal(podStatusColumns(failed({ exitCode: 137, signal: 9 })).reason, 'Init:Signal:9');
  assert.equal(podStatusColumns(failed({ exitCode: 2 })).reason, 'Init:ExitCode:2');
  assert.equal(podStatusColumns(failed({ exitCode: 0, reason: 'Completed' })).reason, 'Init:ErrImagePull');
});

test('scheduling gates, Completed containers beside running ones, and deletion', () => {
  const gated = pod([], { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] });
  assert.equal(podStatusColumns(gated).reason, 'SchedulingGated');
  const mixed = pod([], {
    phase: 'Running',
    containerStatuses: [
      { name: 'app', ready: true, restartCount: 0, state: running },
      { name: 'job', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
    ],
  }, [{ name: 'app' }, { name: 'job' }]);
  assert.deepEqual([podStatusColumns(mixed).reason, podStatusColumns(mixed).ready], ['NotReady', 1]);
  const finished = { ...pod([], { phase: 'Succeeded' }), metadata: { name: 'p', deletionTimestamp: '2026-01-01T00:30:00Z' } };
  assert.equal(podStatusColumns(finished).reason, 'Succeeded', 'a finished pod being deleted is not Terminating');
  const lost = { ...pod([], { phase: 'Running', reason: 'NodeLost' }), metadata: { name: 'p', deletionTimestamp: '2026-01-01T00:30:00Z' } };
  assert.equal(podStatusColumns(lost).reason, 'Unknown');
});

test('HumanDuration drops a zero day count after whole years', () => {
  assert.equal(humanDuration(730 * 86_400_000), '2y');
  assert.equal(humanDuration(731 * 86_400_000), '2y1d');
});
