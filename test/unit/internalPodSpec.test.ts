// The internal PodSpec podpatch renders for the 1.34+ catch-all, checked against upstream's own output
// (test/fixtures/internalPodSpec: written by test/oracle/layout/writeFixtures.mjs from k8s.io/kubernetes
// v1.35.4 and v1.37.2 — json.MarshalIndent of decoded pods, and the oracle's catch-all messages).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { Pod, PodSpec } from '../../src/core/pod';
import { goMarshalIndent, goQuote, internalLayout, internalPodSpec } from '../../src/core/rules/internalPodSpec';
import { canonicalQuantity } from '../../src/core/rules/quantityString';
import { imageTag } from '../../src/core/rules/podSpecDefaults';
import { splitLines, unifiedDiff } from '../../src/core/rules/unifiedDiff';
import { validatePodChange } from '../../src/core/rules/checkPodUpdate';
import { upstreamErrorBody } from '../../src/core/rules/finding';
import { BASE_PODS } from '../oracle/basePods';

const fixtures = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures');
const read = (f: string) => JSON.parse(readFileSync(path.join(fixtures, 'internalPodSpec', f), 'utf8'));
const { pods } = read('pods.json') as { pods: Record<string, Pod> };
const RELEASES = [{ minor: 35, version: '1.35' }, { minor: 37, version: '1.37' }];
const render = (spec: unknown, minor: number) => goMarshalIndent(internalPodSpec(spec as PodSpec, minor));

for (const { minor, version } of RELEASES) {
  const upstream = read(`specs.${version}.json`) as { module: string; specs: Record<string, string> };

  test(`${version}: the layout and the fixtures come from the same module (${upstream.module})`, () => {
    assert.equal(internalLayout(minor).module, upstream.module);
  });

  for (const name of Object.keys(pods)) {
    test(`${version}: pod "${name}" renders as upstream's json.MarshalIndent of its internal PodSpec`, () => {
      assert.equal(render(pods[name].spec, minor), upstream.specs[name]);
    });
  }

  test(`${version}: the spec catch-all message of podpatch is the oracle's, unified diff included`, () => {
    const { cases } = read(`catchAll.${version}.json`) as { cases: { name: string; old: Pod; new: Pod; message: string }[] };
    assert.ok(cases.length >= 5);
    for (const c of cases) {
      const spec = validatePodChange(c.old, c.new, { serverVersion: version }).find((f) => f.path === 'spec');
      assert.ok(spec, c.name);
      assert.equal(upstreamErrorBody(spec), c.message, c.name);
    }
  });
}

test('1.35 keeps host namespaces in the internal PodSecurityContext and has no DeprecatedServiceAccount; 1.37 has v1\'s layout', () => {
  const spec = { hostPID: true, serviceAccount: 'old-name', containers: [{ name: 'c', image: 'i' }] };
  const v135 = JSON.parse(render(spec, 35));
  assert.equal(v135.HostPID, undefined);
  assert.equal(v135.SecurityContext.HostPID, true);
  assert.equal(v135.ServiceAccountName, 'old-name');
  assert.ok(!('DeprecatedServiceAccount' in v135));
  const v137 = JSON.parse(render(spec, 37));
  assert.equal(v137.HostPID, true);
  assert.equal(v137.ServiceAccountName, 'old-name');
  assert.equal(v137.DeprecatedServiceAccount, 'old-name');
  // One layout per release with the unified diff; newer releases take the newest.
  assert.deepEqual([34, 35, 36, 37, 40].map((m) => internalLayout(m).module), ['v1.34.4', 'v1.35.4', 'v1.36.3', 'v1.37.2', 'v1.37.2'].map((v) => `k8s.io/kubernetes@${v}`));
});

test('the seed pod and the generator\'s base pods render every internal field, in Go\'s struct order', () => {
  const seed = parse(readFileSync(path.join(fixtures, 'seed-pod.yaml'), 'utf8')) as Pod;
  for (const pod of [seed, ...BASE_PODS.map((f) => f())]) {
    for (const { minor } of RELEASES) {
      const text = render(pod.spec, minor);
      const top = [...text.matchAll(/^ "(\w+)":/gm)].map((m) => m[1]);
      assert.deepEqual(top, (internalLayout(minor).types['core.PodSpec'].fields ?? []).map((f) => f.go));
      assert.match(text, /\n {3}"Image": "/);
    }
  }
});

test('resource.Quantity: the text ParseQuantity keeps, else the canonical form; requests and limits rounded up to milli-units', () => {
  const rows: [unknown, string, boolean?][] = [
    ['0.5', '500m'], ['1.5Gi', '1536Mi'], ['1024Ki', '1Mi'], ['2048Mi', '2Gi'], ['1Gi', '1Gi'], ['+1', '+1'], ['1e3', '1e3'],
    ['100M', '100M'], ['1500000', '1500k'], ['0.5Ki', '512'], ['0Mi', '0'], ['0', '0'], [1, '1'], ['2000m', '2'],
    ['100m', '100m'], ['1n', '1n'], ['1n', '1m', true], ['0.0001', '1m', true], ['1.0', '1', true], ['-1', '-1'], ['1u', '1u'],
    // Leading zeros are stripped before the kept-text check; BinarySI is capped at the int64 maximum
    // (rows seen in the oracle's layout tool, `marshal`, on random quantities: 8,000 of 8,000 agreed).
    ['01G', '01G'], ['01.e3', '01.e3'], ['0.5', '500m'], ['123456789Ti', '9223372036854775807'], ['-.E2', '0'], ['E', '0'],
  ];
  for (const [input, want, round] of rows) assert.equal(canonicalQuantity(input, round), want, `${input}${round ? ' (rounded)' : ''}`);
  assert.equal(canonicalQuantity('1toString'), undefined);
  assert.equal(canonicalQuantity('1Xi'), undefined);
  assert.equal(canonicalQuantity(''), undefined);
});

test('image tags as the pull-policy default reads them (parsers.ParseImageName)', () => {
  assert.equal(imageTag('nginx'), 'latest');
  assert.equal(imageTag('nginx:1.27'), '1.27');
  assert.equal(imageTag('registry.example.com:5000/team/app:v2'), 'v2');
  assert.equal(imageTag('busybox@sha256:' + '1'.repeat(64)), '');
  assert.equal(imageTag('Bad Image'), '');
});

test('Go string escaping: <, > and & as \\u escapes, like encoding/json', () => {
  assert.equal(goQuote('a<b>&"c"\n'), '"a\\u003cb\\u003e\\u0026\\"c\\"\\n"');
});

test('unified diff: go-difflib\'s hunks (3 lines of context, split when more than 6 equal lines lie between changes)', () => {
  const a = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
  const b = a.replace('line 2', 'line two').replace('line 15', 'line fifteen');
  assert.equal(unifiedDiff(a, b), [
    '@@ -1,6 +1,6 @@', ' line 0', ' line 1', '-line 2', '+line two', ' line 3', ' line 4', ' line 5',
    '@@ -13,7 +13,7 @@', ' line 12', ' line 13', ' line 14', '-line 15', '+line fifteen', ' line 16', ' line 17', ' line 18', '',
  ].join('\n'));
  assert.equal(unifiedDiff(a, a), '');
  assert.deepEqual(splitLines('x\ny'), ['x\n', 'y\n']);
});
