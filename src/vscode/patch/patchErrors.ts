// What went wrong with a call to the cluster, in the terms the patch features act on: a 409 is
// rebased, a 422 is placed on the buffer, a network failure is retried, a cancel is quiet.
import { AbortedError, ApiError, NetworkError, describeApiError } from '../../core/cluster/apiError';

export type PatchFailure =
  | { kind: 'conflict'; message: string }
  | { kind: 'invalid'; message: string; causes: { reason: string; message: string; field: string }[] }
  | { kind: 'network'; message: string }
  | { kind: 'cancelled' }
  | { kind: 'api'; code: number; message: string }
  | { kind: 'other'; message: string };

export function classifyFailure(err: unknown): PatchFailure {
  if (err instanceof AbortedError || (err instanceof Error && (err.name === 'AbortError' || err.name === 'Canceled'))) return { kind: 'cancelled' };
  if (err instanceof ApiError) {
    if (err.code === 409) return { kind: 'conflict', message: err.message };
    if (err.code === 422) return { kind: 'invalid', message: err.message, causes: err.causes };
    return { kind: 'api', code: err.code, message: describeApiError(err) };
  }
  if (err instanceof NetworkError) return { kind: 'network', message: err.message };
  return { kind: 'other', message: err instanceof Error ? err.message : String(err) };
}
