// Typed failures of cluster calls: an ApiError when the server answered with an error (carrying
// its metav1.Status), a NetworkError when no usable answer came back (with the low-level cause).

export type StatusCause = { reason: string; message: string; field: string };

/** The metav1.Status a Kubernetes API server returns with every failed call. */
export type Status = {
  kind?: string;
  apiVersion?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; group?: string; kind?: string; uid?: string; causes?: Partial<StatusCause>[]; retryAfterSeconds?: number };
  [k: string]: unknown;
};

export class ApiError extends Error {
  override name = 'ApiError';
  readonly code: number;
  readonly reason: string;
  readonly status?: Status;
  readonly causes: StatusCause[];
  readonly method: string;
  readonly url: string;

  constructor(opts: { code: number; reason: string; message: string; status?: Status; method: string; url: string }) {
    super(opts.message);
    this.code = opts.code;
    this.reason = opts.reason;
    this.status = opts.status;
    this.method = opts.method;
    this.url = opts.url;
    this.causes = (opts.status?.details?.causes ?? []).map((c) => ({
      reason: c.reason ?? '',
      message: c.message ?? '',
      field: c.field ?? '',
    }));
  }
}

export class NetworkError extends Error {
  override name = 'NetworkError';
  readonly method: string;
  readonly url: string;
  constructor(message: string, opts: { cause?: unknown; method: string; url: string }) {
    super(message, { cause: opts.cause });
    this.method = opts.method;
    this.url = opts.url;
  }
}

/** Thrown when the caller's AbortSignal fired; kept distinct so callers can stay quiet about it. */
export class AbortedError extends Error {
  override name = 'AbortError';
  constructor(message = 'the request was cancelled') {
    super(message);
  }
}

// The reason a server would use for a bare status code, for answers that carry no Status body
// (proxies, load balancers); same table as apimachinery's NewGenericServerResponse.
const reasonByCode: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Expired',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

export function reasonForCode(code: number): string {
  return reasonByCode[code] ?? (code >= 500 ? 'InternalError' : 'Unknown');
}

/** Builds the ApiError for a non-2xx answer from its raw body (a Status when the server is Kubernetes). */
export function apiErrorFromResponse(code: number, body: string, method: string, url: string): ApiError {
  let status: Status | undefined;
  try {
    const parsed = JSON.parse(body) as unknown;
    if (parsed && typeof parsed === 'object' && (parsed as Status).kind === 'Status') status = parsed as Status;
  } catch {
    // not JSON: a proxy's HTML page or plain text; keep a short excerpt as the message
  }
  const reason = status?.reason || reasonForCode(code);
  const text = body.trim().slice(0, 300);
  const message = status?.message || (text ? `${reason} (${code}): ${text}` : `${reason} (${code})`);
  return new ApiError({ code, reason, message, status, method, url });
}

/** One line for a person: the server's message plus each cause as `field: message`. */
export function describeApiError(err: ApiError): string {
  const lines = [`${err.message} (${err.code} ${err.reason})`];
  for (const c of err.causes) lines.push(`  ${c.field ? c.field + ': ' : ''}${c.message || c.reason}`);
  return lines.join('\n');
}
