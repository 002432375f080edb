// Strategic merge patch equal to upstream's k8s.io/apimachinery/pkg/util/strategicpatch (v0.37.2):
// upstream's own table rows mapped onto pod fields (fixture), then the pod's own list fields and
// directives. Every expected value here was also produced by that Go module with the v1.Pod of
// k8s.io/api v0.37.2 (a throwaway program outside the repository), so these are upstream's answers.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { applyStrategicMergePatch } from '../../src/core/patch/strategicMergePatch';
import { createTwoWayMergeMapPatch } from '../../src/core/patch/strategicMergeDiff';
import { StrategicMergePatchError } from '../../src/core/patch/strategicMergeErrors';
import { lookupListField } from '../../src/core/patch/podPatchSchema';

type Row = { upstream: string; original: object; patch: object; modified?: object; created?: object; applied?: object; error?: string };
const fixture = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'strategicMergePatch', 'upstream-patch-test-v0.37.2.json');
const { rows } = JSON.parse(readFileSync(fixture, 'utf8')) as { rows: Row[] };

const create = (a: object, b: object) => createTwoWayMergeMapPatch(a as Record<string, unknown>, b as Record<string, unknown>);
const apply = (a: object, p: object) => applyStrategicMergePatch(a, p);

describe('upstream patch_test.go rows (k8s.io/apimachinery v0.37.2) on pod fields', () => {
  test('the fixture holds the ported rows', () => assert.ok(rows.length >= 90, `${rows.length} rows`));
  for (const row of rows) {
    test(row.upstream, () => {
      if (row.created) assert.deepEqual(create(row.original, row.modified ?? {}), row.created, 'CreateTwoWayMergePatch');
      if (row.error !== undefined) assert.throws(() => apply(row.original, row.patch), { message: row.error });
      else assert.deepEqual(apply(row.original, row.patch), row.applied, 'StrategicMergePatch');
    });
  }
});

