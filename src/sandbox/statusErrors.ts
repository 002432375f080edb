// metav1.Status failures in upstream's exact shapes (k8s.io/apimachinery/pkg/api/errors): thrown
// by handlers as ApiStatusError and written by the router with the matching HTTP code.

export type StatusCause = { reason?: string; message: string; field?: string };

export type StatusBody = {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[]; retryAfterSeconds?: number };
  code: number;
};

export class ApiStatusError extends Error {
  constructor(readonly status: StatusBody, readonly headers: Record<string, string> = {}) {
    super(status.message);
  }
  get code(): number { return this.status.code; }
}

function status(code: number, reason: string, message: string, details?: StatusBody['details']): StatusBody {
  const body: StatusBody = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) {
    // Upstream puts `details` between reason and code; keep that order in the JSON.
    const { code: _c, ...rest } = body;
    return { ...rest, details, code } as StatusBody;
  }
  return body;
}

export function notFound(resource: string, name: string): ApiStatusError {
  return new ApiStatusError(status(404, 'NotFound', `${resource} "${name}" not found`, { name, kind: resource }));
}

export function alreadyExists(resource: string, name: string): ApiStatusError {
  return new ApiStatusError(status(409, 'AlreadyExists', `${resource} "${name}" already exists`, { name, kind: resource }));
}

export function conflict(resource: string, name: string): ApiStatusError {
  return new ApiStatusError(status(409, 'Conflict',
    `Operation cannot be fulfilled on ${resource} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, kind: resource }));
}

export function conflictWith(resource: string, name: string, reason: string): ApiStatusError {
  return new ApiStatusError(status(409, 'Conflict', `Operation cannot be fulfilled on ${resource} "${name}": ${reason}`, { name, kind: resource }));
}

export function badRequest(message: string): ApiStatusError {
  return new ApiStatusError(status(400, 'BadRequest', message));
}

/** `errors.NewRequestEntityTooLargeError`: 413, `Request entity too large: <message>`. */
export function requestEntityTooLarge(message: string): ApiStatusError {
  return new ApiStatusError(status(413, 'RequestEntityTooLarge', `Request entity too large: ${message}`));
}

export function unauthorized(): ApiStatusError {
  return new ApiStatusError(status(401, 'Unauthorized', 'Unauthorized'));
}

export function methodNotAllowed(): ApiStatusError {
  return new ApiStatusError(status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'));
}

export function notAcceptable(): ApiStatusError {
  return new ApiStatusError(status(406, 'NotAcceptable',
    'only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf'));
}

export function unsupportedMediaType(accepted: string[]): ApiStatusError {
  return new ApiStatusError(status(415, 'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`));
}

/**
 * PATCH with a content type no patch type has: go-restful's route (`Consumes` of the patch types)
 * refuses it before kube's handler, and kube's service error handler wraps go-restful's text in a
 * generic Status (a v1.37.2 server answered exactly this; POST/PUT answer unsupportedMediaType).
 */
export function unsupportedPatchType(): ApiStatusError {
  return new ApiStatusError(status(415, 'UnsupportedMediaType', '415: Unsupported Media Type', {}));
}

/** errors.NewInvalid(schema.GroupKind{}, "", field.Invalid(field.NewPath("patch"), value, err)). */
export function patchNotDecodable(value: string, error: string): ApiStatusError {
  const body = `Invalid value: ${JSON.stringify(value)}: ${error}`;
  return new ApiStatusError(status(422, 'Invalid', ` "" is invalid: patch: ${body}`, { causes: [{ reason: 'FieldValueInvalid', message: body, field: 'patch' }] }));
}

export function pathNotFound(): ApiStatusError {
  return new ApiStatusError(status(404, 'NotFound', 'the server could not find the requested resource', {}));
}

/** `errors.NewInvalid`: 422 with one cause per field error; the message aggregates de-duplicated errors. */
export function invalid(kind: string, name: string, errors: { field: string; type: string; body: string }[]): ApiStatusError {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const e of errors) {
    const line = e.field ? `${e.field}: ${e.body}` : e.body;
    if (!seen.has(line)) { seen.add(line); lines.push(line); }
  }
  const aggregate = lines.length === 1 ? lines[0] : `[${lines.join(', ')}]`;
  return new ApiStatusError(status(422, 'Invalid', `${kind} "${name}" is invalid: ${aggregate}`, {
    name, kind, causes: errors.map((e) => ({ reason: e.type, message: e.body, field: e.field })),
  }));
}

export function gone(message: string): StatusBody {
  return status(410, 'Expired', message);
}

export function internalError(message: string): ApiStatusError {
  return new ApiStatusError(status(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] }));
}

export function tooManyRequests(retryAfter: number): ApiStatusError {
  return new ApiStatusError(status(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds: retryAfter }),
    { 'retry-after': String(retryAfter) });
}

export function serviceUnavailable(retryAfter?: number): ApiStatusError {
  return new ApiStatusError(status(503, 'ServiceUnavailable', 'The server is currently unable to handle the request',
    retryAfter ? { retryAfterSeconds: retryAfter } : undefined), retryAfter ? { 'retry-after': String(retryAfter) } : {});
}
