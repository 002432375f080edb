// Strategic merge patches of workloads: the pod template merges containers by name (what kubectl
// set image and kubectl edit send), the workload's own fields as a merge patch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyWorkloadStrategicPatch } from '../../src/sandbox/workloadPatch';

const deployment = {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { app: 'web' } },
  spec: {
    replicas: 2, selector: { matchLabels: { app: 'web' } }, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }, { name: 'sidecar', image: 'agent:1' }] } },
  },
};

test('kubectl set image: one container by name, its other fields and the other container kept', () => {
  const out = applyWorkloadStrategicPatch(deployment, { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } } }) as any;
  assert.deepEqual(out.spec.template.spec.containers, [{ name: 'web', image: 'nginx:1.28', ports: [{ containerPort: 80 }] }, { name: 'sidecar', image: 'agent:1' }]);
  assert.equal(out.spec.replicas, 2);
});

test("kubectl edit's patch: $setElementOrder on containers, a label, replicas, and the strategy replaced with $retainKeys dropped", () => {
  const out = applyWorkloadStrategicPatch(deployment, {
    metadata: { labels: { tier: 'fe' } },
    spec: {
      replicas: 3, strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null },
      template: { spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'web' }], containers: [{ name: 'sidecar', image: 'agent:2' }] } },
    },
  }) as any;
  assert.deepEqual(out.metadata.labels, { app: 'web', tier: 'fe' });
  assert.equal(out.spec.replicas, 3);
  assert.deepEqual(out.spec.strategy, { type: 'Recreate' });
  assert.deepEqual(out.spec.template.spec.containers.map((c: any) => `${c.name}=${c.image}`), ['sidecar=agent:2', 'web=nginx:1.27']);
});
