// The pod as it travels on the wire (v1 JSON, camelCase, omitempty): a loose type on purpose, because
// edited manifests may hold anything and the rules must report on it rather than refuse to type it.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: unknown };

export type PodMetadata = {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string | null;
  deletionTimestamp?: string | null;
  deletionGracePeriodSeconds?: number | null;
  labels?: Record<string, string> | null;
  annotations?: Record<string, string> | null;
  finalizers?: string[] | null;
  ownerReferences?: unknown[] | null;
  managedFields?: unknown[] | null;
  selfLink?: string;
  [key: string]: unknown;
};

export type Container = {
  name?: string;
  image?: string;
  [key: string]: unknown;
};

export type Toleration = {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number | null;
  [key: string]: unknown;
};

export type PodSpec = {
  containers?: Container[] | null;
  initContainers?: Container[] | null;
  ephemeralContainers?: Container[] | null;
  activeDeadlineSeconds?: number | null;
  terminationGracePeriodSeconds?: number | null;
  tolerations?: Toleration[] | null;
  schedulingGates?: { name?: string; [key: string]: unknown }[] | null;
  nodeSelector?: Record<string, string> | null;
  affinity?: JsonObject | null;
  [key: string]: unknown;
};

export type Pod = {
  apiVersion?: string;
  kind?: string;
  metadata?: PodMetadata;
  spec?: PodSpec;
  status?: unknown;
  [key: string]: unknown;
};

export function isPlainObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A structural deep copy of a JSON value (pods never hold functions, dates or cycles). Hand-written
 * because structuredClone is several times slower on plain JSON, and rules clone on every keystroke.
 */
export function cloneJson<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(cloneJson) as T;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = cloneJson((v as Record<string, unknown>)[k]);
  return out as T;
}
