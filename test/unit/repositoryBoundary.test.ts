// A clone with nothing beside it must run every test, bench and script: none may read a path outside
// the repository (the sibling reference folder `../shared` above all). See test/support/outsideReads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { projectRoot } from '../harness/projectRoot';
import { checkedFiles, findOutsideReads, scanSource } from '../support/outsideReads';

test('no file under test/, bench/, scripts/ or .ci/ reads a path outside the repository', () => {
  const found = findOutsideReads(projectRoot);
  assert.deepEqual(found.map((f) => `${f.file}:${f.line}: ${f.why}: ${f.text}`), []);
});

test('the check covers the test runner, benches, scripts and CI script', () => {
  const files = checkedFiles(projectRoot);
  for (const f of ['test/runAll.mjs', 'test/conformance/podUpdateCases.test.ts', 'bench/relint.ts', 'bench/diagnostics.ts', 'scripts/start.mjs', '.ci/run']) {
    assert.ok(files.includes(f), `${f} is not checked; checked: ${files.join(', ')}`);
  }
  assert.ok(!files.some((f) => f.includes('fixtures')), 'fixtures are data, not code');
});

// What the reads this check was written for looked like (issue 10), and ways around a plain grep.
// `SIBLING` stands for the reference folder beside the repository, so this file does not name it.
const REFERENCE_FOLDER = 'shared';
const expand = (text: string): string => text
  .replaceAll('SIBLING_ARGS', ['..', REFERENCE_FOLDER].map((s) => `'${s}'`).join(', '))
  .replaceAll('SIBLING', ['..', REFERENCE_FOLDER].join('/'))
  .replaceAll('WORK', ['', 'work', ''].join('/'));
const outside: [string, string][] = [
  ['test/unit/x.test.ts', "const root = path.resolve(__dirname, '..', '..', '..');\nreadFileSync(path.resolve(root, SIBLING_ARGS, 'conformance', 'cases.json'));"],
  ['bench/x.ts', "const root = path.resolve(__dirname, '..', '..');\nconst input = path.resolve(root, SIBLING_ARGS, 'bench', 'pod-1000.yaml');"],
  ['test/unit/x.test.ts', "readFileSync(path.join(__dirname, '../../../../elsewhere/data.json'));"],
  ['test/cluster/support/x.ts', "const cli = path.resolve(__dirname, '../../../../../dist/cli.js');"],
  ['scripts/x.mjs', "const here = path.dirname(fileURLToPath(import.meta.url));\nconst f = path.join(here, '..', '..', 'notes.md');"],
  ['scripts/x.mjs', "const data = new URL('../SIBLING/seed/pod.yaml', import.meta.url);"],
  ['test/x.mjs', "readFileSync('SIBLING/bench/pod-1000.yaml');"],
  ['test/x.mjs', 'readFileSync(`WORKshared/bench/pod-1000.yaml`);'],
  ['test/x.mjs', "const up = path.resolve('..', 'other');"],
  ['test/x.mjs', "const a = path.resolve(process.cwd(), '..');"],
  ['.ci/run', 'cd "$(dirname "$0")/../.."\nnpm test'],
  ['.ci/run', 'cp SIBLING/bench/pod-1000.yaml bench/'],
];
const inside: [string, string][] = [
  ['test/unit/x.test.ts', "const root = path.resolve(__dirname, '..', '..', '..');\nconst f = path.join(root, 'test', 'fixtures', 'seed-pod.yaml');"],
  ['test/sandbox/x.test.ts', "readFileSync(path.resolve(__dirname, '../../../test/sandbox/fixtures/seed.json'));"],
  ['test/x.mjs', "const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');\nimport('../src/x.js');"],
  ['test/unit/x.test.ts', "import { a } from '../../src/core/pod';\n// a comment about SIBLING/notes is not a read\nconst tmp = path.join(os.tmpdir(), '..', 'x');"],
  ['.ci/run', '# the reference is in SIBLING/notes\ncd "$(dirname "$0")/.."\nnpm test'],
];

test('the check reports reads that leave the repository', () => {
  for (const [file, sample] of outside) {
    const text = expand(sample);
    assert.notDeepEqual(scanSource(file, text), [], `not reported in ${file}:\n${text}`);
  }
});

test('the check leaves paths inside the repository, module imports and comments alone', () => {
  for (const [file, sample] of inside) {
    const text = expand(sample);
    assert.deepEqual(scanSource(file, text), [], `reported in ${file}:\n${text}`);
  }
});
