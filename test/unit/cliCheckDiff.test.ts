// The `podpatch check` and `podpatch diff` commands as a user runs them: the bundled dist/cli.js
// on files, with their output formats and exit codes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const seed = path.join(root, 'test', 'fixtures', 'seed-pod.yaml');
const relabeled = path.join(root, 'test', 'fixtures', 'seed-pod-relabeled.yaml');
let dir = '';

before(() => { dir = mkdtempSync(path.join(tmpdir(), 'podpatch-cli-')); });
after(() => { rmSync(dir, { recursive: true, force: true }); });

function run(...args: string[]) {
  return runWithInput('', ...args);
}

function runWithInput(input: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function edited(name: string, edit: (text: string) => string): string {
  const file = path.join(dir, name);
  writeFileSync(file, edit(readFileSync(seed, 'utf8')));
  return file;
}

test('check: the seed example is valid under both profiles (exit 0, no output)', () => {
  for (const profile of ['kubernetes', 'cci']) {
    const r = run('check', seed, relabeled, '--profile', profile);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
  }
});

test('diff: the seed example yields the documented merge patch', () => {
  const r = run('diff', seed, relabeled);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), '{"metadata":{"labels":{"name":"pod-test2"}}}');
  assert.equal(r.stderr, '', 'nothing on stderr for a change the server accepts');
});

test('diff: a change the server would refuse still prints the patch, says why on stderr as check does, exit 3', () => {
  const file = edited('diff-refused.yaml', (t) => t.replace('restartPolicy: Always', 'restartPolicy: Never').replace('image: redis:latest', 'image: redis:7'));
  const r = run('diff', seed, file);
  assert.equal(r.code, 3, r.stderr);
  const patch = JSON.parse(r.stdout);
  assert.equal(patch.spec.restartPolicy, 'Never');
  assert.equal(patch.spec.containers[0].image, 'redis:7');
  // One stderr line per error, each exactly the line `check` prints for it (same position too).
  const checked = run('check', seed, file);
  const errors = (JSON.parse(run('check', seed, file, '--format', 'json').stdout) as { findings: { severity: string }[] }).findings.filter((f) => f.severity === 'error');
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, errors.length, r.stderr);
  for (const l of lines) assert.ok(checked.stdout.split('\n').includes(l), `${l}\nnot among check's lines:\n${checked.stdout}`);
  const line = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('restartPolicy: Never')) + 1;
  assert.ok(lines.includes(`${file}:${line}:3: spec.restartPolicy: Forbidden: pod updates may not change this field`), r.stderr);
  // The cci profile refuses what kubernetes allows: an added label is fine, restartPolicy is not.
  assert.equal(run('diff', seed, relabeled, '--profile', 'cci').code, 0);
  assert.equal(run('diff', seed, file, '--profile', 'cci').code, 3);
});

test('check: text findings as NEW:line:column: path: message, exit 1', () => {
  const file = edited('restart.yaml', (t) => t.replace('restartPolicy: Always', 'restartPolicy: Never'));
  const r = run('check', seed, file);
  assert.equal(r.code, 1);
  const lines = r.stdout.trim().split('\n');
  const line = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('restartPolicy: Never')) + 1;
  assert.ok(lines[0].startsWith(`${file}:`) && lines[0].includes(': spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`'), lines[0]);
  assert.ok(lines.includes(`${file}:${line}:3: spec.restartPolicy: Forbidden: pod updates may not change this field`), r.stdout);
});

test('check --format json: valid flag, severity, 1-based positions and fixes', () => {
  const file = edited('rv.yaml', (t) => t.replace('resourceVersion: "5254098"', 'resourceVersion: "1"').replace('image: redis:latest', 'image: ""'));
  const r = run('check', seed, file, '--format', 'json');
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout) as { valid: boolean; findings: { path: string; severity: string; line: number; column: number; fix: unknown; type: string }[] };
  assert.equal(out.valid, false);
  const image = out.findings.find((f) => f.path === 'spec.containers[0].image');
  assert.equal(image?.type, 'Required');
  assert.deepEqual(image?.fix, { kind: 'revert', path: 'spec.containers[0].image', original: 'redis:latest' });
  const rv = out.findings.find((f) => f.path === 'metadata.resourceVersion');
  assert.equal(rv?.severity, 'info');
  assert.ok(rv && rv.line >= 1 && rv.column === 3);
});

test('check: only information findings is still valid (exit 0)', () => {
  const file = edited('info.yaml', (t) => t.replace('resourceVersion: "5254098"', 'resourceVersion: "1"'));
  const r = run('check', seed, file, '--format', 'json');
  assert.equal(r.code, 0);
  assert.equal(JSON.parse(r.stdout).valid, true);
});

test('diff --type strategic and json', () => {
  const file = edited('image.yaml', (t) => t.replace('image: redis:latest', 'image: redis:7'));
  assert.deepEqual(JSON.parse(run('diff', seed, file, '--type', 'strategic').stdout), {
    spec: { '$setElementOrder/containers': [{ name: 'test' }], containers: [{ name: 'test', image: 'redis:7' }] },
  });
  assert.deepEqual(JSON.parse(run('diff', seed, file, '--type=json').stdout), [{ op: 'replace', path: '/spec/containers/0/image', value: 'redis:7' }]);
  const merge = JSON.parse(run('diff', seed, file).stdout);
  assert.equal(merge.spec.containers[0].resources.limits.cpu, '500m', 'a merge patch carries the whole containers list');
});

test('bad input and usage: exit 2 with one line on stderr', () => {
  const broken = path.join(dir, 'broken.yaml');
  writeFileSync(broken, 'kind: Pod\nmetadata:\n  name: [x\n');
  const cases: [string[], RegExp][] = [
    [['check', seed], /expected two files/],
    [['check', seed, path.join(dir, 'missing.yaml')], /cannot read .*missing\.yaml: no such file/],
    [['check', seed, broken], /broken\.yaml:\d+:\d+: /],
    [['check', seed, relabeled, '--profile', 'openshift'], /unknown profile "openshift"/],
    [['check', seed, relabeled, '--format', 'xml'], /unknown format/],
    [['check', seed, relabeled, '--bogus'], /unknown option --bogus/],
    [['diff', seed, relabeled, '--type', 'apply'], /unknown patch type/],
    [['diff', seed, relabeled, '--profile', 'openshift'], /unknown profile "openshift"/],
  ];
  for (const [args, pattern] of cases) {
    const r = run(...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  }
});

test('--help on each command', () => {
  for (const cmd of ['check', 'diff']) {
    const r = run(cmd, '--help');
    assert.equal(r.code, 0);
    assert.match(r.stdout, new RegExp(`^usage: podpatch ${cmd} OLD NEW`));
  }
  assert.match(run('diff', '--help').stdout, /Exit status: 0 the patch is printed and the server would accept it, 3 the patch is printed but\nthe server would refuse it/);
});

test('"-" reads the manifest from standard input', () => {
  const r = runWithInput(readFileSync(relabeled, 'utf8'), 'diff', seed, '-');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), '{"metadata":{"labels":{"name":"pod-test2"}}}');
});
