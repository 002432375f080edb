// `podpatch pods`: the built CLI against the sandbox, compared with kubectl's columns.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { startSandboxProcess } from '../support/sandboxProcess';
import { cliPath, runCli } from './support/runCli';

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;

test('pods: kubectl-like table for the context namespace, -n and -A', async (t) => {
  const sandbox = await startSandboxProcess(['--tls', '--token', 'tok-pods-1', '--pods', '60']);
  t.after(() => sandbox.stop());
  const res = await runCli(['pods', '--kubeconfig', sandbox.kubeconfigPath]);
  assert.equal(res.code, 0, res.stderr);
  const lines = res.stdout.trim().split('\n');
  assert.match(lines[0], /^NAME\s{3,}READY\s{3,}STATUS\s{3,}RESTARTS\s{3,}AGE$/);
  assert.match(lines[1], /^pod-test\s+0\/1\s+ErrImagePull\s+0\s+\S+$/);
  const all = await runCli(['pods', '--kubeconfig', sandbox.kubeconfigPath, '-A']);
  assert.equal(all.code, 0, all.stderr);
  const allLines = all.stdout.trim().split('\n');
  assert.match(allLines[0], /^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
  assert.equal(allLines.length, 1 + 61);
  const one = await runCli(['pods', '--kubeconfig', sandbox.kubeconfigPath, '-n', 'sandbox-0']);
  assert.equal(one.stdout.trim().split('\n').length, 1 + 30);
  const empty = await runCli(['pods', '--kubeconfig', sandbox.kubeconfigPath, '-n', 'nothing-here']);
  assert.equal(empty.code, 0);
  assert.equal(empty.stderr.trim(), 'No resources found in nothing-here namespace.');
  const both = await runCli(['pods', '-n', 'x', '-A']);
  assert.equal(both.code, 2);
});

/** A long-running watch command whose stdout is collected as it comes; waitFor fails (rather than hangs) if it exits first. */
function startWatcher(t: TestContext, command: string, args: string[]) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); });
  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => { err += d; });
  // Collected by a listener of its own: output that arrives while no waitFor is listening (the
  // touch's row can come before the admin call returns) must not be lost.
  child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
  const waitFor = (re: RegExp) => new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`${path.basename(command)} ${args.join(' ')} exited (${code}) before printing ${re}: ${out}${err}`));
    const check = () => { if (re.test(out)) { child.stdout.off('data', check); child.off('exit', onExit); resolve(); } };
    child.stdout.on('data', check);
    child.once('exit', onExit);
    check();
  });
  const interrupt = () => new Promise<number | null>((resolve) => { child.once('exit', (code) => resolve(code)); child.kill('SIGINT'); });
  return { out: () => out, waitFor, interrupt };
}

/** Where each cell of a table line starts (cells are separated by at least two spaces, as kubectl pads them 3). */
const cellStarts = (line: string) => [...line.matchAll(/(?:^|(?<=\s{2}))\S/g)].map((m) => m.index);

test('pods --watch prints the table, then a row per change aligned with the header, and ends cleanly on SIGINT', async (t) => {
  const sandbox = await startSandboxProcess();
  t.after(() => sandbox.stop());
  const watch = startWatcher(t, process.execPath, [cliPath, 'pods', '--kubeconfig', sandbox.kubeconfigPath, '--watch']);
  await watch.waitFor(/NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\npod-test\s+0\/1\s+ErrImagePull/);
  await sandbox.admin.touch('namespace-test', 'pod-test');
  await watch.waitFor(/pod-test[^\n]*\n[^]*pod-test\s+0\/1/);
  const [header, ...rows] = watch.out().trimEnd().split('\n');
  // The event row is printed on its own; its cells must still start under the header's (issue 10).
  for (const r of rows) assert.deepEqual(cellStarts(r), cellStarts(header), `${header}\n${r}`);
  assert.equal(await watch.interrupt(), 0);
});

test('pods --watch prints what kubectl get pods -w prints, byte for byte', { skip: hasKubectl ? false : 'kubectl is not on PATH' }, async (t) => {
  const sandbox = await startSandboxProcess();
  t.after(() => sandbox.stop());
  const ours = startWatcher(t, process.execPath, [cliPath, 'pods', '--kubeconfig', sandbox.kubeconfigPath, '--watch']);
  const theirs = startWatcher(t, 'kubectl', ['--kubeconfig', sandbox.kubeconfigPath, '--cache-dir', path.join(sandbox.dir, 'kubectl-cache'), 'get', 'pods', '-w']);
  const listed = /NAME[^\n]*\npod-test[^\n]*\n/;
  await Promise.all([ours.waitFor(listed), theirs.waitFor(listed)]);
  await sandbox.admin.touch('namespace-test', 'pod-test');
  const changed = /\npod-test[^\n]*\npod-test[^\n]*\n/;
  await Promise.all([ours.waitFor(changed), theirs.waitFor(changed)]);
  const firstLines = (text: string) => text.split('\n').slice(0, 3);
  assert.deepEqual(firstLines(ours.out()), firstLines(theirs.out()));
  await Promise.all([ours.interrupt(), theirs.interrupt()]);
});

test('pods -A shows the same NAME/READY/STATUS/RESTARTS as kubectl get pods -A', { skip: hasKubectl ? false : 'kubectl is not on PATH' }, async (t) => {
  const sandbox = await startSandboxProcess(['--pods', '60']);
  t.after(() => sandbox.stop());
  const ours = await runCli(['pods', '--kubeconfig', sandbox.kubeconfigPath, '-A']);
  assert.equal(ours.code, 0, ours.stderr);
  const theirs = spawnSync('kubectl', ['--kubeconfig', sandbox.kubeconfigPath, '--cache-dir', `${sandbox.dir}/kubectl-cache`, 'get', 'pods', '-A'], { encoding: 'utf8' });
  assert.equal(theirs.status, 0, theirs.stderr);
  // AGE can tick between the two commands; every other column must agree row for row.
  const columns = (text: string) => text.trim().split('\n').map((l) => l.trim().split(/\s{2,}/).slice(0, 5).join(' | ')).sort();
  assert.deepEqual(columns(ours.stdout), columns(theirs.stdout));
  assert.ok(new Set(columns(ours.stdout).map((r) => r.split(' | ')[3])).size > 1, 'the sandbox shows several statuses');
});
