// The sandbox against a real kube-apiserver (and etcd) of the newest oracle release, request by
// request: the same pod created on both, then the same PATCH (merge, strategic, JSON patch; dryRun;
// ?pretty; a stale resourceVersion; changes the server refuses) sent to both. Status code, reason,
// details.causes and message must match; for a pod answer, its metadata and spec with the volatile
// fields (uid, resourceVersion, timestamps, managedFields) aside. Run by `npm run test:real`.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Agent, request } from 'undici';
import { startSandboxProcess, type SandboxProcess } from '../support/sandboxProcess';
import { startRealCluster, type RealCluster } from './realCluster';

type Server = { url: string; token?: string; dispatcher: Agent };
type Answer = { status: number; text: string; json: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any

const root = path.resolve(__dirname, '..', '..', '..');
const manifest = path.join(root, '.oracle-cache', 'real-server.json');
const built = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { dir?: string; skipped?: string }) : { skipped: 'not built: run `npm run test:real`' };

const MERGE = 'application/merge-patch+json';
const STRATEGIC = 'application/strategic-merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';

async function send(s: Server, method: string, p: string, body?: unknown, contentType = 'application/json'): Promise<Answer> {
  const res = await request(s.url + p, {
    method: method as 'GET', dispatcher: s.dispatcher,
    headers: { 'content-type': contentType, accept: 'application/json', ...(s.token ? { authorization: `Bearer ${s.token}` } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.body.text();
  let json = {};
  try { json = JSON.parse(text); } catch { /* not JSON: compared as text */ }
  return { status: res.statusCode, text, json };
}

const VOLATILE = new Set(['uid', 'resourceVersion', 'creationTimestamp', 'managedFields', 'generation', 'selfLink']);

// A merge or JSON patch whose result does not decode is refused with the whole patched object as the
// "patch" field's value: uid, resourceVersion, timestamps and managedFields in it differ by nature.
const PATCHED_OBJECT = /Invalid value: "\{.*?\}": /g;
const maskPatchedObject = (m: unknown) => (typeof m === 'string' ? m.replace(PATCHED_OBJECT, 'Invalid value: <the patched object>: ') : m);

/** What must agree: Status fields, or a pod's metadata and spec without the volatile fields. */
function comparable(a: Answer): unknown {
  const j = a.json;
  if (j.kind === 'Status') {
    const details = j.details?.causes ? { ...j.details, causes: j.details.causes.map((c: { message?: string }) => ({ ...c, message: maskPatchedObject(c.message) })) } : j.details;
    return { code: a.status, status: j.status, reason: j.reason, message: maskPatchedObject(j.message), details };
  }
  if (j.kind === 'Pod') {
    const meta = Object.fromEntries(Object.entries(j.metadata ?? {}).filter(([k]) => !VOLATILE.has(k)));
    return { code: a.status, metadata: meta, spec: j.spec };
  }
  return { code: a.status, text: a.text };
}

function pod(name: string): Record<string, unknown> {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, labels: { app: 'cmp' }, annotations: { note: 'a' } },
    spec: {
      containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } } }],
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'x', effect: 'NoSchedule' }],
      activeDeadlineSeconds: 600,
      // The ServiceAccount admission plugin would add a token volume with a random name; the
      // sandbox does not mount tokens, so the compared pods ask for none.
      automountServiceAccountToken: false,
    },
  };
}

type Step = { name: string; method?: string; subresource?: 'resize'; query?: string; contentType?: string; body: unknown | ((rv: string) => unknown); pretty?: boolean };

