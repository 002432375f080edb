// `podpatch check` and `diff` with --server-version, --feature-gates and --subresource resize, run as
// a user runs them (the bundled dist/cli.js on files): formats and exit codes as documented.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const cli = path.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
let dir = '';
let oldFile = '';
let memoryFile = '';

const pod = (memory: string, labels = '') => `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: default, resourceVersion: "5"${labels}}
spec:
  containers:
  - name: app
    image: nginx
    resources: {limits: {cpu: 500m, memory: ${memory}}, requests: {cpu: 500m, memory: ${memory}}}
  restartPolicy: Always
  dnsPolicy: ClusterFirst
  terminationGracePeriodSeconds: 30
`;

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'podpatch-cli-versions-'));
  oldFile = path.join(dir, 'old.yaml');
  memoryFile = path.join(dir, 'memory.yaml');
  writeFileSync(oldFile, pod('512Mi'));
  writeFileSync(memoryFile, pod('256Mi', ', labels: {a: b}'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('check: a memory change is information where resize is served (1.35), the catch-all where not (1.32)', () => {
  const r = run('check', oldFile, memoryFile, '--server-version', '1.35', '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.valid, true);
  assert.deepEqual(out.findings.map((f: { path: string; severity: string }) => [f.path, f.severity]), [
    ['spec.containers[0].resources.limits[memory]', 'info'],
    ['spec.containers[0].resources.requests[memory]', 'info'],
  ]);
  const old = run('check', oldFile, memoryFile, '--server-version', '1.32');
  assert.equal(old.code, 1);
  assert.match(old.stdout, /spec: Forbidden: pod updates may not change fields other than/);
  const gated = run('check', oldFile, memoryFile, '--server-version', '1.32', '--feature-gates', 'InPlacePodVerticalScaling=true');
  assert.equal(gated.code, 0, gated.stdout);
});

test('check --subresource resize: the release\'s resize rules, ignored changes as information', () => {
  const r133 = run('check', oldFile, memoryFile, '--subresource', 'resize', '--server-version', '1.33');
  assert.equal(r133.code, 1);
  assert.match(r133.stdout, /spec\.containers\[0\]\.resources\.limits\[memory\]: Forbidden: memory limits cannot be decreased unless resizePolicy is RestartContainer/);
  const r135 = run('check', oldFile, memoryFile, '--subresource', 'resize', '--server-version', '1.35', '--format', 'json');
  assert.equal(r135.code, 0, r135.stdout);
  assert.deepEqual(JSON.parse(r135.stdout).findings.map((f: { path: string; severity: string }) => [f.path, f.severity]), [['metadata.labels', 'info']]);
});

test('diff --server-version: the main patch, then the resize patch on a second line', () => {
  const r = run('diff', oldFile, memoryFile, '--server-version', '1.35', '--type', 'strategic');
  assert.equal(r.code, 0, r.stderr);
  const [main, resize] = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(main, { metadata: { labels: { a: 'b' } } });
  assert.deepEqual(resize.spec.containers, [{ name: 'app', resources: { limits: { memory: '256Mi' }, requests: { memory: '256Mi' } } }]);
  assert.equal(run('diff', oldFile, memoryFile).stdout.trim().split('\n').length, 1, 'one line without --server-version');
});

test('bad versions, gates and subresources are usage errors (exit 2)', () => {
  for (const [args, pattern] of [
    [['--server-version', '1.12'], /--server-version must be 1\.29 \.\.\. 1\.37/],
    [['--feature-gates', 'X'], /invalid feature gate "X"/],
    [['--server-version', '1.36', '--feature-gates', 'InPlacePodVerticalScaling=false'], /feature is locked to true/],
    [['--subresource', 'status'], /unknown subresource "status"/],
  ] as [string[], RegExp][]) {
    const r = run('check', oldFile, memoryFile, ...args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, pattern);
  }
});