describe('keyed lists of the pod', () => {
  test('`$patch: delete` removes every item with that merge key (duplicate env names)', () => {
    const pod = { spec: { containers: [{ name: 'app', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }, { name: 'A', value: '3' }] }] } };
    assert.deepEqual(apply(pod, { spec: { containers: [{ name: 'app', env: [{ name: 'A', $patch: 'delete' }] }] } }),
      { spec: { containers: [{ name: 'app', env: [{ name: 'B', value: '2' }] }] } });
  });

  test('a $setElementOrder list that disagrees with the patch list is an error (500 upstream)', () => {
    const pod = { spec: { containers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] } };
    const patch = { spec: { '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }], containers: [{ name: 'b', image: 'x' }, { name: 'a', image: 'y' }] } };
    assert.throws(() => apply(pod, patch), (err: unknown) => err instanceof StrategicMergePatchError && err.httpStatus === 500
      && err.message === 'The order in patch list:\n[map[image:x name:b] map[image:y name:a]]\n doesn\'t match $setElementOrder list:\n[map[name:a] map[name:b]]\n');
  });

  test('items only the server has keep their relative positions around the ordered ones', () => {
    const pod = { spec: { containers: [{ name: 's1' }, { name: 'a' }, { name: 's2' }, { name: 'b' }, { name: 's3' }] } };
    const patch = { spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'n' }, { name: 'a' }], containers: [{ name: 'n', image: 'new' }] } };
    assert.deepEqual(apply(pod, patch), { spec: { containers: [{ name: 's1' }, { name: 's2' }, { name: 'b' }, { name: 'n', image: 'new' }, { name: 'a' }, { name: 's3' }] } });
  });

  test('`$patch: delete` items for a list the target lacks are dropped', () => {
    const patch = { spec: { initContainers: [{ name: 'gone', $patch: 'delete' }, { name: 'init', image: 'i' }], volumes: [{ name: 'v', $patch: 'delete' }] } };
    assert.deepEqual(apply({ spec: { containers: [{ name: 'app' }] } }, patch),
      { spec: { containers: [{ name: 'app' }], initContainers: [{ name: 'init', image: 'i' }], volumes: [] } });
  });

  test('reordering only sends the order; a changed env sends the item and both orders', () => {
    assert.deepEqual(create({ spec: { containers: [{ name: 'a', image: '1' }, { name: 'b', image: '2' }] } }, { spec: { containers: [{ name: 'b', image: '2' }, { name: 'a', image: '1' }] } }),
      { spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }] } });
    assert.deepEqual(create({ spec: { containers: [{ name: 'a', env: [{ name: 'X', value: '1' }] }] } }, { spec: { containers: [{ name: 'a', env: [{ name: 'X', value: '2' }, { name: 'Y', value: '3' }] }] } }), {
      spec: {
        '$setElementOrder/containers': [{ name: 'a' }],
        containers: [{ name: 'a', '$setElementOrder/env': [{ name: 'X' }, { name: 'Y' }], env: [{ name: 'X', value: '2' }, { name: 'Y', value: '3' }] }],
      },
    });
  });

  test('ports merge by containerPort alone: removing 53/TCP next to 53/UDP deletes both, as upstream does', () => {
    const before = { spec: { containers: [{ name: 'web', ports: [{ containerPort: 53, protocol: 'TCP', name: 'dns-tcp' }, { containerPort: 53, protocol: 'UDP', name: 'dns-udp' }] }] } };
    const after = { spec: { containers: [{ name: 'web', ports: [{ containerPort: 53, protocol: 'UDP', name: 'dns-udp' }] }] } };
    const patch = create(before, after);
    assert.deepEqual(patch, { spec: { '$setElementOrder/containers': [{ name: 'web' }], containers: [{ name: 'web', '$setElementOrder/ports': [{ containerPort: 53 }], ports: [{ containerPort: 53, $patch: 'delete' }] }] } });
    assert.deepEqual(apply(before, patch), { spec: { containers: [{ name: 'web', ports: [] }] } });
  });

  test('status lists: conditions by type, podIPs and hostIPs by ip', () => {
    const pod = { status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'PodScheduled', status: 'True' }], podIPs: [{ ip: '10.0.0.1' }], hostIPs: [{ ip: '192.168.0.1' }] } };
    const patch = { status: { conditions: [{ type: 'Ready', status: 'True' }], podIPs: [{ ip: 'fd00::1' }], hostIPs: [{ ip: '192.168.0.1', $patch: 'delete' }] } };
    assert.deepEqual(apply(pod, patch), { status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }], podIPs: [{ ip: 'fd00::1' }, { ip: '10.0.0.1' }], hostIPs: [] } });
  });

  test('`$patch: replace` in a keyed list makes the patch the list', () => {
    assert.deepEqual(apply({ spec: { containers: [{ name: 'a', image: '1' }, { name: 'b', image: '2' }] } }, { spec: { containers: [{ name: 'c', image: '3' }, { $patch: 'replace' }] } }),
      { spec: { containers: [{ name: 'c', image: '3' }] } });
  });
});

describe('retainKeys lists: volumes and resourceClaims', () => {
  test('creating a patch for a changed volume or claim emits $retainKeys as upstream does', () => {
    assert.deepEqual(create({ spec: { volumes: [{ name: 'data', emptyDir: {} }, { name: 'cfg', configMap: { name: 'c1' } }] } },
      { spec: { volumes: [{ name: 'data', hostPath: { path: '/srv' } }, { name: 'cfg', configMap: { name: 'c1' } }] } }), {
      spec: {
        '$setElementOrder/volumes': [{ name: 'data' }, { name: 'cfg' }],
        volumes: [{ name: 'data', $retainKeys: ['hostPath', 'name'], emptyDir: null, hostPath: { path: '/srv' } }],
      },
    });
    assert.deepEqual(create({ spec: { resourceClaims: [{ name: 'gpu', resourceClaimName: 'gpu-claim' }] } }, { spec: { resourceClaims: [{ name: 'gpu', resourceClaimTemplateName: 'gpu-template' }] } }), {
      spec: {
        '$setElementOrder/resourceClaims': [{ name: 'gpu' }],
        resourceClaims: [{ name: 'gpu', $retainKeys: ['name', 'resourceClaimTemplateName'], resourceClaimName: null, resourceClaimTemplateName: 'gpu-template' }],
      },
    });
  });

  test('$retainKeys clears the keys it does not list; a patch key it does not list is a 400', () => {
    const pod = { spec: { volumes: [{ name: 'data', emptyDir: {} }] } };
    assert.deepEqual(apply(pod, { spec: { volumes: [{ name: 'data', $retainKeys: ['name', 'hostPath'], hostPath: { path: '/srv' } }] } }), { spec: { volumes: [{ name: 'data', hostPath: { path: '/srv' } }] } });
    assert.throws(() => apply(pod, { spec: { volumes: [{ name: 'data', $retainKeys: ['name'], hostPath: { path: '/srv' } }] } }),
      (err: unknown) => err instanceof StrategicMergePatchError && err.httpStatus === 400 && err.message === 'invalid patch format of retainKeys');
  });
});

