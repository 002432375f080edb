// Upstream's TestValidatePodUpdate rows (v1.33 era; test/fixtures/conformance) on every modelled release: none of the
// rules they exercise changed between 1.29 and 1.37 (vendored validation.go of each release, see
// src/core/rules/serverReleases.ts), so every verdict and asserted error must hold on each; with
// 1.29-1.31's InPlacePodVerticalScaling gate on, the cpu/memory rows that keep the QoS class pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validatePodChange } from '../../src/core/rules/checkPodUpdate';
import { formatFinding } from '../../src/core/rules/finding';
import { loadConformanceCases } from '../support/conformanceCases';

const cases = loadConformanceCases();
const RELEASES = ['1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36', '1.37'];
/** Rows whose change is container cpu/memory that keeps the QoS class: valid on ≤1.31 with the alpha gate. */
/** Rows asserting a rule that came with 1.33 (label values in required node affinity): before it only the verdict holds. */
const SINCE_133 = new Set(['not allow update node affinity to an invalid label-value']);
const MAIN_RESOURCE_RESIZE = new Set(['memory limit change', 'cpu request change', 'Pod QoS unchanged, burstable -> burstable', 'Pod QoS unchanged, burstable -> burstable, remove limits']);

for (const version of RELEASES) {
  test(`${version}: the ${cases.length} upstream rows keep their verdicts and errors`, () => {
    for (const c of cases) {
      const errors = validatePodChange(c.old, c.new, { serverVersion: version, options: c.opts ?? undefined });
      const shown = errors.map(formatFinding).join('\n');
      if (c.valid) { assert.deepEqual(errors, [], `${c.id} ${c.name}: ${shown}`); continue; }
      assert.ok(errors.length > 0, `${c.id} ${c.name}: expected errors`);
      if (SINCE_133.has(c.name) && Number(version.split('.')[1]) < 33) continue;
      assert.ok(errors.some((f) => f.path === c.errPath && formatFinding(f).includes(c.errContains ?? '')), `${c.id} ${c.name}: expected ${c.errPath} ~ ${c.errContains}, got\n${shown}`);
    }
  });
}

test('1.29-1.31 with InPlacePodVerticalScaling: cpu/memory rows that keep the QoS class become valid, the rest stay', () => {
  for (const version of ['1.29', '1.30', '1.31']) {
    for (const c of cases) {
      const errors = validatePodChange(c.old, c.new, { serverVersion: version, featureGates: { InPlacePodVerticalScaling: true }, options: c.opts ?? undefined });
      const expected = c.valid || MAIN_RESOURCE_RESIZE.has(c.name);
      assert.equal(errors.length === 0, expected, `${version} ${c.id} ${c.name}: ${errors.map(formatFinding).join('\n')}`);
    }
  }
});
