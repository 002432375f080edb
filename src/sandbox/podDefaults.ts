// What a real API server fills in when a pod is created (v1 defaulting funcs, the
// DefaultTolerationSeconds admission plugin, the QoS class computed at creation), limited to what
// the seed's response shows for the CCI profile; the kubernetes profile adds the newer defaults.
import { randomBytes, randomUUID } from 'node:crypto';
import type { JsonObject } from '../core/pod';
import type { Profile } from '../core/rules/profile';
import { computePodQos } from '../core/rules/podQos';

type Container = JsonObject & { image?: string; resources?: { limits?: Record<string, string>; requests?: Record<string, string> } };

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789'; // upstream's generator avoids vowels and look-alikes

export function generateNameSuffix(): string {
  const bytes = randomBytes(5);
  return Array.from(bytes, (b) => NAME_ALPHABET[b % NAME_ALPHABET.length]).join('');
}

/** imagePullPolicy default: Always for `:latest` or an untagged image, IfNotPresent otherwise. */
export function defaultPullPolicy(image: string | undefined): string {
  if (!image) return 'IfNotPresent';
  const withoutDigest = image.split('@')[0];
  if (image.includes('@')) return 'IfNotPresent';
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  const tag = colon >= 0 ? withoutDigest.slice(colon + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainer(c: Container): Container {
  const out: Container = { ...c };
  if (out.resources?.limits && !out.resources.requests) {
    // Requests default to limits (SetDefaults_ResourceRequirements via the pod defaulter).
    out.resources = { ...out.resources, requests: { ...out.resources.limits } };
  } else if (out.resources?.limits && out.resources.requests) {
    const requests = { ...out.resources.requests };
    for (const [k, v] of Object.entries(out.resources.limits)) if (!(k in requests)) requests[k] = v;
    out.resources = { ...out.resources, requests };
  }
  if (out.terminationMessagePath === undefined) out.terminationMessagePath = '/dev/termination-log';
  if (out.terminationMessagePolicy === undefined) out.terminationMessagePolicy = 'File';
  if (out.imagePullPolicy === undefined) out.imagePullPolicy = defaultPullPolicy(out.image);
  if (Array.isArray(out.ports)) out.ports = (out.ports as JsonObject[]).map((p) => ({ ...p, protocol: p.protocol ?? 'TCP' }));
  return out;
}

/** Upstream's QoS class at creation (the core's ComputePodQOS on the decoded spec). */
export function qosClass(spec: JsonObject, podLevelResources = true): string {
  return computePodQos({ spec }, podLevelResources);
}

const DEFAULT_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

/**
 * The v1 SetDefaults_* functions, which the API server runs on every decode (create, update and the
 * result of a patch): a merge patch that replaces the container list still gets its containers'
 * pull policy and termination message fields back before validation. Limited to the defaults the
 * seed's pod shows, so the seed's pod compares equal to its defaulted self.
 */
export function decodeDefaultedSpec(input: unknown): JsonObject {
  const spec: JsonObject = { ...((input as JsonObject | undefined) ?? {}) };
  if (Array.isArray(spec.containers)) spec.containers = (spec.containers as Container[]).map(defaultContainer);
  if (Array.isArray(spec.initContainers)) spec.initContainers = (spec.initContainers as Container[]).map(defaultContainer);
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  return spec;
}

/** Returns a new pod with the server's create-time defaults applied (the input is not changed). */
export function applyCreateDefaults(pod: JsonObject, namespace: string, profile: Profile, now: Date, podLevelResources = true): JsonObject {
  const meta = { ...(pod.metadata as JsonObject) };
  if (!meta.name && typeof meta.generateName === 'string' && meta.generateName) meta.name = meta.generateName + generateNameSuffix();
  meta.namespace = namespace;
  meta.uid = randomUUID();
  meta.creationTimestamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  delete meta.resourceVersion;
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  if (profile === 'cci') meta.selfLink = `/api/v1/namespaces/${namespace}/pods/${meta.name as string}`;
  else { delete meta.selfLink; meta.generation = 1; }

  const spec = decodeDefaultedSpec(pod.spec);
  const tolerations = [...((spec.tolerations as JsonObject[]) ?? [])];
  for (const t of DEFAULT_TOLERATIONS) {
    // DefaultTolerationSeconds adds these unless the pod already tolerates the taint.
    if (!tolerations.some((x) => x.key === t.key && (x.effect === t.effect || !x.effect))) tolerations.push({ ...t });
  }
  spec.tolerations = tolerations;
  if (profile === 'kubernetes') {
    spec.serviceAccountName ??= 'default';
    spec.serviceAccount ??= spec.serviceAccountName;
    spec.enableServiceLinks ??= true;
    spec.priority ??= 0;
    spec.preemptionPolicy ??= 'PreemptLowerPriority';
  }

  const defaulted: JsonObject = { kind: 'Pod', apiVersion: 'v1', metadata: meta, spec };
  defaulted.status = { phase: 'Pending', qosClass: qosClass(spec, podLevelResources) };
  return defaulted;
}
