// Upstream's strategic merge patch errors (k8s.io/apimachinery/pkg/util/mergepatch/errors.go) with
// the HTTP status the API server answers them with (interpretStrategicMergePatchError in
// k8s.io/apiserver/pkg/endpoints/handlers/patch.go: the format errors are 400, lists of lists and a
// retainKeys mismatch 422, every other error is not a Status and so a 500 with reason Unknown).
import { goFormat, goTypeName } from './goValues';

export class StrategicMergePatchError extends Error {
  /** `panicked`: upstream panics on this input (Go's `==` on two maps, ...); the server answers a bare 500. */
  constructor(message: string, readonly httpStatus: 400 | 422 | 500 = 500, readonly panicked = false) {
    super(message);
  }
}

export const errBadPatchFormatForPrimitiveList = () => new StrategicMergePatchError('invalid patch format of primitive list', 400);
export const errBadPatchFormatForRetainKeys = () => new StrategicMergePatchError('invalid patch format of retainKeys', 400);
export const errBadPatchFormatForSetElementOrderList = () => new StrategicMergePatchError('invalid patch format of setElementOrder list', 400);
export const errNoListOfLists = () => new StrategicMergePatchError('lists of lists are not supported', 422);

export function errNoMergeKey(m: unknown, key: string): StrategicMergePatchError {
  return new StrategicMergePatchError(`map: ${goFormat(m)} does not contain declared merge key: ${key}`);
}

/** ErrBadArgType(expected, actual): `expected` is always a map or a list in the callers. */
export function errBadArgType(expected: 'map' | 'slice', actual: unknown): StrategicMergePatchError {
  return new StrategicMergePatchError(`expected a ${expected === 'map' ? 'map[string]interface {}' : '[]interface {}'}, but received a ${goTypeName(actual)}`);
}

export function errBadPatchType(directive: unknown, m: unknown): StrategicMergePatchError {
  const shown = typeof directive === 'string' ? directive : `%!s(${goTypeName(directive) === '%!s(<nil>)' ? '<nil>' : `${goTypeName(directive)}=${goFormat(directive)}`})`;
  return new StrategicMergePatchError(`unknown patch type: ${shown} in map: ${goFormat(m)}`);
}

export function errOther(message: string): StrategicMergePatchError {
  return new StrategicMergePatchError(message);
}
