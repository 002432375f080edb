// Discovery for the workload groups (apps/v1, batch/v1) in the shapes a pre-aggregation API server
// answers /apis, /apis/{group} and /apis/{group}/{version} with; the resource lists carry what
// kubectl reads (short names, categories, verbs, subresources).
const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function groupVersion(group: string) {
  return { groupVersion: `${group}/v1`, version: 'v1' };
}

export function apiGroup(group: string): Record<string, unknown> {
  return { kind: 'APIGroup', apiVersion: 'v1', name: group, versions: [groupVersion(group)], preferredVersion: groupVersion(group) };
}

export const WORKLOAD_GROUPS = ['apps', 'batch'].map((g) => {
  const { kind: _k, apiVersion: _a, ...rest } = apiGroup(g);
  return rest;
});

function resource(name: string, singularName: string, kind: string, shortNames: string[], storageVersionHash: string, scalable = false) {
  return [
    { name, singularName, namespaced: true, kind, verbs: VERBS, ...(shortNames.length ? { shortNames } : {}), categories: ['all'], storageVersionHash },
    ...(scalable ? [{ name: `${name}/scale`, singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] }] : []),
    { name: `${name}/status`, singularName: '', namespaced: true, kind, verbs: ['get', 'patch', 'update'] },
  ];
}

export const RESOURCE_LISTS: Record<string, Record<string, unknown>> = {
  'apps/v1': {
    kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'apps/v1',
    resources: [
      ...resource('daemonsets', 'daemonset', 'DaemonSet', ['ds'], 'dd7pWHUlMKQ='),
      ...resource('deployments', 'deployment', 'Deployment', ['deploy'], '8aSe+NMegvE=', true),
      ...resource('replicasets', 'replicaset', 'ReplicaSet', ['rs'], 'P1RzHs8/mWQ=', true),
      ...resource('statefulsets', 'statefulset', 'StatefulSet', ['sts'], 'H+vl74LkKdo=', true),
    ],
  },
  'batch/v1': {
    kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'batch/v1',
    resources: resource('jobs', 'job', 'Job', [], 'mudhfqk/qZY='),
  },
};
