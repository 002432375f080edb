// A real control plane for `npm run test:real`: etcd and kube-apiserver (built by test/real/build.mjs)
// on 127.0.0.1 with free ports, a generated CA and serving certificate, a static bearer token and a
// service-account signing key in a temp folder. No scheduler, controller manager or kubelet: pods
// are created directly and their updates validated by the API server alone.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { Agent, request } from 'undici';
import { createCertificateAuthority, createServerCertificate } from '../../src/sandbox/tls/certificates';

export type RealCluster = { url: string; token: string; caPem: string; dispatcher: Agent; version: string; stop(): Promise<void> };

const running = new Set<ChildProcess>();
process.on('exit', () => { for (const c of running) c.kill('SIGKILL'); });

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function start(binary: string, args: string[], ready: RegExp | undefined, what: string, signal: AbortSignal): Promise<{ child: ChildProcess; log: () => string }> {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let log = '';
  return new Promise((resolve, reject) => {
    const onData = (d: string) => {
      log = (log + d).slice(-20_000);
      if (ready?.test(log)) resolve({ child, log: () => log });
    };
    child.stdout!.setEncoding('utf8').on('data', onData);
    child.stderr!.setEncoding('utf8').on('data', onData);
    if (!ready) child.once('spawn', () => resolve({ child, log: () => log }));
    child.once('exit', (code, sig) => { running.delete(child); reject(new Error(`${what} exited (${code ?? sig}) before it was ready:\n${log.slice(-3000)}`)); });
    signal.addEventListener('abort', () => { child.kill('SIGKILL'); reject(new Error(`${what}: aborted before it was ready`)); }, { once: true });
  });
}