describe('finalizers, tolerations, nodeSelector', () => {
  test('finalizers are a primitive merge list: additions, $deleteFromPrimitiveList, $setElementOrder', () => {
    assert.deepEqual(create({ metadata: { finalizers: ['example.com/a', 'example.com/b'] } }, { metadata: { finalizers: ['example.com/b', 'example.com/c'] } }), {
      metadata: { '$setElementOrder/finalizers': ['example.com/b', 'example.com/c'], '$deleteFromPrimitiveList/finalizers': ['example.com/a'], finalizers: ['example.com/c'] },
    });
    const patch = { metadata: { '$setElementOrder/finalizers': ['example.com/b', 'example.com/c'], '$deleteFromPrimitiveList/finalizers': ['example.com/a'], finalizers: ['example.com/c'] } };
    assert.deepEqual(apply({ metadata: { finalizers: ['example.com/a', 'example.com/b', 'example.com/x'] } }, patch), { metadata: { finalizers: ['example.com/b', 'example.com/c', 'example.com/x'] } });
  });

  test('an unsorted finalizers list that did not change still sends its order (upstream sorts it in place first)', () => {
    assert.deepEqual(create({ metadata: { finalizers: ['b', 'a'] } }, { metadata: { finalizers: ['b', 'a'] } }), { metadata: { '$setElementOrder/finalizers': ['b', 'a'] } });
    assert.deepEqual(create({ metadata: { finalizers: ['a', 'b'] } }, { metadata: { finalizers: ['a', 'b'] } }), {});
  });

  test('tolerations are atomic: the whole list is sent and replaces the server\'s', () => {
    assert.deepEqual(create({ spec: { tolerations: [{ key: 'a', operator: 'Exists' }] } }, { spec: { tolerations: [{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'Exists' }] } }),
      { spec: { tolerations: [{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'Exists' }] } });
    assert.deepEqual(apply({ spec: { tolerations: [{ key: 'a', operator: 'Exists' }] } }, { spec: { tolerations: [{ key: 'b', operator: 'Exists' }] } }), { spec: { tolerations: [{ key: 'b', operator: 'Exists' }] } });
  });

  test('nodeSelector is a map: keys merge, null removes one', () => {
    assert.deepEqual(create({ spec: { nodeSelector: { disk: 'ssd', zone: 'a' } } }, { spec: { nodeSelector: { disk: 'hdd' } } }), { spec: { nodeSelector: { disk: 'hdd', zone: null } } });
    assert.deepEqual(apply({ spec: { nodeSelector: { disk: 'ssd', zone: 'a' } } }, { spec: { nodeSelector: { zone: null, gpu: 'yes' } } }), { spec: { nodeSelector: { disk: 'ssd', gpu: 'yes' } } });
  });

  test('`$patch: delete` on a struct empties it (upstream keeps `{}`)', () => {
    assert.deepEqual(apply({ spec: { affinity: { nodeAffinity: { x: 1 } } } }, { spec: { affinity: { $patch: 'delete' } } }), { spec: { affinity: {} } });
  });
});

describe('errors carry upstream\'s message and the status the API server answers', () => {
  const cases: [string, object, object, 400 | 422 | 500, string][] = [
    ['malformed $deleteFromPrimitiveList key', { metadata: { finalizers: ['a'] } }, { metadata: { '$deleteFromPrimitiveListfinalizers': ['a'] } }, 400, 'invalid patch format of primitive list'],
    ['$retainKeys that is not a list', { spec: { volumes: [{ name: 'a', emptyDir: {} }] } }, { spec: { volumes: [{ name: 'a', $retainKeys: 'name' }] } }, 400, 'invalid patch format of retainKeys'],
    ['a list of lists', { metadata: { finalizers: [] } }, { metadata: { finalizers: [['x']] } }, 422, 'lists of lists are not supported'],
    ['$setElementOrder of a field the Pod lacks', { spec: { containers: [{ name: 'a' }] } }, { spec: { '$setElementOrder/initContainerz': [{ name: 'a' }] } }, 500, 'unable to find api field in struct PodSpec for the json field "initContainerz"'],
    ['`$patch: merge` in a list', { spec: { containers: [{ name: 'a' }] } }, { spec: { containers: [{ name: 'a', $patch: 'merge' }] } }, 500, 'merging lists cannot yet be specified in the patch'],
    ['mixed item types', { spec: { containers: [{ name: 'a' }] } }, { spec: { containers: [[{ name: 'a' }]] } }, 500, 'list element types are not identical: [[map[name:a]] [[map[name:a]]]]'],
  ];
  for (const [name, pod, patch, status, message] of cases) {
    test(name, () => {
      assert.throws(() => apply(pod, patch), (err: unknown) => err instanceof StrategicMergePatchError && err.httpStatus === status && err.message === message);
    });
  }
});

