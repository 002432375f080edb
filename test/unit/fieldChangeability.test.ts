// The hover's table: how a field of a running pod can change, per release and profile, and the
// key under a text offset it is asked about.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { fieldChangeability } from '../../src/core/rules/fieldChangeability';
import { serverRules } from '../../src/core/rules/serverReleases';
import { keyAtOffset } from '../../src/core/yaml/keyAtOffset';
import { parseManifest } from '../../src/core/yaml/manifestParser';

const way = (path: (string | number)[], version: string, profile: 'kubernetes' | 'cci' = 'kubernetes') => fieldChangeability(path, serverRules({ serverVersion: version }), profile).way;

test('each way a field can change, on 1.35', () => {
  assert.equal(way(['spec', 'restartPolicy'], '1.35'), 'recreate');
  assert.equal(way(['spec', 'containers', 0, 'resources', 'limits', 'memory'], '1.35'), 'resize');
  assert.equal(way(['spec', 'containers', 0, 'resizePolicy'], '1.35'), 'resize');
  assert.equal(way(['spec', 'containers', 0, 'image'], '1.35'), 'patch');
  assert.equal(way(['spec', 'tolerations', 0, 'key'], '1.35'), 'additions');
  assert.equal(way(['spec', 'schedulingGates'], '1.35'), 'removals');
  assert.equal(way(['spec', 'ephemeralContainers', 0, 'image'], '1.35'), 'ephemeral');
  assert.equal(way(['metadata', 'resourceVersion'], '1.35'), 'serverOwned');
  assert.equal(way(['status', 'phase'], '1.35'), 'serverOwned');
  assert.equal(way(['metadata', 'labels', 'app'], '1.35'), 'patch');
  assert.equal(way(['metadata', 'name'], '1.35'), 'recreate');
  assert.equal(way(['spec', 'containers', 0, 'resources', 'limits', 'nvidia.com/gpu'], '1.35'), 'recreate');
});

test('resources per release: recreate on 1.32 without the gate (no resize served), resize from 1.33; pod-level from 1.35', () => {
  assert.equal(way(['spec', 'containers', 0, 'resources', 'limits', 'memory'], '1.32'), 'recreate');
  assert.equal(way(['spec', 'containers', 0, 'resources', 'limits', 'memory'], '1.33'), 'resize');
  assert.equal(way(['spec', 'resources', 'limits', 'cpu'], '1.34'), 'recreate');
  assert.match(fieldChangeability(['spec', 'containers', 0, 'resources', 'limits', 'memory'], serverRules({ serverVersion: '1.33' })).detail ?? '', /cannot be lowered/);
});

test('cci profile: images and labels by patch, tolerations only additions, the rest recreate', () => {
  assert.equal(way(['spec', 'containers', 0, 'image'], '1.35', 'cci'), 'patch');
  assert.equal(way(['spec', 'tolerations', 0], '1.35', 'cci'), 'additions');
  assert.equal(way(['spec', 'containers', 0, 'resources', 'limits', 'memory'], '1.35', 'cci'), 'recreate');
});

test('keyAtOffset: the key under the offset, on the key or on its scalar value', () => {
  const text = 'kind: Pod\nspec:\n  containers:\n  - name: app\n    resources:\n      limits:\n        memory: 1Gi\n';
  const doc = parseManifest(text).documents[0].tree;
  assert.deepEqual(keyAtOffset(doc, text.indexOf('memory') + 2)?.keys, ['spec', 'containers', 0, 'resources', 'limits', 'memory']);
  assert.deepEqual(keyAtOffset(doc, text.indexOf('1Gi') + 1)?.keys, ['spec', 'containers', 0, 'resources', 'limits', 'memory']);
  assert.deepEqual(keyAtOffset(doc, text.indexOf('app'))?.keys, ['spec', 'containers', 0, 'name']);
  assert.equal(keyAtOffset(doc, text.length + 5), undefined);
});
