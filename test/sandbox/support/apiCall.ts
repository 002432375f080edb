// A tiny undici client for the sandbox tests: one call = method, path, optional body/content type,
// answering status, headers and the parsed JSON.
import { Agent, request } from 'undici';
import type { SandboxProcess } from '../../support/sandboxProcess';

export type ApiAnswer = { status: number; headers: Record<string, string | string[] | undefined>; text: string; json: any };

const agents = new WeakMap<object, Agent>();

function agentFor(sb: Pick<SandboxProcess, 'caPem'>): Agent {
  let a = agents.get(sb);
  if (!a) { a = new Agent({ connect: sb.caPem ? { ca: sb.caPem } : {} }); agents.set(sb, a); }
  return a;
}

export async function apiCall(
  sb: Pick<SandboxProcess, 'url' | 'token' | 'caPem'>,
  method: string,
  path: string,
  opts: { body?: unknown; contentType?: string; accept?: string; token?: string | null } = {},
): Promise<ApiAnswer> {
  const headers: Record<string, string> = {};
  const token = opts.token === undefined ? sb.token : opts.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (opts.accept) headers.accept = opts.accept;
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers['content-type'] = opts.contentType ?? 'application/json';
  }
  const res = await request(sb.url + path, { method: method as 'GET', headers, body, dispatcher: agentFor(sb), signal: AbortSignal.timeout(20_000) });
  const text = await res.body.text();
  let json: unknown;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  return { status: res.statusCode, headers: res.headers, text, json };
}

/** Reads a watch stream line by line until `until` returns true for an event (or the stream ends). */
export async function readWatch(
  sb: Pick<SandboxProcess, 'url' | 'token' | 'caPem'>,
  path: string,
  until: (event: { type: string; object: any }, all: { type: string; object: any }[]) => boolean,
  opts: { accept?: string; signal?: AbortSignal } = {},
): Promise<{ type: string; object: any }[]> {
  const ac = new AbortController();
  const signal = opts.signal ? AbortSignal.any([ac.signal, opts.signal, AbortSignal.timeout(20_000)]) : AbortSignal.any([ac.signal, AbortSignal.timeout(20_000)]);
  const headers: Record<string, string> = sb.token ? { authorization: `Bearer ${sb.token}` } : {};
  if (opts.accept) headers.accept = opts.accept;
  const res = await request(sb.url + path, { headers, dispatcher: agentFor(sb), signal });
  const events: { type: string; object: any }[] = [];
  let buf = '';
  try {
    for await (const chunk of res.body) {
      buf += chunk.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!line.trim()) continue;
        const e = JSON.parse(line);
        events.push(e);
        if (until(e, events)) { ac.abort(); return events; }
      }
    }
  } catch (err) {
    if (!ac.signal.aborted) throw err;
  }
  return events;
}