test('the Pod schema carries k8s.io/api v0.37.2\'s patch tags, status lists included', () => {
  const keyed = (owner: string, field: string) => {
    const { meta } = lookupListField(owner, field);
    return `${meta.strategies.join(',')}:${meta.mergeKey}`;
  };
  assert.deepEqual({
    containers: keyed('PodSpec', 'containers'), initContainers: keyed('PodSpec', 'initContainers'), ephemeralContainers: keyed('PodSpec', 'ephemeralContainers'),
    env: keyed('Container', 'env'), ports: keyed('Container', 'ports'), volumeMounts: keyed('Container', 'volumeMounts'), volumeDevices: keyed('Container', 'volumeDevices'),
    volumes: keyed('PodSpec', 'volumes'), resourceClaims: keyed('PodSpec', 'resourceClaims'), imagePullSecrets: keyed('PodSpec', 'imagePullSecrets'),
    hostAliases: keyed('PodSpec', 'hostAliases'), schedulingGates: keyed('PodSpec', 'schedulingGates'), topologySpreadConstraints: keyed('PodSpec', 'topologySpreadConstraints'),
    tolerations: keyed('PodSpec', 'tolerations'), readinessGates: keyed('PodSpec', 'readinessGates'), resizePolicy: keyed('Container', 'resizePolicy'),
    finalizers: keyed('ObjectMeta', 'finalizers'), ownerReferences: keyed('ObjectMeta', 'ownerReferences'),
    conditions: keyed('PodStatus', 'conditions'), podIPs: keyed('PodStatus', 'podIPs'), hostIPs: keyed('PodStatus', 'hostIPs'),
    containerStatuses: keyed('PodStatus', 'containerStatuses'), resourceClaimStatuses: keyed('PodStatus', 'resourceClaimStatuses'),
  }, {
    containers: 'merge:name', initContainers: 'merge:name', ephemeralContainers: 'merge:name',
    env: 'merge:name', ports: 'merge:containerPort', volumeMounts: 'merge:mountPath', volumeDevices: 'merge:devicePath',
    volumes: 'merge,retainKeys:name', resourceClaims: 'merge,retainKeys:name', imagePullSecrets: 'merge:name',
    hostAliases: 'merge:ip', schedulingGates: 'merge:name', topologySpreadConstraints: 'merge:topologyKey',
    tolerations: ':', readinessGates: ':', resizePolicy: ':',
    finalizers: 'merge:', ownerReferences: 'merge:uid',
    conditions: 'merge:type', podIPs: 'merge:ip', hostIPs: 'merge:ip',
    containerStatuses: ':', resourceClaimStatuses: 'merge,retainKeys:name',
  });
});

test('podpatch diff --type strategic: an edit no strategic patch can express exits 2 with upstream\'s text, as kubectl edit refuses it', () => {
  const root = path.resolve(__dirname, '..', '..', '..');
  const dir = mkdtempSync(path.join(tmpdir(), 'podpatch-smp-cli-'));
  try {
    const old = path.join(dir, 'old.json');
    const edited = path.join(dir, 'new.json');
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'app', image: 'a' }] } };
    writeFileSync(old, JSON.stringify(pod));
    writeFileSync(edited, JSON.stringify({ ...pod, spec: { containers: [{ image: 'b' }] } }));
    const r = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'diff', old, edited, '--type', 'strategic'], { encoding: 'utf8' });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /diff: map: map\[image:b\] does not contain declared merge key: name/);
    assert.equal(r.stdout, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
