// kubectl describe's PrefixWriter and the multiline map printers that write through it
// (kubernetes/kubectl pkg/describe/describe.go at dee3483a3d6a64c07fdf746caf80af446dee99ac:
// prefixWriter.Write, nestedPrefixWriter, printLabelsMultilineWithIndent, printAnnotationsMultiline).
// A `Write` is one PrefixWriter.Write at LEVEL_0: each call gets the writer's prefix, which is why a
// nested writer (the ephemeral volume's claim template) prints `Labels:\t    <none>` as kubectl does.
import type { TabWriter } from './tabWriter';

export type Write = (text: string) => void;

const maxAnnotationLen = 140;
const skipAnnotations = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

/** Each level is two spaces (kubectl's PrefixWriter). */
export function put(w: TabWriter, level: number, text: string): void {
  // printers.WriteEscaped: terminal control characters in cluster data are not written raw.
  w.write('  '.repeat(level) + text.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => `^${String.fromCharCode(c.charCodeAt(0) ^ 0x40)}`));
}

/** A PrefixWriter whose LEVEL_0 is `level` (NewNestedPrefixWriter; the top-level writer is level 0). */
export function writerAt(w: TabWriter, level: number): Write {
  return (text) => put(w, level, text);
}

export function labelsMultiline(write: Write, title: string, labels: Record<string, unknown>): void {
  write(`${title}:\t`);
  const keys = Object.keys(labels).sort();
  if (!keys.length) return write('<none>\n');
  keys.forEach((k, i) => {
    if (i) {
      write('');
      write('\t');
    }
    write(`${k}=${String(labels[k])}\n`);
  });
}

export function annotationsMultiline(write: Write, title: string, annotations: Record<string, unknown>): void {
  write(`${title}:\t`);
  const keys = Object.keys(annotations).filter((k) => !skipAnnotations.has(k)).sort();
  if (!keys.length) return write('<none>\n');
  keys.forEach((k, i) => {
    if (i) write('\t');
    const value = String(annotations[k]).replace(/\n$/, '');
    if (value.length + k.length + 2 > maxAnnotationLen || value.includes('\n')) {
      write(`${k}:\n`);
      for (const line of value.split('\n')) write(`\t  ${line.length > maxAnnotationLen - 2 ? line.slice(0, maxAnnotationLen - 2) + '...' : line}\n`);
    } else {
      write(`${k}: ${value}\n`);
    }
  });
}