const STEPS: Step[] = [
  { name: 'merge patch: a label', contentType: MERGE, body: { metadata: { labels: { tier: 'front' } } } },
  { name: 'strategic merge patch: the image', contentType: STRATEGIC, body: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } },
  { name: 'JSON patch: activeDeadlineSeconds', contentType: JSON_PATCH, body: [{ op: 'replace', path: '/spec/activeDeadlineSeconds', value: 300 }] },
  { name: 'JSON patch: a failing test op', contentType: JSON_PATCH, body: [{ op: 'test', path: '/metadata/labels/app', value: 'other' }] },
  { name: 'merge patch, dryRun=All: an annotation', contentType: MERGE, query: 'dryRun=All', body: { metadata: { annotations: { dry: 'run' } } } },
  { name: 'merge patch, ?pretty: refused restartPolicy', contentType: MERGE, query: 'pretty=true', pretty: true, body: { spec: { restartPolicy: 'Never' } } },
  { name: 'merge patch: refused, a container added', contentType: MERGE, body: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }, { name: 'extra', image: 'busybox' }] } } },
  { name: 'strategic merge patch: refused, activeDeadlineSeconds raised', contentType: STRATEGIC, body: { spec: { activeDeadlineSeconds: 1200 } } },
  { name: 'merge patch: refused, a toleration removed', contentType: MERGE, body: { spec: { tolerations: [] } } },
  { name: 'merge patch: refused, an invalid label value', contentType: MERGE, body: { metadata: { labels: { app: 'bad value!' } } } },
  { name: 'merge patch: refused, an empty image', contentType: STRATEGIC, body: { spec: { containers: [{ name: 'web', image: '' }] } } },
  { name: 'merge patch: stale resourceVersion', contentType: MERGE, body: () => ({ metadata: { resourceVersion: '1', labels: { stale: 'yes' } } }) },
  { name: 'merge patch: current resourceVersion', contentType: MERGE, body: (rv: string) => ({ metadata: { resourceVersion: rv, labels: { fresh: 'yes' } } }) },
  { name: 'merge patch: a wrongly typed label', contentType: MERGE, body: { metadata: { labels: { version: 1 } } } },
  { name: 'merge patch: labels that are a string', contentType: MERGE, body: { metadata: { labels: 'x' } } },
  { name: 'merge patch: a non-integer activeDeadlineSeconds', contentType: MERGE, body: { spec: { activeDeadlineSeconds: 1.5 } } },
  { name: 'JSON patch: a number as an annotation', contentType: JSON_PATCH, body: [{ op: 'add', path: '/metadata/annotations/n', value: 2 }] },
  { name: 'strategic merge patch: a wrongly typed label', contentType: STRATEGIC, body: { metadata: { labels: { version: 1 } } } },
  { name: 'strategic merge patch: labels that are a list', contentType: STRATEGIC, body: { metadata: { labels: ['a'] } } },
  { name: 'strategic merge patch: a boolean label, a string deadline', contentType: STRATEGIC, body: { metadata: { labels: { v: true } }, spec: { activeDeadlineSeconds: 'x' } } },
  { name: 'strategic merge patch: tolerations that are a string', contentType: STRATEGIC, body: { spec: { tolerations: 'x' } } },
  { name: 'strategic merge patch: a number as a toleration', contentType: STRATEGIC, body: { spec: { tolerations: [5] } } },
  { name: 'strategic merge patch: $setElementOrder that disagrees', contentType: STRATEGIC, body: { spec: { '$setElementOrder/containers': [{ name: 'zz' }], containers: [{ name: 'web', image: 'x' }] } } },
  { name: 'resize: memory limit raised', subresource: 'resize', contentType: STRATEGIC, body: { spec: { containers: [{ name: 'web', resources: { limits: { memory: '256Mi' } } }] } } },
  { name: 'resize, dryRun=All: cpu request lowered', subresource: 'resize', query: 'dryRun=All', contentType: MERGE, body: { spec: { containers: [{ name: 'web', resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } } }] } } },
  { name: 'resize: refused, a limit removed (QoS would change)', subresource: 'resize', contentType: JSON_PATCH, body: [{ op: 'remove', path: '/spec/containers/0/resources/limits' }] },
  { name: 'resize: refused, an image change through resize', subresource: 'resize', contentType: STRATEGIC, body: { spec: { containers: [{ name: 'web', image: 'nginx:1.29' }] } } },
  { name: 'resize: refused, ephemeral-storage', subresource: 'resize', contentType: STRATEGIC, body: { spec: { containers: [{ name: 'web', resources: { limits: { 'ephemeral-storage': '1Gi' } } }] } } },
  { name: 'JSON patch: a copy bomb (labels copied into themselves 27 times)', contentType: JSON_PATCH, body: Array.from({ length: 27 }, (_, i) => ({ op: 'copy', from: '/metadata/labels', path: `/metadata/labels/k${i}` })) },
  { name: 'JSON patch: 10,001 operations', contentType: JSON_PATCH, body: Array.from({ length: 10_001 }, () => ({ op: 'test', path: '/kind', value: 'Pod' })) },
  { name: 'unsupported content type', contentType: 'text/plain', body: 'x' },
];

if (built.skipped) test('sandbox and a real kube-apiserver answer the same', { skip: built.skipped }, () => {});
else describe('sandbox and a real kube-apiserver answer the same', () => {
  let real: RealCluster;
  let sandbox: SandboxProcess;
  let servers: [Server, Server];
  const abort = new AbortController();
  before(async () => {
    real = await startRealCluster(built.dir!, abort.signal);
    console.log(`# real server ${real.version} on ${real.url}`);
    const minor = /^v(\d+\.\d+)\./.exec(real.version)?.[1] ?? '';
    sandbox = await startSandboxProcess(['--tls', '--token', 'sandbox-token', '--kubernetes-version', minor]);
    servers = [
      { url: real.url, token: real.token, dispatcher: real.dispatcher },
      { url: sandbox.url, token: sandbox.token, dispatcher: new Agent({ connect: { ca: sandbox.caPem } }) },
    ];
  });
  after(async () => {
    abort.abort();
    await servers?.[1].dispatcher.close();
    await sandbox?.stop();
    await real?.stop();
  });

  STEPS.forEach((step, i) => {
    test(step.name, async () => {
      const name = `cmp-${i}`;
      const created = await Promise.all(servers.map((s) => send(s, 'POST', '/api/v1/namespaces/default/pods', pod(name))));
      for (const c of created) assert.equal(c.status, 201, c.text);
      const p = `/api/v1/namespaces/default/pods/${name}${step.subresource ? '/' + step.subresource : ''}${step.query ? '?' + step.query : ''}`;
      const answers = await Promise.all(servers.map((s, k) => {
        const rv = String(created[k].json.metadata.resourceVersion);
        const body = typeof step.body === 'function' ? (step.body as (rv: string) => unknown)(rv) : step.body;
        return send(s, step.method ?? 'PATCH', p, body, step.contentType);
      }));
      assert.deepEqual(comparable(answers[1]), comparable(answers[0]), `sandbox (actual) vs real ${real.version} (expected)`);
      if (step.pretty) assert.equal(answers[1].text.split('\n').length, answers[0].text.split('\n').length, 'pretty-printed line count');
      if (step.query === 'dryRun=All') {
        const after = await Promise.all(servers.map((s) => send(s, 'GET', `/api/v1/namespaces/default/pods/${name}`)));
        for (const a of after) assert.equal(a.json.metadata.annotations.dry, undefined, 'dry run stored the change');
      }
    });
  });
});
