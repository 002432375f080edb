// Request/response plumbing shared by the route handlers: body reading with a size cap, JSON
// answers (compact, or indented for `?pretty` as the profile's server does), Accept negotiation.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { nextTurn } from './stagedWrite';
import { ApiStatusError, badRequest, notAcceptable, requestEntityTooLarge, unsupportedMediaType, type StatusBody } from './statusErrors';

/** The apiserver's MaxRequestBodyBytes (etcd's request limit is ~1.5 MiB; JSON is allowed twice that). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;
/**
 * Deeper JSON is refused before parsing: every walk of a body (clone, merge, compare, serialize)
 * recurses, and V8's stack ends near 5,000 levels. Go's decoder stops at 10,000; no pod needs 100.
 */
export const MAX_JSON_DEPTH = 1000;

/** k8s.io/apiserver's limitedReadBody answer; the unread rest of the body is not waited for. */
function bodyTooLarge(): ApiStatusError {
  const err = requestEntityTooLarge(`limit is ${MAX_BODY_BYTES}`);
  return new ApiStatusError(err.status, { connection: 'close' });
}

export async function readBodyBuffer(req: IncomingMessage): Promise<Buffer> {
  // A declared length over the limit is refused before reading a byte of it.
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) throw bodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw bodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function readBody(req: IncomingMessage): Promise<string> {
  return (await readBodyBuffer(req)).toString('utf8');
}

/**
 * The JSON body of a create/replace. Other media types (kubectl's typed clients send protobuf for
 * some built-in kinds) are refused with 415, which is what a JSON-only server can honestly say.
 */
export async function readJsonRequest(req: IncomingMessage): Promise<unknown> {
  const type = contentTypeOf(req);
  if (type && type !== 'application/json' && type !== '*/*') throw unsupportedMediaType(['application/json']);
  return parseJsonBody(await readBody(req));
}

/** readJsonRequest in turns: reading, the depth scan and the parse of a big body are separate blocks. */
export async function readJsonRequestInTurns(req: IncomingMessage): Promise<unknown> {
  const type = contentTypeOf(req);
  if (type && type !== 'application/json' && type !== '*/*') throw unsupportedMediaType(['application/json']);
  return parseJsonBodyInTurns(await readBody(req));
}

/** parseJsonBody for a body that may be big: the depth scan and the parse each in their own turn. */
export async function parseJsonBodyInTurns(text: string): Promise<unknown> {
  await nextTurn();
  if (text.length < 65_536) return parseJsonBody(text);
  if (!text.trim()) throw badRequest('the request body is empty');
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) throw badRequest(`error decoding request body: exceeded max depth (${MAX_JSON_DEPTH})`);
  await nextTurn();
  return parseJsonText(text);
}

export function parseJsonBody(text: string): unknown {
  if (!text.trim()) throw badRequest('the request body is empty');
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) throw badRequest(`error decoding request body: exceeded max depth (${MAX_JSON_DEPTH})`);
  return parseJsonText(text);
}

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw badRequest(`error decoding request body: ${(err as Error).message}`);
  }
}

/** True when `text` opens more than `max` arrays/objects at once; one pass, strings skipped. */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) { // a string: skip to its closing quote, past escapes
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

export function isPretty(query: URLSearchParams): boolean {
  const p = query.get('pretty');
  return p !== null && p !== 'false' && p !== '0';
}

/**
 * How `?pretty` indents: a kube-apiserver (json.MarshalIndent, two spaces, no final newline; a
 * v1.37.2 server answered so), or the CCI seed's documented response (four spaces and a newline).
 * One sandbox process serves one profile, so it is set once when the server starts.
 */
let prettyStyle: { indent: number; end: string } = { indent: 2, end: '' };
export function setPrettyStyle(profile: 'kubernetes' | 'cci'): void {
  prettyStyle = profile === 'cci' ? { indent: 4, end: '\n' } : { indent: 2, end: '' };
}

/** Re-indents an already serialized compact JSON document. */
export function prettyJson(json: string): string {
  return JSON.stringify(JSON.parse(json), null, prettyStyle.indent) + prettyStyle.end;
}

export function sendJsonText(res: ServerResponse, code: number, json: string, pretty = false, extraHeaders: Record<string, string> = {}): void {
  writeJson(res, code, pretty ? prettyJson(json) : json, extraHeaders);
}

export function sendJsonBuffer(res: ServerResponse, code: number, body: Buffer, extraHeaders: Record<string, string> = {}): void {
  writeJson(res, code, body, extraHeaders);
}

export function sendJson(res: ServerResponse, code: number, value: unknown, pretty = false, extraHeaders: Record<string, string> = {}): void {
  writeJson(res, code, pretty ? JSON.stringify(value, null, prettyStyle.indent) + prettyStyle.end : JSON.stringify(value), extraHeaders);
}

/** The headers every JSON answer carries, as the API server sends them. */
function writeJson(res: ServerResponse, code: number, body: string | Buffer, extraHeaders: Record<string, string>): void {
  res.writeHead(code, {
    'content-type': 'application/json',
    'cache-control': 'no-cache, private',
    'content-length': Buffer.byteLength(body),
    ...extraHeaders,
  });
  res.end(body);
}

export function sendStatus(res: ServerResponse, status: StatusBody, pretty = false, headers: Record<string, string> = {}): void {
  sendJson(res, status.code, status, pretty, headers);
}

export type MediaRange = { type: string; params: Record<string, string> };

export function parseAccept(header: string | undefined): MediaRange[] {
  if (!header) return [{ type: '*/*', params: {} }];
  return header.split(',').map((part) => {
    const [type, ...params] = part.split(';').map((s) => s.trim());
    const p: Record<string, string> = {};
    for (const kv of params) {
      const eq = kv.indexOf('=');
      if (eq > 0) p[kv.slice(0, eq).trim()] = kv.slice(eq + 1).trim();
    }
    return { type: type.toLowerCase(), params: p };
  }).filter((m) => m.type);
}

export type Representation = 'object' | 'table' | 'partialMetadata';

/**
 * What the client asked to receive, in its order of preference, among what a real server offers:
 * the object itself as JSON, a meta.k8s.io Table, or PartialObjectMetadata. Protobuf/CBOR alone is
 * declined with 406 (this server speaks JSON only), as is aggregated discovery handled elsewhere.
 */
export function negotiate(accept: string | undefined, allowTable: boolean): Representation {
  for (const m of parseAccept(accept)) {
    const jsonish = m.type === 'application/json' || m.type === '*/*' || m.type === 'application/*';
    if (!jsonish) continue;
    const as = m.params.as;
    if (!as) return 'object';
    if (as === 'Table' && allowTable && (m.params.g === 'meta.k8s.io') && (m.params.v === 'v1' || m.params.v === 'v1beta1')) return 'table';
    if ((as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') && m.params.g === 'meta.k8s.io') return 'partialMetadata';
  }
  throw notAcceptable();
}

export function contentTypeOf(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}
