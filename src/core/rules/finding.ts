import { GoValue } from './goValue';

// A finding is one upstream field.Error (path + ErrorBody) plus what podpatch adds: a severity, the
// rule that raised it and, where one exists, a fix.

export type FindingType = 'Forbidden' | 'Invalid' | 'Required' | 'NotSupported' | 'Duplicate' | 'TooLong';

export type Fix =
  /** Put the field back to `original`; undefined means remove the key (or list item). */
  | { kind: 'revert'; path: string; original: unknown }
  /** No patch can apply this change: the pod has to be deleted and created again. */
  | { kind: 'recreate' };

export type Finding = {
  path: string;
  type: FindingType;
  /** 'warning': accepted, with a consequence worth knowing (a resize that restarts the container). */
  severity: 'error' | 'warning' | 'info';
  /** Upstream's ErrorBody, e.g. "Forbidden: pod updates may not add or remove containers". */
  message: string;
  /**
   * Upstream's detail text (the explanation after the value, e.g. "field is immutable"); for the
   * spec-wide catch-all, the diff of the old spec against the munged new one (upstream appends it
   * to the message after a newline, see `upstreamErrorBody`).
   */
  detail?: string;
  /** Rule id, e.g. 'containers.count'. */
  rule: string;
  fix?: Fix;
};

/**
 * Sets a detail computed only when read: the 1.34+ catch-all diff stringifies both specs, which the
 * re-lint on every keystroke never shows (copies and JSON output still get the value).
 */
export function setLazyDetail(f: Finding, compute: () => string): void {
  let value: string | undefined;
  Object.defineProperty(f, 'detail', { enumerable: true, configurable: true, get: () => (value ??= compute()), set: (v: string) => { value = v; } });
}

export function formatFinding(f: Finding): string {
  return `${f.path}: ${f.message}`;
}

/** The ErrorBody exactly as the API server prints it (the catch-all carries its diff on extra lines). */
export function upstreamErrorBody(f: Finding): string {
  return (f.rule === 'spec.catchAll' || f.rule === 'resize.catchAll') && f.detail ? `${f.message}\n${f.detail}` : f.message;
}

const CAUSE_REASONS: Record<FindingType, string> = {
  Forbidden: 'FieldValueForbidden',
  Invalid: 'FieldValueInvalid',
  Required: 'FieldValueRequired',
  NotSupported: 'FieldValueNotSupported',
  Duplicate: 'FieldValueDuplicate',
  TooLong: 'FieldValueTooLong',
};

/** The `reason` of a Status cause (metav1.CauseType) for a finding type. */
export function causeReason(type: FindingType): string {
  return CAUSE_REASONS[type];
}

/**
 * Renders a value the way upstream's field.Error does: ints/bools plain, strings quoted, nil as the
 * quoted string "null" (field.Error turns nil into the string "null", then prints it with %q),
 * maps of strings as Go's %#v; other structures approximate %#v with JSON.
 */
export function formatValue(v: unknown): string {
  if (v instanceof GoValue) return v.text;
  if (v === null || v === undefined) return '"null"';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.length === 0) return '[]';
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return `[]string{${v.map((x) => JSON.stringify(x)).join(', ')}}`;
  if (typeof v === 'object' && Object.values(v as object).every((x) => typeof x === 'string')) {
    const entries = Object.entries(v as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[string]string{${entries.map(([k, x]) => `${JSON.stringify(k)}:${JSON.stringify(x)}`).join(', ')}}`;
  }
  return JSON.stringify(v);
}

type Base = { rule: string; fix?: Fix; severity?: Finding['severity'] };

function make(path: string, type: FindingType, message: string, base: Base, detail?: string): Finding {
  const f: Finding = { path, type, severity: base.severity ?? 'error', message, rule: base.rule };
  if (detail !== undefined) f.detail = detail;
  if (base.fix) f.fix = base.fix;
  return f;
}

// Constructors mirroring field.Invalid / field.Forbidden / ... so rules read like upstream's code.
export function invalid(path: string, value: unknown, detail: string, base: Base): Finding {
  return make(path, 'Invalid', `Invalid value: ${formatValue(value)}${detail ? `: ${detail}` : ''}`, base, detail || undefined);
}
export function forbidden(path: string, detail: string, base: Base): Finding {
  return make(path, 'Forbidden', detail ? `Forbidden: ${detail}` : 'Forbidden', base, detail || undefined);
}
export function required(path: string, detail: string, base: Base): Finding {
  return make(path, 'Required', detail ? `Required value: ${detail}` : 'Required value', base, detail || undefined);
}
export function notSupported(path: string, value: unknown, supported: readonly string[], base: Base): Finding {
  const detail = supported.length ? `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` : '';
  return make(path, 'NotSupported', `Unsupported value: ${formatValue(value)}${detail ? `: ${detail}` : ''}`, base, detail || undefined);
}
export function duplicate(path: string, value: unknown, base: Base): Finding {
  return make(path, 'Duplicate', `Duplicate value: ${formatValue(value)}`, base);
}
export function tooLong(path: string, maxLength: number, base: Base): Finding {
  return make(path, 'TooLong', `Too long: may not be more than ${maxLength} bytes`, base, `may not be more than ${maxLength} bytes`);
}
