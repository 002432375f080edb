// Strategic merge patch benchmark (issue 13): applying a strategic patch with a long
// $setElementOrder list and a long finalizers merge, as the sandbox does, compared with applying an
// RFC 7386 merge patch of the same size (as many annotations as finalizers, merged key by key into
// the same pod) measured in the same run. Linear work keeps the ratio flat as the lists grow ten
// times; a quadratic implementation's ratio grows with them (a 2 MB body took 31 s before).
import { applyPatch, PATCH_TYPES } from '../src/sandbox/podUpdate';
import type { StoredObject } from '../src/sandbox/resourceStore';

function names(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}`);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function measure(n: number): { bytes: number; mergeBytes: number; merge: number; strategic: number } {
  const server = names('example.com/f', n / 2);
  const added = names('example.com/n', n / 2);
  const order = [...added, ...[...server].reverse()];
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'big', namespace: 'default', finalizers: server }, spec: { containers: [{ name: 'c', image: 'i' }] } } as unknown as StoredObject;
  const strategic = { metadata: { '$setElementOrder/finalizers': order, finalizers: added, '$deleteFromPrimitiveList/finalizers': server.slice(0, n / 100) } };
  const merge = { metadata: { annotations: Object.fromEntries(order.map((name) => [name, 'v'])) } };
  const m: number[] = [];
  const s: number[] = [];
  for (let round = 0; round < 7; round++) {
    // Interleaved so that GC and CPU frequency drift hit both sides alike.
    let t = process.hrtime.bigint();
    applyPatch(pod, PATCH_TYPES.merge, merge);
    m.push(Number(process.hrtime.bigint() - t) / 1e6);
    t = process.hrtime.bigint();
    applyPatch(pod, PATCH_TYPES.strategic, strategic);
    s.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { bytes: JSON.stringify(strategic).length, mergeBytes: JSON.stringify(merge).length, merge: median(m), strategic: median(s) };
}

function main(): void {
  measure(2_000); // warm-up
  console.log('strategicPatch: a finalizers merge with $setElementOrder vs a merge patch of as many annotations (sandbox applyPatch)');
  const ratios: number[] = [];
  for (const n of [10_000, 100_000]) {
    const r = measure(n);
    ratios.push(r.strategic / r.merge);
    console.log(`  ${String(n).padStart(7)} items: merge patch (${(r.mergeBytes / 1e6).toFixed(1)} MB) median ${r.merge.toFixed(1)} ms, strategic (${(r.bytes / 1e6).toFixed(1)} MB) median ${r.strategic.toFixed(1)} ms, ratio ${(r.strategic / r.merge).toFixed(2)}x`);
  }
  console.log(`  ratio growth from 10k to 100k items ${(ratios[1] / ratios[0]).toFixed(2)}x (linear: about 1x; quadratic: about 10x)`);
}

main();
