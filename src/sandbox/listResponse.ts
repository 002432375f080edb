// LIST answers for pods and namespaces: label/field selectors, `limit`/`continue` paging over the
// store's key order (namespace/name, as etcd), `remainingItemCount` when no selector is set, and the
// three representations a client may ask for (the list itself, a Table, PartialObjectMetadataList).
// Lists are assembled from each object's cached JSON, so 10,000 pods cost a string join.
import type { ServerResponse } from 'node:http';
import type { JsonObject } from '../core/pod';
import type { ResourceStore } from './resourceStore';
import type { Matcher } from './selectors';
import { isPretty, sendJson, sendJsonBuffer, sendJsonText, type Representation } from './httpIo';
import { parseIncludeObject, table, tableRow } from './podTable';
import { badRequest } from './statusErrors';

export type ListRequest = {
  store: ResourceStore;
  kind: string;
  listKind: string;
  /** The list's apiVersion (`v1` unless given: apps/v1, batch/v1). */
  apiVersion?: string;
  namespace?: string;
  matcher?: Matcher;
  hasSelector: boolean;
  query: URLSearchParams;
  representation: Representation;
};

const COMMA = Buffer.from(',');
const TAIL = Buffer.from(']}');

type ContinueToken = { v: string; rv: number; start: string };

function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start } satisfies ContinueToken)).toString('base64url');
}

function decodeContinue(token: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as ContinueToken;
    if (t.v !== 'meta.k8s.io/v1' || typeof t.rv !== 'number' || typeof t.start !== 'string') throw new Error('bad');
    return t;
  } catch {
    throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
}

function lowerBound(keys: string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < key) lo = mid + 1; else hi = mid;
  }
  return lo;
}

export function serveList(res: ServerResponse, l: ListRequest): void {
  const limitParam = l.query.get('limit');
  const limit = limitParam ? Number(limitParam) : 0;
  if (!Number.isInteger(limit) || limit < 0) throw badRequest(`invalid limit: ${limitParam}`);
  const token = l.query.get('continue');
  const cont = token ? decodeContinue(token) : undefined;
  const rv = cont ? cont.rv : l.store.clock.current;
  const keys = l.store.keys();
  const prefix = l.namespace ? `${l.namespace}/` : '';
  const end = prefix ? lowerBound(keys, `${l.namespace}0`) : keys.length; // '0' sorts right after '/'
  let i = cont ? lowerBound(keys, cont.start) : prefix ? lowerBound(keys, prefix) : 0;
  if (prefix) i = Math.max(i, lowerBound(keys, prefix));

  const picked: string[] = [];
  let nextKey: string | undefined;
  for (; i < end; i++) {
    const entry = l.store.entry(keys[i])!;
    if (l.matcher && !l.matcher(entry.object)) continue;
    if (limit && picked.length === limit) { nextKey = keys[i]; break; }
    picked.push(keys[i]);
  }
  const listMeta: JsonObject = { resourceVersion: String(rv) };
  if (nextKey !== undefined) {
    listMeta.continue = encodeContinue(rv, nextKey);
    if (!l.hasSelector) listMeta.remainingItemCount = end - i;
  }
  const pretty = isPretty(l.query);

  if (l.representation === 'table') {
    const include = parseIncludeObject(l.query.get('includeObject'));
    const now = Date.now();
    const rows = picked.map((k) => tableRow(l.kind, l.store.entry(k)!.object, include, now));
    sendJson(res, 200, table(l.kind, rows, listMeta), pretty);
    return;
  }
  if (l.representation === 'partialMetadata') {
    const items = picked.map((k) => ({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: l.store.entry(k)!.object.metadata }));
    sendJson(res, 200, { kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata: listMeta, items }, pretty);
    return;
  }
  const parts: Buffer[] = [Buffer.from(`{"kind":"${l.listKind}","apiVersion":"${l.apiVersion ?? 'v1'}","metadata":${JSON.stringify(listMeta)},"items":[`)];
  picked.forEach((k, n) => {
    if (n) parts.push(COMMA);
    parts.push(l.store.entry(k)!.buf);
  });
  parts.push(TAIL);
  const body = Buffer.concat(parts);
  if (pretty) sendJsonText(res, 200, body.toString('utf8'), true);
  else sendJsonBuffer(res, 200, body);
}
