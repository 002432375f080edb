// A 422's details.causes[] placed on the manifest text: each cause's field path looked up in the
// buffer (the field itself, or its nearest surviving ancestor), so the server's verdict shows
// up where the client-side one would have.
import { parseManifest, type ManifestDocument } from '../yaml/manifestParser';
import type { Range } from '../yaml/range';
import { isPlainObject } from '../pod';
import { rangeForPath } from './lintPodText';

export type StatusCauseLike = { reason?: string; message?: string; field?: string };
export type PlacedCause = { field: string; reason: string; message: string; range: Range };

/** `known` is the Pod's document of `text` when the caller has parsed it already (parse once). */
export function placeStatusCauses(text: string, causes: readonly StatusCauseLike[], known?: ManifestDocument): PlacedCause[] {
  const document = known ?? findPodDocument(text);
  const zero = { line: 0, column: 0, offset: 0 };
  return causes.map((c) => {
    const field = c.field ?? '';
    const range = document ? (field ? rangeForPath(text, document, field) : firstLineOf(document.range)) : { start: zero, end: zero };
    return { field, reason: c.reason ?? '', message: c.message ?? '', range };
  });
}

function firstLineOf(r: Range): Range {
  return { start: r.start, end: r.start };
}

function findPodDocument(text: string): ManifestDocument | undefined {
  const parsed = parseManifest(text);
  return parsed.documents.find((d) => isPlainObject(d.value) && d.value.kind === 'Pod') ?? parsed.documents[0];
}
