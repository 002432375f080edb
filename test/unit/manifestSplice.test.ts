// The incremental re-parse (manifestSplice.ts, used by ParsedTextCache) must be indistinguishable
// from a full parse: on seeded random one-character and multi-line edits of the bench pod and of
// the test fixtures (edits that break the YAML or cross block boundaries included), the spliced
// parse, when the splice is taken, gives the same value, YAML errors, document range and source
// ranges for every path, and analyzeEdit gives the same pod, findings and diagnostics on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { parseManifest, type ParsedManifest } from '../../src/core/yaml/manifestParser';
import { spliceManifest } from '../../src/core/yaml/manifestSplice';
import { formatFieldPath, type FieldKey } from '../../src/core/yaml/fieldPath';
import { analyzeEdit } from '../../src/core/edit/analyzeEdit';
import { ParsedTextCache } from '../../src/core/edit/parsedTextCache';
import type { Pod } from '../../src/core/pod';

// Random edits make keys out of collections; yaml warns about each, which would bury the results.
process.removeAllListeners('warning');

const root = path.resolve(__dirname, '..', '..', '..');
const inputs = ['bench/pod-1000.yaml', 'test/fixtures/seed-pod.yaml', 'test/fixtures/workspace/web-with-sidecar.yaml', 'test/fixtures/workspace/batch-job-pod.yaml', 'test/fixtures/workspace/pod-test.yaml'];

function random(seed: number): () => number {
  // mulberry32: a small seeded generator, so a failure can be replayed.
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHARS = ['a', 'Z', '1', ' ', ' ', '\n', ':', '-', '#', '"', "'", '[', '{', '}', '|', '>', '&', '*', '!', '\t', ',', '?', '.'];

/** One random edit: a character typed, deleted or replaced, or whole lines deleted, copied, moved or re-indented. */
function randomEdit(text: string, rnd: () => number): string {
  const at = Math.floor(rnd() * text.length);
  const lines = text.split('\n');
  const line = Math.floor(rnd() * lines.length);
  const count = 1 + Math.floor(rnd() * 6);
  const char = CHARS[Math.floor(rnd() * CHARS.length)];
  switch (Math.floor(rnd() * 8)) {
    case 0: case 1: return text.slice(0, at) + char + text.slice(at);
    case 2: return text.slice(0, at) + text.slice(at + 1);
    case 3: return text.slice(0, at) + char + text.slice(at + 1);
    case 4: return [...lines.slice(0, line), ...lines.slice(line + count)].join('\n');
    case 5: {
      const from = Math.floor(rnd() * lines.length);
      return [...lines.slice(0, line), ...lines.slice(from, from + count), ...lines.slice(line)].join('\n');
    }
    case 6: return lines.map((l, i) => (i >= line && i < line + count ? (rnd() < 0.5 ? `  ${l}` : l.replace(/^ {1,2}/, '')) : l)).join('\n');
    default: {
      // A value typed into the middle of a line, as a person edits a label or an image.
      const end = text.indexOf('\n', at);
      return end < 0 ? text : text.slice(0, end) + 'x' + text.slice(end);
    }
  }
}

function paths(value: unknown, prefix: FieldKey[] = [], out: FieldKey[][] = []): FieldKey[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

function assertSameParse(spliced: ParsedManifest, full: ParsedManifest, label: string): void {
  assert.equal(spliced.documents.length, full.documents.length, label);
  assert.deepEqual(spliced.errors, full.errors, label);
  spliced.documents.forEach((doc, i) => {
    const want = full.documents[i];
    assert.deepEqual(doc.value, want.value, `${label}: value`);
    assert.deepEqual(doc.errors, want.errors, `${label}: errors`);
    assert.deepEqual(doc.range, want.range, `${label}: document range`);
    const all = paths(want.value);
    // Every path of a small manifest; a spread of ~400 (changing with the edit) of the big one.
    const stride = Math.max(1, Math.floor(all.length / 400));
    for (let k = (label.length + i) % stride; k < all.length; k += stride) {
      const p = formatFieldPath(all[k]);
      if (!p) continue;
      assert.deepEqual(doc.sourceMap.lookup(p), want.sourceMap.lookup(p), `${label}: lookup ${p}`);
      assert.deepEqual(doc.sourceMap.nearest(`${p}.absent`), want.sourceMap.nearest(`${p}.absent`), `${label}: nearest ${p}.absent`);
    }
  });
}

function assertSameAnalysis(text: string, base: Pod, spliced: ParsedManifest, full: ParsedManifest, label: string): void {
  for (const partial of [false, true]) {
    const a = analyzeEdit(text, base, { profile: 'kubernetes', parsed: spliced, requirePod: !partial, partial });
    const b = analyzeEdit(text, base, { profile: 'kubernetes', parsed: full, requirePod: !partial, partial });
    assert.deepEqual(a.pod, b.pod, `${label}: pod`);
    assert.deepEqual(a.findings, b.findings, `${label}: findings`);
    assert.deepEqual(a.diagnostics, b.diagnostics, `${label}: diagnostics`);
    assert.deepEqual(a.plan?.refused, b.plan?.refused, `${label}: refused`);
  }
}

for (const input of inputs) {
  test(`a spliced parse equals a full parse after random edits of ${input}`, () => {
    const original = readFileSync(path.join(root, input), 'utf8');
    const anchor = { text: original, parsed: parseManifest(original) };
    const base = parse(original) as Pod;
    const rnd = random(input.length * 7919);
    let taken = 0;
    const rounds = input.startsWith('bench') ? 120 : 300;
    for (let i = 0; i < rounds; i++) {
      const text = randomEdit(original, rnd);
      const spliced = spliceManifest(anchor, text);
      if (!spliced) continue;
      taken++;
      const full = parseManifest(text);
      const label = `${input} edit #${i}`;
      assertSameParse(spliced, full, label);
      assertSameAnalysis(text, base, spliced, full, label);
      assert.equal(spliced.documents[0].tree.toString(), full.documents[0].tree.toString(), `${label}: tree`);
    }
    // The splice must actually be taken for many of these edits, or this test checks nothing.
    assert.ok(taken > rounds / 5, `only ${taken} of ${rounds} edits were spliced`);
  });
}

test('ParsedTextCache gives a full parse\'s answer along a chain of edits, broken YAML included', () => {
  const original = readFileSync(path.join(root, 'bench/pod-1000.yaml'), 'utf8');
  const base = parse(original) as Pod;
  const cache = new ParsedTextCache();
  const rnd = random(42);
  let text = original;
  cache.get('doc', 1, text);
  for (let version = 2; version < 40; version++) {
    // Mostly typing within a few places, sometimes a jump elsewhere or a broken line.
    text = version % 13 === 0 ? original : randomEdit(text, rnd);
    const parsed = cache.get('doc', version, text);
    const full = parseManifest(text);
    assertSameParse(parsed, full, `version ${version}`);
    assertSameAnalysis(text, base, parsed, full, `version ${version}`);
  }
});

test('a one-character edit of a label, an image and restartPolicy in the bench pod is spliced', () => {
  const original = readFileSync(path.join(root, 'bench/pod-1000.yaml'), 'utf8');
  const anchor = { text: original, parsed: parseManifest(original) };
  for (const [from, to] of [['label-7: v7', 'label-7: v77'], ['image: redis:latest', 'image: redis:latesx'], ['restartPolicy: Always', 'restartPolicy: Alway']]) {
    const text = original.replace(from, to);
    const spliced = spliceManifest(anchor, text);
    assert.ok(spliced, `${to}: not spliced`);
    assertSameParse(spliced, parseManifest(text), to);
  }
});
