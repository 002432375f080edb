// Re-lint benchmark: after a one-character edit of a 1,000-line pod manifest, how long do parse +
// source map + rules (+ locating the findings) take, compared with a bare `yaml.parse` of the same
// text measured in the same run? Goal: at most 1.5x.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { parsePodManifest } from '../src/core/yaml/manifestParser';
import { checkPodUpdate } from '../src/core/rules/checkPodUpdate';
import type { Pod } from '../src/core/pod';

const root = path.resolve(__dirname, '..', '..');
// A copy of the shared bench input (bench/README.md says where it comes from).
const input = path.resolve(root, 'bench', 'pod-1000.yaml');
const text = readFileSync(input, 'utf8');

// One-character edits at different places: a label value, an image and a restartPolicy (an
// immutable field, so the catch-all and its per-field findings are part of the measured work).
function variants(): string[] {
  const out: string[] = [];
  for (let i = 0; i < 10; i++) {
    out.push(text.replace('label-7: v7', `label-7: v${i}`));
    out.push(text.replace('image: redis:latest', `image: redis:latesT${i}`.slice(0, 'image: redis:latest'.length)));
    out.push(text.replace('restartPolicy: Always', 'restartPolicy: Alwayz'));
  }
  return out;
}

const parseOnly: number[] = [];
const rulesOnly: number[] = [];

/** The whole re-lint; records where its time goes (parse + lazy source map, rules + locating findings). */
function relint(edited: string, oldPod: Pod): number {
  const start = process.hrtime.bigint();
  const parsed = parsePodManifest(edited);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const parsedAt = process.hrtime.bigint();
  const findings = checkPodUpdate(oldPod, parsed.pod, 'kubernetes');
  let located = 0;
  for (const f of findings) if (parsed.document.sourceMap.lookup(f.path) ?? parsed.document.sourceMap.nearest(f.path)) located++;
  parseOnly.push(Number(parsedAt - start) / 1e6);
  rulesOnly.push(Number(process.hrtime.bigint() - parsedAt) / 1e6);
  return located;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function main(): void {
  const oldParsed = parsePodManifest(text);
  if (!oldParsed.ok) throw new Error(oldParsed.error.message);
  const oldPod = oldParsed.pod;
  const texts = variants();
  const bare: number[] = [];
  const ours: number[] = [];
  let sink = 0;
  for (let round = 0; round < 3; round++) for (const t of texts) { sink += Object.keys(parse(t)).length; sink += relint(t, oldPod); } // warm-up
  parseOnly.length = 0;
  rulesOnly.length = 0;
  for (let round = 0; round < 8; round++) {
    for (const t of texts) {
      // Interleaved so that GC and CPU frequency drift hit both sides alike.
      let s = process.hrtime.bigint();
      sink += Object.keys(parse(t)).length;
      bare.push(Number(process.hrtime.bigint() - s) / 1e6);
      s = process.hrtime.bigint();
      sink += relint(t, oldPod);
      ours.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
  }
  const b = median(bare);
  const o = median(ours);
  const lines = text.split('\n').length;
  console.log(`relint: ${lines}-line pod manifest, ${bare.length} one-character edits (sink ${sink % 7})`);
  console.log(`  bare yaml.parse             median ${b.toFixed(2)} ms`);
  console.log(`  parse + source map + rules  median ${o.toFixed(2)} ms`);
  console.log(`    of which parse (+ lazy source map) median ${median(parseOnly).toFixed(2)} ms, rules + locating findings median ${median(rulesOnly).toFixed(2)} ms`);
  console.log(`  ratio ${(o / b).toFixed(2)}x (goal <= 1.5x)`);
}

main();
