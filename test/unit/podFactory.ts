// Test pods shaped like upstream's podtest.MakePod (one container "ctr", defaults filled in), so
// that unit tests read like the upstream table rows they generalise.
import type { Pod } from '../../src/core/pod';

export function makePod(spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'foo', namespace: 'default', resourceVersion: '1', ...metadata },
    spec: {
      containers: [{ name: 'ctr', image: 'image', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File' }],
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      ...spec,
    },
  };
}

export function container(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'ctr', image: 'image', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File', ...fields };
}
