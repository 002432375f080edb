// Hostile input to `podpatch check|diff|apply` (issue 13): devices, endless pipes, too many
// documents and absurd nesting end quickly with exit 2 and one message. The CLI runs with a 192 MB
// heap, so an input that made it buffer without bound would crash instead of passing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const cliPath = path.resolve(__dirname, '../../../dist/cli.js');
const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: default\nspec:\n  containers:\n  - name: c\n    image: nginx\n';

type Result = { code: number | null; stdout: string; stderr: string };

/** Runs the CLI with a small heap; `feed` writes endless standard input until the CLI exits. */
function runBounded(args: string[], feed?: Buffer): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-old-space-size=192', cliPath, ...args], { stdio: [feed ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    if (feed) {
      const stdin = child.stdin!;
      stdin.on('error', () => { /* EPIPE once the CLI stops reading: expected */ });
      const pump = () => { while (!stdin.destroyed && stdin.write(feed)) { /* fill */ } };
      stdin.on('drain', pump);
      pump();
    }
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'podpatch-hostile-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function assertUsageError(r: Result, message: RegExp): void {
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, message);
  assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /heap|\n\s+at /);
}

test('check and diff of /dev/zero and /dev/urandom stop at the 3 MiB cap with exit 2', async () => {
  assertUsageError(await runBounded(['check', '/dev/zero', '/dev/zero']), /^podpatch: \/dev\/zero: more than 3 MiB of input/);
  assertUsageError(await runBounded(['diff', '/dev/urandom', '/dev/urandom']), /^podpatch: \/dev\/urandom: more than 3 MiB of input/);
});

test('endless standard input stops at the cap (check, diff and apply)', async (t) => {
  const dir = tempDir(t);
  const pod = path.join(dir, 'pod.yaml');
  writeFileSync(pod, POD);
  const endless = Buffer.from('a: b\n'.repeat(16 * 1024));
  assertUsageError(await runBounded(['check', '-', pod], endless), /^podpatch: standard input: more than 3 MiB of input/);
  assertUsageError(await runBounded(['diff', pod, '-'], endless), /^podpatch: standard input: more than 3 MiB of input/);
  assertUsageError(await runBounded(['apply', '-', '--kubeconfig', path.join(dir, 'none')], endless), /^podpatch: standard input: more than 3 MiB of input/);
});

test('700,000 empty documents (under the byte cap) are refused by the document bound', async (t) => {
  const dir = tempDir(t);
  const many = path.join(dir, 'many.yaml');
  writeFileSync(many, '---\n'.repeat(700_000));
  assertUsageError(await runBounded(['check', many, many]), /many\.yaml:1001:1: the manifest has more than 1000 documents$/m);
});

test('3 MB of nested flow brackets and a directory are input errors, not a hang or a crash', async (t) => {
  const dir = tempDir(t);
  const deep = path.join(dir, 'deep.yaml');
  writeFileSync(deep, '['.repeat(3_000_000));
  assertUsageError(await runBounded(['diff', deep, deep]), /deep\.yaml:1:501: the document is nested too deeply to read/);
  assertUsageError(await runBounded(['check', dir, dir]), /cannot read .*: is a directory$/m);
});

test('ordinary input still works through the bounded reader, from a file and from stdin', async (t) => {
  const dir = tempDir(t);
  const pod = path.join(dir, 'pod.yaml');
  writeFileSync(pod, POD);
  const edited = path.join(dir, 'edited.yaml');
  writeFileSync(edited, POD.replace('image: nginx', 'image: nginx:2'));
  const expected = '{"spec":{"containers":[{"name":"c","image":"nginx:2"}]}}';
  const fromFile = await runBounded(['diff', pod, edited]);
  assert.equal(fromFile.code, 0, fromFile.stderr);
  assert.equal(fromFile.stdout.trim(), expected);
  const child = spawn(process.execPath, [cliPath, 'diff', pod, '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
  child.stdin.end(POD.replace('image: nginx', 'image: nginx:2'));
  const code = await new Promise((resolve) => child.once('close', resolve));
  assert.equal(code, 0);
  assert.equal(stdout.trim(), expected);
});