/** Polls `url` until `ok` says so: a server's readiness, which it reports only when asked. */
async function waitFor(url: string, opts: { dispatcher?: Agent; headers?: Record<string, string> }, ok: (status: number, text: string) => boolean,
  what: string, timeoutMs: number, log: () => string, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal.throwIfAborted();
    const res = await request(url, { ...opts, signal }).catch(() => undefined);
    const text = res ? await res.body.text() : '';
    if (res && ok(res.statusCode, text)) return;
    if (Date.now() > deadline) throw new Error(`${what} not ready after ${timeoutMs / 1000} s: ${res?.statusCode} ${text}\n${log().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 250)); // readiness poll, not a test wait
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
  running.delete(child);
}

/** Starts etcd, then kube-apiserver, and resolves once /readyz answers ok. */
export async function startRealCluster(binDir: string, signal: AbortSignal): Promise<RealCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), 'podpatch-real-'));
  const [clientPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const ca = createCertificateAuthority();
  const serving = createServerCertificate(ca, ['127.0.0.1', 'localhost']);
  const token = randomBytes(24).toString('hex');
  const saPair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const saKey = saPair.privateKey.export({ type: 'sec1', format: 'pem' }) as string;
  writeFileSync(path.join(dir, 'ca.crt'), ca.certPem);
  writeFileSync(path.join(dir, 'serving.crt'), serving.certPem);
  writeFileSync(path.join(dir, 'serving.key'), serving.keyPem);
  writeFileSync(path.join(dir, 'sa.key'), saKey);
  // --service-account-key-file takes the public key (keyutil.ParsePublicKeysPEM), the signing flag the private one.
  writeFileSync(path.join(dir, 'sa.pub'), saPair.publicKey.export({ type: 'spki', format: 'pem' }) as string);
  writeFileSync(path.join(dir, 'tokens.csv'), `${token},podpatch-test,podpatch-test,"system:masters"\n`);
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const c of children.reverse()) await stopChild(c);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const etcd = await start(path.join(binDir, 'etcd'), [
      '--name', 'default', '--data-dir', path.join(dir, 'etcd'), '--unsafe-no-fsync',
      '--listen-client-urls', `http://127.0.0.1:${clientPort}`, '--advertise-client-urls', `http://127.0.0.1:${clientPort}`,
      '--listen-peer-urls', `http://127.0.0.1:${peerPort}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${peerPort}`,
      '--initial-cluster', `default=http://127.0.0.1:${peerPort}`, '--log-level', 'warn',
    ], undefined, 'etcd', signal);
    children.push(etcd.child);
    // etcd's "ready" log line is info level (hidden by --log-level warn): ask its /health instead.
    await waitFor(`http://127.0.0.1:${clientPort}/health`, {}, (status, text) => status === 200 && /"health":\s*"true"/.test(text), 'etcd', 60_000, etcd.log, signal);
    const api = await start(path.join(binDir, 'kube-apiserver'), [
      `--etcd-servers=http://127.0.0.1:${clientPort}`,
      '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', `--secure-port=${apiPort}`,
      `--cert-dir=${dir}`, `--tls-cert-file=${path.join(dir, 'serving.crt')}`, `--tls-private-key-file=${path.join(dir, 'serving.key')}`,
      `--client-ca-file=${path.join(dir, 'ca.crt')}`,
      `--token-auth-file=${path.join(dir, 'tokens.csv')}`, '--authorization-mode=AlwaysAllow', '--anonymous-auth=false',
      '--service-account-issuer=https://kubernetes.default.svc', `--service-account-key-file=${path.join(dir, 'sa.pub')}`,
      `--service-account-signing-key-file=${path.join(dir, 'sa.key')}`, '--service-cluster-ip-range=10.96.0.0/16',
      // The endpoint reconciler refuses a loopback advertise address; nothing here needs the kubernetes Service.
      '--endpoint-reconciler-type=none',
      '--enable-priority-and-fairness=false', '--profiling=false',
      '--v=1',
    ], /Serving securely on/, 'kube-apiserver', signal);
    children.push(api.child);
    const url = `https://127.0.0.1:${apiPort}`;
    const dispatcher = new Agent({ connect: { ca: ca.certPem } });
    // Post-start hooks (bootstrap RBAC, the default namespace) finish after the port opens: wait for readyz.
    await waitFor(`${url}/readyz`, { dispatcher, headers: { authorization: `Bearer ${token}` } }, (status) => status === 200, 'kube-apiserver', 180_000, api.log, signal);
    // No controller manager runs to create the namespace's default service account, which the
    // ServiceAccount admission plugin (on, as in every real cluster) looks up for each new pod.
    const sa = await request(`${url}/api/v1/namespaces/default/serviceaccounts`, {
      method: 'POST', dispatcher, signal, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } }),
    });
    const saText = await sa.body.text();
    if (sa.statusCode !== 201 && sa.statusCode !== 409) throw new Error(`creating the default service account: ${sa.statusCode} ${saText}`);
    const v = await request(`${url}/version`, { dispatcher, headers: { authorization: `Bearer ${token}` }, signal });
    const version = ((await v.body.json()) as { gitVersion: string }).gitVersion;
    return { url, token, caPem: ca.certPem, dispatcher, version, stop: async () => { await dispatcher.close(); await stop(); } };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** A kubeconfig naming `cluster` (its CA inline, its token) as the current context `context`. */
export function writeKubeconfig(cluster: RealCluster, file: string, context = 'podpatch-real'): void {
  writeFileSync(file, [
    'apiVersion: v1', 'kind: Config', `current-context: ${context}`,
    'clusters:', `- name: ${context}`, '  cluster:', `    server: ${cluster.url}`, `    certificate-authority-data: ${Buffer.from(cluster.caPem).toString('base64')}`,
    'users:', `- name: ${context}`, '  user:', `    token: ${cluster.token}`,
    'contexts:', `- name: ${context}`, '  context:', `    cluster: ${context}`, `    user: ${context}`, '    namespace: default', '',
  ].join('\n'));
}

/** POSTs `pod` to namespace default; throws with the server's answer unless it is created. */
export async function createPod(cluster: RealCluster, pod: Record<string, unknown>, signal?: AbortSignal): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await request(`${cluster.url}/api/v1/namespaces/default/pods`, {
    method: 'POST', dispatcher: cluster.dispatcher, signal,
    headers: { authorization: `Bearer ${cluster.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(pod),
  });
  const text = await res.body.text();
  if (res.statusCode !== 201) throw new Error(`creating pod: ${res.statusCode} ${text}`);
  return JSON.parse(text);
}
