// Fault injection for tests (admin API only): the next N matching requests answer 500/429/503 (or a
// 400/422 refusal with a given message, as a server whose rules podpatch does not know answers),
// have their connection reset, or stall before being served normally; or act as hostile servers
// do: a 500 whose body echoes the request's credentials, a 200 stream that never ends a line.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendStatus } from './httpIo';
import { badRequest, internalError, invalid, serviceUnavailable, tooManyRequests } from './statusErrors';

export type FaultSpec = {
  count: number;
  status?: 500 | 429 | 503 | 400 | 422;
  /** With 400/422: the refusal's message (422: its one cause's message, on `field`). */
  message?: string;
  field?: string;
  retryAfter?: number;
  reset?: boolean;
  stallMs?: number;
  /** With status 500: the answer quotes the request's Authorization header, raw and decoded. */
  echoCredentials?: boolean;
  /** Answer 200 and stream bytes that never end a line, until the client goes away. */
  endlessLine?: boolean;
  method?: string;
  pathPrefix?: string;
};

export function parseFaultSpec(v: unknown): FaultSpec {
  const o = (v ?? {}) as Record<string, unknown>;
  const count = Number(o.count ?? 1);
  if (!Number.isInteger(count) || count < 1) throw new Error('count must be a positive integer');
  if (o.status !== undefined && ![500, 429, 503, 400, 422].includes(o.status as number)) throw new Error('status must be 500, 429, 503, 400 or 422');
  if (o.status === undefined && !o.reset && o.stallMs === undefined && !o.endlessLine) throw new Error('give status, reset, stallMs or endlessLine');
  return {
    count,
    status: o.status as FaultSpec['status'],
    retryAfter: o.retryAfter === undefined ? undefined : Number(o.retryAfter),
    reset: o.reset === true,
    stallMs: o.stallMs === undefined ? undefined : Number(o.stallMs),
    echoCredentials: o.echoCredentials === true,
    message: typeof o.message === 'string' ? o.message : undefined,
    field: typeof o.field === 'string' ? o.field : undefined,
    endlessLine: o.endlessLine === true,
    method: typeof o.method === 'string' ? o.method.toUpperCase() : undefined,
    pathPrefix: typeof o.pathPrefix === 'string' ? o.pathPrefix : undefined,
  };
}

export class FaultInjector {
  private faults: FaultSpec[] = [];
  private readonly stalls = new Set<NodeJS.Timeout>();

  add(spec: FaultSpec): void { this.faults.push({ ...spec }); }
  clear(): void {
    this.faults = [];
    for (const t of this.stalls) clearTimeout(t);
    this.stalls.clear();
  }

  private take(method: string, path: string): FaultSpec | undefined {
    const i = this.faults.findIndex((f) => (!f.method || f.method === method) && (!f.pathPrefix || path.startsWith(f.pathPrefix)));
    if (i < 0) return undefined;
    const f = this.faults[i];
    if (--f.count <= 0) this.faults.splice(i, 1);
    return f;
  }

  /**
   * Applies a pending fault to this request, if one matches. Returns 'handled' when the request was
   * answered (or its connection reset), or a promise that resolves when a stall is over.
   */
  intercept(req: IncomingMessage, res: ServerResponse, path: string): 'handled' | Promise<void> | undefined {
    const f = this.take(req.method ?? 'GET', path);
    if (!f) return undefined;
    if (f.reset) {
      req.socket.destroy();
      return 'handled';
    }
    if (f.endlessLine) {
      streamEndlessLine(res);
      return 'handled';
    }
    if (f.status === 500 && f.echoCredentials) {
      const auth = req.headers.authorization ?? '';
      const decoded = /^basic\s+(\S+)/i.test(auth) ? Buffer.from(auth.split(/\s+/)[1], 'base64').toString('utf8') : '';
      sendStatus(res, internalError(`request with header Authorization: ${auth} (user ${decoded}) failed`).status);
      return 'handled';
    }
    if (f.status === 400 || f.status === 422) {
      const message = f.message ?? 'injected refusal';
      const name = /\/pods\/([^/?]+)/.exec(path)?.[1] ?? '';
      const err = f.status === 400 ? badRequest(message) : invalid('Pod', decodeURIComponent(name), [{ field: f.field ?? '', type: 'FieldValueForbidden', body: `Forbidden: ${message}` }]);
      sendStatus(res, err.status);
      return 'handled';
    }
    if (f.status) {
      const err = f.status === 429 ? tooManyRequests(f.retryAfter ?? 1) : f.status === 503 ? serviceUnavailable(f.retryAfter) : internalError('injected fault');
      sendStatus(res, err.status, false, err.headers);
      return 'handled';
    }
    return new Promise((resolve) => {
      const t = setTimeout(() => { this.stalls.delete(t); resolve(); }, f.stallMs ?? 0);
      this.stalls.add(t);
    });
  }
}

/** A 200 stream of `{"type":"ADDED","object":{"x":"aaaa…` that never ends its line, paced on the reader. */
function streamEndlessLine(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
  res.write('{"type":"ADDED","object":{"x":"');
  const chunk = 'a'.repeat(64 * 1024);
  const pump = () => { while (!res.destroyed && res.write(chunk)) { /* until the socket buffer is full */ } };
  res.on('drain', pump);
  pump();
}
