// HTTP to one cluster over undici: one Agent (keep-alive, the cluster's TLS settings) per
// cluster and client certificate; every call takes an AbortSignal and has a timeout; failures
// become ApiError / NetworkError; GETs are retried on 429/503 (Retry-After honoured, capped
// backoff); PATCH/PUT/POST/DELETE never are, except once after a 401 when refreshed credentials
// (exec plugin, tokenFile) may succeed: a 401 means the server did not act on the request.
import type { Agent as UndiciAgent, Dispatcher, ProxyAgent as UndiciProxyAgent } from 'undici';
import type { ConnectionOptions } from 'node:tls';
import { AbortedError, ApiError, apiErrorFromResponse, NetworkError, type Status } from './apiError';
import { backoffDelay, parseRetryAfter, sleep } from './backoff';
import { CredentialSource, type AppliedCredentials } from './credentials';
import type { ResolvedContext } from './kubeconfigTypes';
import { redactJson, redactText } from './redact';
import { describeNetworkFailure } from './networkFailure';

// Only undici's dispatcher stack, not its index (fetch, WebSocket, cache, mocks): halves what
// undici adds to the extension and CLI bundles (≈300 KB instead of ≈600 KB minified).
/* eslint-disable @typescript-eslint/no-require-imports */
const Agent = require('undici/lib/dispatcher/agent') as typeof UndiciAgent;
// undici's index installs request() on Dispatcher.prototype; without the index we call it ourselves.
const undiciRequest = require('undici/lib/api/api-request') as (this: Dispatcher, opts: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;
/* eslint-enable @typescript-eslint/no-require-imports */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type TransportOptions = {
  /** Receives one line per request (method, URL, status, time); never a header or a body. */
  logger?: (line: string) => void;
  /** Per-attempt time limit for ordinary calls (not watches), default 30 s. */
  timeoutMs?: number;
  retry?: { maxRetries?: number; baseDelayMs?: number; maxDelayMs?: number };
  env?: NodeJS.ProcessEnv;
  stdinIsTerminal?: boolean;
  userAgent?: string;
};

export type CallOptions = {
  method: HttpMethod;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  accept?: string;
  signal?: AbortSignal;
  /** Overrides the per-attempt timeout; 0 = none (watches end on the server's timeoutSeconds). */
  timeoutMs?: number;
};

export type StreamResponse = { statusCode: number; body: AsyncIterable<Buffer>; headers: Record<string, string | string[] | undefined> };

export class ClusterTransport {
  readonly server: URL;
  private readonly credentials: CredentialSource;
  private readonly dispatchers = new Map<string, Dispatcher>();
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private disposed = false;

  constructor(private readonly ctx: ResolvedContext, private readonly opts: TransportOptions = {}) {
    try {
      this.server = new URL(ctx.cluster.server);
    } catch {
      const server = redactText(ctx.cluster.server);
      throw new NetworkError(`server "${server}" of cluster "${ctx.cluster.name}" is not a URL`, { method: '', url: server });
    }
    this.credentials = new CredentialSource(ctx, { env: opts.env, stdinIsTerminal: opts.stdinIsTerminal });
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.maxRetries = opts.retry?.maxRetries ?? 4;
    this.baseDelayMs = opts.retry?.baseDelayMs ?? 250;
    this.maxDelayMs = opts.retry?.maxDelayMs ?? 10_000;
  }

  get credentialSource(): CredentialSource {
    return this.credentials;
  }

  url(path: string, query?: CallOptions['query']): string {
    const base = this.server.pathname.replace(/\/+$/, '');
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') params.set(k, String(v));
    const qs = params.toString();
    return `${base}${path}${qs ? `?${qs}` : ''}`;
  }

  private tlsOptions(execCert?: AppliedCredentials['execCert']): ConnectionOptions {
    const c = this.ctx.cluster;
    const u = this.ctx.user;
    const tls: ConnectionOptions = {};
    if (c.caPem) tls.ca = c.caPem;
    if (c.insecureSkipTlsVerify) tls.rejectUnauthorized = false;
    if (c.tlsServerName) tls.servername = c.tlsServerName;
    const cert = execCert?.certPem ?? u.clientCertPem;
    const key = execCert?.keyPem ?? u.clientKeyPem;
    if (cert && key) { tls.cert = cert; tls.key = key; }
    return tls;
  }

  private dispatcher(creds: AppliedCredentials): Dispatcher {
    if (this.disposed) throw new AbortedError('the cluster client was disposed');
    const key = creds.execCert ? creds.execCert.certPem : 'static';
    let d = this.dispatchers.get(key);
    if (d) return d;
    const connect = { ...this.tlsOptions(creds.execCert), timeout: 15_000 };
    const proxy = this.ctx.cluster.proxyUrl;
    if (proxy) {
      if (!/^https?:/i.test(proxy)) {
        throw new NetworkError(`proxy-url "${redactText(proxy)}" of cluster "${this.ctx.cluster.name}": only http and https proxies are supported`, { method: '', url: this.server.origin });
      }
      installConnectApi();
      // Loaded only when a cluster needs it: most never do, and every module counts at CLI start.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const ProxyAgent = require('undici/lib/dispatcher/proxy-agent') as typeof UndiciProxyAgent;
      d = new ProxyAgent({ uri: proxy, requestTls: connect, keepAliveTimeout: 30_000 });
    } else {
      d = new Agent({ connect, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 120_000 });
    }
    // An exec plugin that rotates its certificate leaves the old agent idle: close it.
    if (creds.execCert) for (const [k, old] of this.dispatchers) if (k !== 'static') { this.dispatchers.delete(k); void old.close(); }
    this.dispatchers.set(key, d);
    return d;
  }

  private log(line: string): void {
    this.opts.logger?.(redactText(line, this.credentials.secrets()));
  }

  /** Sends a call and answers with the response while its body is still unread (after retries). */
  private async send(call: CallOptions, stream: boolean): Promise<{ res: Dispatcher.ResponseData; started: number; fullUrl: string }> {
    const path = this.url(call.path, call.query);
    const fullUrl = `${this.server.origin}${path}`;
    const body = call.body === undefined ? undefined : typeof call.body === 'string' ? call.body : JSON.stringify(call.body);
    const isGet = call.method === 'GET';
    let retriedAuth = false;
    for (let attempt = 0; ; attempt++) {
      if (call.signal?.aborted) throw new AbortedError();
      const creds = await this.credentials.current(call.signal);
      const headers: Record<string, string> = {
        accept: call.accept ?? 'application/json',
        'user-agent': this.opts.userAgent ?? 'podpatch',
      };
      if (creds.authorization) headers.authorization = creds.authorization;
      if (body !== undefined) headers['content-type'] = call.contentType ?? 'application/json';
      const limit = call.timeoutMs ?? this.timeoutMs;
      const timeout = limit > 0 ? AbortSignal.timeout(limit) : undefined;
      const signals = [call.signal, timeout].filter((s): s is AbortSignal => !!s);
      const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
      const started = performance.now();
      let res: Dispatcher.ResponseData;
      try {
        res = await undiciRequest.call(this.dispatcher(creds), {
          origin: this.server.origin,
          path,
          method: call.method,
          headers,
          body,
          signal,
          headersTimeout: limit > 0 ? limit : 30_000,
          bodyTimeout: stream ? 0 : limit > 0 ? limit : 30_000,
        });
      } catch (err) {
        if (call.signal?.aborted) throw new AbortedError();
        if (err instanceof AbortedError || err instanceof NetworkError) throw err;
        const timedOut = !!timeout?.aborted;
        const message = timedOut ? `no answer within ${limit / 1000}s` : describeNetworkFailure(err, this.ctx);
        const resettable = isGet && !timedOut && isConnectionReset(err) && attempt < this.maxRetries;
        this.log(`${call.method} ${fullUrl} failed after ${Math.round(performance.now() - started)}ms: ${message}${resettable ? ' (retrying)' : ''}`);
        if (resettable) continue;
        throw this.scrub(new NetworkError(`${call.method} ${fullUrl}: ${message}`, { cause: err, method: call.method, url: fullUrl }));
      }
      const status = res.statusCode;
      if (status === 401 && !retriedAuth && (await this.credentials.refreshAfterUnauthorized(creds))) {
        retriedAuth = true;
        await res.body.dump();
        this.log(`${call.method} ${fullUrl} 401 ${Math.round(performance.now() - started)}ms (credentials refreshed, retrying once)`);
        attempt--;
        continue;
      }
      if (isGet && (status === 429 || status === 503) && attempt < this.maxRetries) {
        const text = await res.body.text().catch(() => '');
        const after = parseRetryAfter(res.headers['retry-after']) ?? retryAfterFromStatus(text);
        const wait = Math.min(this.maxDelayMs, after ?? backoffDelay(attempt, { baseMs: this.baseDelayMs, maxMs: this.maxDelayMs }));
        this.log(`${call.method} ${fullUrl} ${status} ${Math.round(performance.now() - started)}ms (retry ${attempt + 1}/${this.maxRetries} in ${wait}ms)`);
        await sleep(wait, call.signal);
        continue;
      }
      return { res, started, fullUrl };
    }
  }

  /** One JSON call; a non-2xx answer throws ApiError with the server's Status. */
  async requestJson<T>(call: CallOptions): Promise<T> {
    const { res, started, fullUrl } = await this.send(call, false);
    let text: string;
    try {
      text = await res.body.text();
    } catch (err) {
      if (call.signal?.aborted) throw new AbortedError();
      throw this.scrub(new NetworkError(`${call.method} ${fullUrl}: the answer was cut off (${(err as Error).message})`, { cause: err, method: call.method, url: fullUrl }));
    }
    this.log(`${call.method} ${fullUrl} ${res.statusCode} ${Math.round(performance.now() - started)}ms`);
    if (res.statusCode < 200 || res.statusCode >= 300) throw this.scrub(apiErrorFromResponse(res.statusCode, text, call.method, fullUrl));
    try {
      return (text ? JSON.parse(text) : undefined) as T;
    } catch (err) {
      throw this.scrub(new NetworkError(`${call.method} ${fullUrl}: the answer is not JSON (${(err as Error).message})`, { cause: err, method: call.method, url: fullUrl }));
    }
  }

  /** A streaming GET (watch): resolves once headers arrive; the body ends when the server or the signal ends it. */
  async stream(call: CallOptions): Promise<StreamResponse> {
    const { res, started, fullUrl } = await this.send({ ...call, timeoutMs: call.timeoutMs ?? 0 }, true);
    this.log(`${call.method} ${fullUrl} ${res.statusCode} ${Math.round(performance.now() - started)}ms (stream)`);
    if (res.statusCode < 200 || res.statusCode >= 300) {
      const text = await res.body.text().catch(() => '');
      throw this.scrub(apiErrorFromResponse(res.statusCode, text, call.method, fullUrl));
    }
    return { statusCode: res.statusCode, body: res.body as AsyncIterable<Buffer>, headers: res.headers };
  }

  /** Errors leave the transport redacted: their text may quote the server URL or an answer echoing credentials. */
  private scrub<E extends ApiError | NetworkError>(err: E): E {
    const secrets = this.credentials.secrets();
    err.message = redactText(err.message, secrets);
    if (err instanceof ApiError) {
      for (const c of err.causes) { c.message = redactText(c.message, secrets); c.field = redactText(c.field, secrets); }
      if (err.status) (err as { status?: Status }).status = redactJson(err.status, secrets);
    }
    return err;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const all = [...this.dispatchers.values()];
    this.dispatchers.clear();
    await Promise.all(all.map((d) => d.destroy().catch(() => undefined)));
  }
}

/** ProxyAgent opens its CONNECT tunnel with Dispatcher#connect, which undici's index installs (as here). */
function installConnectApi(): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const proto = (require('undici/lib/dispatcher/dispatcher') as { prototype: Record<string, unknown> }).prototype;
  if (typeof proto.connect !== 'function') proto.connect = require('undici/lib/api/api-connect');
  /* eslint-enable @typescript-eslint/no-require-imports */
}

function isConnectionReset(err: unknown): boolean {
  const code = (err as { code?: string })?.code ?? (err as { cause?: { code?: string } })?.cause?.code;
  return code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE';
}

function retryAfterFromStatus(text: string): number | undefined {
  try {
    const s = JSON.parse(text) as { details?: { retryAfterSeconds?: number } };
    const v = s?.details?.retryAfterSeconds;
    return typeof v === 'number' ? v * 1000 : undefined;
  } catch {
    return undefined;
  }
}
