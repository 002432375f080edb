// Re-lint benchmark: after a one-character edit of bench/pod-1000.yaml (a copy of the project's
// shared benchmark input; bench/README.md names its source), the whole analyzeEdit as the extension runs it
// for diagnostics (the parse of the new text version through ParsedTextCache, which splices the
// changed block into the previous version's parse, source map, rules, the findings' ranges, the
// plan), against a bare `yaml.parse` of the same text measured in the same run. Goal: at most 1.0x.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { analyzeEdit } from '../src/core/edit/analyzeEdit';
import { ParsedTextCache } from '../src/core/edit/parsedTextCache';
import type { Pod } from '../src/core/pod';

const root = path.resolve(__dirname, '..', '..');
// A copy of the shared bench input (bench/README.md says where it comes from).
const input = path.resolve(root, 'bench', 'pod-1000.yaml');
const text = readFileSync(input, 'utf8');

// One-character edits at different places: a label value, an image and a restartPolicy (an
// immutable field, so the refused finding and its range are part of the measured work).
function variants(): string[] {
  const out: string[] = [];
  for (let i = 0; i < 10; i++) {
    out.push(text.replace('label-7: v7', `label-7: v${i}`));
    out.push(text.replace('image: redis:latest', `image: redis:latesT${i}`.slice(0, 'image: redis:latest'.length)));
    out.push(text.replace('restartPolicy: Always', 'restartPolicy: Alwayz'));
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function main(): void {
  const base = parse(text) as Pod;
  const texts = variants();
  const cache = new ParsedTextCache();
  let version = 0;
  // As the extension does it: each keystroke is a new version of the same document, parsed once,
  // through the DocumentAnalyzer's cache, which holds the version before the keystroke (the
  // unedited text, put back untimed before each measured edit) and re-uses its unchanged parts.
  const before = () => cache.get('bench', ++version, text);
  const relint = (t: string) => {
    const analysis = analyzeEdit(t, base, { profile: 'kubernetes', parsed: cache.get('bench', ++version, t), requirePod: true });
    return analysis.diagnostics.reduce((n, d) => n + d.range.start.line, 0);
  };
  before();
  const check = analyzeEdit(texts[2], base, { profile: 'kubernetes' });
  if (!check.diagnostics.some((d) => d.path === 'spec.restartPolicy' && d.severity === 'error')) throw new Error('benchmark input no longer yields the restartPolicy error');
  const bare: number[] = [];
  const ours: number[] = [];
  let sink = 0;
  for (let round = 0; round < 3; round++) for (const t of texts) { sink += Object.keys(parse(t)).length; before(); sink += relint(t); } // warm-up
  for (let round = 0; round < 8; round++) {
    for (const t of texts) {
      // Interleaved so that GC and CPU frequency drift hit both sides alike.
      let s = process.hrtime.bigint();
      sink += Object.keys(parse(t)).length;
      bare.push(Number(process.hrtime.bigint() - s) / 1e6);
      before();
      s = process.hrtime.bigint();
      sink += relint(t);
      ours.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
  }
  const b = median(bare);
  const o = median(ours);
  console.log(`relint: ${text.split('\n').length}-line pod manifest, ${bare.length} one-character edits (sink ${sink % 7})`);
  console.log(`  bare yaml.parse           median ${b.toFixed(2)} ms`);
  console.log(`  analyzeEdit (whole)       median ${o.toFixed(2)} ms`);
  console.log(`  re-lint ratio ${(o / b).toFixed(2)}x (goal <= 1.0x)`);
}

main();
