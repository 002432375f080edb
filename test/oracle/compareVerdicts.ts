// How a podpatch verdict and an oracle answer are compared: the verdict, the set of error fields,
// and the messages (the catch-all's first line, and whole; upstream appends a Go diff to it).
import type { OracleAnswer } from './oracleProcess';
import type { PodpatchVerdict } from './podpatchVerdict';

export type Comparison = { verdict: boolean; paths: boolean; messages: boolean; fullMessages: boolean; note: string };

const firstLine = (m: string): string => m.split('\n')[0];
const sorted = (xs: string[]): string[] => [...new Set(xs)].sort();
const same = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

export function compareVerdicts(mine: PodpatchVerdict, theirs: OracleAnswer): Comparison {
  if (theirs.error) throw new Error(`oracle error: ${theirs.error}`);
  if (theirs.decodeError !== undefined) {
    // The body does not decode: a 400 before validation, whose text names Go struct fields.
    const ok = mine.decodeError;
    return { verdict: !mine.valid, paths: ok, messages: ok, fullMessages: ok, note: `oracle: decode error: ${theirs.decodeError}` };
  }
  const errs = theirs.errors ?? [];
  const verdict = mine.valid === (theirs.valid === true) && !(mine.decodeError && theirs.valid === false);
  const paths = same(sorted(mine.errors.map((e) => e.field)), sorted(errs.map((e) => e.field)));
  const key = (f: string, m: string) => `${f}: ${m}`;
  const messages = same(sorted(mine.errors.map((e) => key(e.field, firstLine(e.message)))), sorted(errs.map((e) => key(e.field, firstLine(e.message)))));
  const fullMessages = same(sorted(mine.errors.map((e) => key(e.field, e.message))), sorted(errs.map((e) => key(e.field, e.message))));
  return { verdict, paths: verdict && paths, messages: verdict && paths && messages, fullMessages: verdict && paths && fullMessages, note: '' };
}

const CATCH_ALL = 'pod updates may not change fields other than ';

/**
 * The spec catch-all's whole message (its first line and upstream's diff of the internal PodSpecs)
 * on both sides: 'absent' unless both report it, else whether the text is byte for byte the same.
 */
export function compareCatchAll(mine: PodpatchVerdict, theirs: OracleAnswer): 'absent' | 'same' | 'differ' {
  const pick = (es: { field: string; message: string }[]) => es.find((e) => e.field === 'spec' && e.message.includes(CATCH_ALL))?.message;
  const ours = pick(mine.errors);
  const up = pick(theirs.errors ?? []);
  if (ours === undefined || up === undefined) return 'absent';
  return ours === up ? 'same' : 'differ';
}

/** Both sides' catch-all messages, for a disagreement report. */
export function describeCatchAll(mine: PodpatchVerdict, theirs: OracleAnswer): string {
  const pick = (es: { field: string; message: string }[]) => es.find((e) => e.field === 'spec' && e.message.includes(CATCH_ALL))?.message ?? '';
  return `  upstream ${theirs.release}:\n${pick(theirs.errors ?? [])}\n  podpatch:\n${pick(mine.errors)}`;
}

/** Both sides' errors, one per line, for a disagreement report. */
export function describeDisagreement(mine: PodpatchVerdict, theirs: OracleAnswer): string {
  const show = (es: { field: string; message: string }[]) => es.map((e) => `    ${e.field}: ${firstLine(e.message)}`).join('\n') || '    (valid)';
  const oracle = theirs.decodeError !== undefined ? `    decode error: ${theirs.decodeError}` : show(theirs.errors ?? []);
  return `  podpatch:\n${show(mine.errors)}\n  upstream ${theirs.release}:\n${oracle}`;
}
