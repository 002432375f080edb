// `npm start`'s demo workspace keeps a user's edits: seeded from the samples only when absent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDemoWorkspace, sampleManifestsDir } from './sampleWorkspace';

test('the demo workspace is seeded once, then a user\'s edits and deletions are kept', (t) => {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'podpatch-demo-test-'));
  t.after(() => rmSync(parent, { recursive: true, force: true }));
  const folder = path.join(parent, '.podpatch-demo');

  const first = ensureDemoWorkspace(folder);
  assert.equal(first.seeded, true);
  assert.deepEqual(readdirSync(folder).sort(), readdirSync(sampleManifestsDir).sort());

  writeFileSync(path.join(folder, 'pod-test.yaml'), 'edited by the user\n');
  rmSync(path.join(folder, 'batch-job-pod.yaml'));
  const second = ensureDemoWorkspace(folder);
  assert.equal(second.seeded, false);
  assert.equal(readFileSync(path.join(folder, 'pod-test.yaml'), 'utf8'), 'edited by the user\n');
  assert.ok(!readdirSync(folder).includes('batch-job-pod.yaml'), 'a file the user deleted stays deleted');
});
