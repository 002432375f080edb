// Dev-time: regenerates what podpatch's internal PodSpec rendering is checked against, from upstream
// itself. Run by hand (needs Go and the Go module cache or proxy; the tests never run Go for this):
//   node test/oracle/layout/writeFixtures.mjs
// For each release with a unified catch-all diff (1.34+: go.<release>.mod, written by pin.mjs) it
//  - writes src/core/rules/internalPodSpecLayout.<release>.json (./layout layout, reflection over the
//    internal core.PodSpec of the release's k8s.io/kubernetes module, go.<release>.mod),
// and for each release with an oracle (build.mjs ORACLE_RELEASES) it also
//  - writes test/fixtures/internalPodSpec/specs.<release>.json: for each pod of pods.json, the text
//    json.MarshalIndent(spec, "", " ") of the pod decoded as the API server does (./layout marshal),
//  - writes test/fixtures/internalPodSpec/catchAll.<release>.json: the spec catch-all message the
//    release's oracle (node test/oracle/build.mjs) answers for a few edits of those pods.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureOracle, ORACLE_RELEASES } from '../build.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const oracleDir = path.resolve(here, '..');
const root = path.resolve(oracleDir, '..', '..');
const fixtures = path.join(root, 'test/fixtures/internalPodSpec');
const LAYOUT_RELEASES = ['1.34', '1.35', '1.36', '1.37'];
const { pods } = JSON.parse(readFileSync(path.join(fixtures, 'pods.json'), 'utf8'));

function run(cmd, args, input, cwd = oracleDir) {
  const r = spawnSync(cmd, args, { cwd, input, encoding: 'utf8', maxBuffer: 256 << 20, env: { ...process.env, GOFLAGS: '-mod=readonly', GOTOOLCHAIN: 'local' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

/** Edits whose catch-all message is kept verbatim: name -> [old pod, new pod]. */
function edits() {
  const simple = {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'simple', namespace: 'default', resourceVersion: '1' },
    spec: { containers: [{ name: 'c', image: 'nginx:1.27' }], activeDeadlineSeconds: 600 },
  };
  const pair = (base, change) => {
    const old = structuredClone(base);
    old.metadata = { ...old.metadata, resourceVersion: '1' };
    const next = structuredClone(old);
    change(next.spec);
    return [old, next];
  };
  return {
    'restartPolicy Always -> Never': pair(simple, (s) => { s.restartPolicy = 'Never'; }),
    'image and a limit changed (the image is munged back)': pair(pods.quantities, (s) => { s.containers[0].image = 'nginx:1.28'; s.containers[0].resources.limits.cpu = '750m'; }),
    'hostNetwork turned off': pair(pods.securityContext, (s) => { s.hostNetwork = false; }),
    'a volume added and an env var changed': pair(pods.volumes, (s) => { s.volumes.push({ name: 'extra', emptyDir: {} }); s.containers[0].env = [{ name: 'MODE', value: 'prod' }]; }),
    'probe, toleration and node selector changed far apart': pair(pods.probesAndEnv, (s) => { s.containers[0].livenessProbe.periodSeconds = 20; s.nodeSelector.z = '2'; s.subdomain = 't'; }),
  };
}

const tmp = mkdtempSync(path.join(tmpdir(), 'podpatch-layout-'));
try {
  for (const release of LAYOUT_RELEASES) {
    const bin = path.join(tmp, `layout-${release}`);
    run('go', ['build', `-modfile=go.${release}.mod`, '-o', bin, './layout']);
    const layout = run(bin, ['layout']);
    writeFileSync(path.join(root, `src/core/rules/internalPodSpecLayout.${release}.json`), layout);
    const module = JSON.parse(layout).module;
    if (!ORACLE_RELEASES[release]) { console.log(`${release}: ${module}, layout only (no oracle)`); continue; }
    const names = Object.keys(pods);
    const lines = run(bin, ['marshal'], names.map((n) => JSON.stringify(pods[n])).join('\n') + '\n').trim().split('\n');
    const specs = Object.fromEntries(names.map((n, i) => [n, JSON.parse(lines[i])]));
    writeFileSync(path.join(fixtures, `specs.${release}.json`), JSON.stringify({ '//': `Written by test/oracle/layout/writeFixtures.mjs: json.MarshalIndent of each pods.json pod's spec decoded by ${module}.`, module, specs }, null, 1) + '\n');
    const oracle = ensureOracle(release);
    const cases = Object.entries(edits()).map(([name, [old, next]]) => ({ name, old, new: next }));
    const answers = run(oracle, [], cases.map((c) => JSON.stringify({ op: 'update', old: c.old, new: c.new })).join('\n') + '\n').trim().split('\n').map((l) => JSON.parse(l));
    const out = cases.map((c, i) => {
      const catchAll = (answers[i].errors ?? []).find((e) => e.field === 'spec' && e.message.includes('pod updates may not change fields other than'));
      if (!catchAll) throw new Error(`${release} ${c.name}: no catch-all from the oracle: ${JSON.stringify(answers[i])}`);
      return { ...c, message: catchAll.message };
    });
    writeFileSync(path.join(fixtures, `catchAll.${release}.json`), JSON.stringify({ '//': `Written by test/oracle/layout/writeFixtures.mjs: the spec catch-all message of the oracle of k8s.io/kubernetes@v${ORACLE_RELEASES[release]} (rest.BeforeUpdate with the pod strategy).`, cases: out }, null, 1) + '\n');
    console.log(`${release}: ${module}, ${names.length} specs, ${out.length} catch-all messages`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
