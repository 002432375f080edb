// The Kubernetes releases whose pod update rules podpatch models (1.29 ... 1.37), the feature gates
// that change those rules with each release's default, and what follows from a version + gates.
// Gate defaults were read from `pkg/features/kube_features.go` of each release: v1.29.0/1.30.0/1.31.0
// vendored in ceph/ceph-csi (e5d9b68d, e727bd35, 5a66991b), v1.32.5/1.33.3/1.34.1/1.35.7 in
// openshift-kni/scheduler-plugins (0aead655, 0c967825, 313dff1c, 2117d3e3), 1.36/1.37 from k/k
// master snapshots vendored in kubernetes-sigs/provider-aws-test-infra (552494d5, ad3a0ece).

export const OLDEST_MINOR = 29;
export const NEWEST_MINOR = 37;

export const POD_UPDATE_GATES = [
  'InPlacePodVerticalScaling',
  'PodSchedulingReadiness',
  'SidecarContainers',
  'PodLevelResources',
  'InPlacePodLevelResourcesVerticalScaling',
  'TaintTolerationComparisonOperators',
  'InPlacePodVerticalScalingInitContainers',
  'InPlacePodVerticalScalingMemoryBackedVolumes',
  'UserNamespacesSupport',
] as const;
export type PodUpdateGate = (typeof POD_UPDATE_GATES)[number];

/** [first minor, default] steps; `locked` is the minor from which the gate is GA and locked to its default. */
const GATES: Record<PodUpdateGate, { steps: [number, boolean][]; locked?: number }> = {
  InPlacePodVerticalScaling: { steps: [[27, false], [33, true]], locked: 35 },
  PodSchedulingReadiness: { steps: [[27, true]], locked: 30 },
  SidecarContainers: { steps: [[28, false], [29, true]], locked: 33 },
  PodLevelResources: { steps: [[32, false], [34, true]] },
  InPlacePodLevelResourcesVerticalScaling: { steps: [[35, false], [36, true]] },
  TaintTolerationComparisonOperators: { steps: [[35, false]] },
  InPlacePodVerticalScalingInitContainers: { steps: [[36, true]], locked: 37 },
  InPlacePodVerticalScalingMemoryBackedVolumes: { steps: [[37, false]] },
  // v1.31.14 and v1.33.13 kube_features.go (Go module cache): beta off from 1.30, on from 1.33.
  UserNamespacesSupport: { steps: [[25, false], [33, true]] },
};

export type GateValues = Record<PodUpdateGate, boolean>;

export function gateDefaults(minor: number): GateValues {
  const out = {} as GateValues;
  for (const g of POD_UPDATE_GATES) {
    let value = false;
    for (const [from, v] of GATES[g].steps) if (minor >= from) value = v;
    out[g] = value;
  }
  return out;
}

/** `--feature-gates A=true,B=false`, as the Kubernetes components spell it. Throws on a malformed pair. */
export function parseFeatureGates(text: string): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([A-Za-z0-9]+)=(true|false)$/i.exec(part);
    if (!m) throw new Error(`invalid feature gate "${part}": expected Name=true or Name=false`);
    out[m[1]] = m[2].toLowerCase() === 'true';
  }
  return out;
}

/** Upstream's refusal to override a locked gate, or undefined when the overrides are acceptable. */
export function lockedGateError(minor: number, overrides: Record<string, boolean>): string | undefined {
  for (const [name, value] of Object.entries(overrides)) {
    const gate = GATES[name as PodUpdateGate];
    if (gate?.locked !== undefined && minor >= gate.locked) {
      const def = gateDefaults(minor)[name as PodUpdateGate];
      if (value !== def) return `cannot set feature gate ${name} to ${value}, feature is locked to ${def}`;
    }
  }
  return undefined;
}

/** "1.35", "v1.35.2", "v1.35.0-gke.100" → 35 (major must be 1); undefined for anything else. */
export function parseMinor(version: string | undefined): number | undefined {
  const m = /^v?1\.(\d+)(?:[.+-].*)?$/.exec((version ?? '').trim());
  return m ? Number(m[1]) : undefined;
}

/** The modelled release closest to `minor`: older releases get the oldest rules, newer the newest. */
export function modelledMinor(minor: number | undefined): { minor: number; fellBack: boolean } {
  if (minor === undefined) return { minor: NEWEST_MINOR, fellBack: false };
  if (minor > NEWEST_MINOR) return { minor: NEWEST_MINOR, fellBack: true };
  if (minor < OLDEST_MINOR) return { minor: OLDEST_MINOR, fellBack: true };
  return { minor, fellBack: false };
}

/** What one server (release + gates) does differently; every rule reads these, never the version. */
export type ServerRules = {
  minor: number;
  gates: GateValues;
  /** pods/resize is served (1.33+, or 1.32 with InPlacePodVerticalScaling), or discovery said so. */
  servesResize: boolean;
  /** ≤1.31 with InPlacePodVerticalScaling: cpu/memory of containers change on the main resource. */
  mainResourceResize: boolean;
  /** ≤1.31: any spec change that alters the QoS class is "metadata: Pod QoS is immutable". */
  qosImmutableOnUpdate: boolean;
  /** Gated pods may gain nodeSelector/nodeAffinity (1.29 only with PodSchedulingReadiness). */
  gatedSchedulingMutable: boolean;
  /** 1.34+: the catch-all's diff is a unified diff of indented JSON instead of go-cmp's. */
  unifiedDiff: boolean;
  /** 1.35+: ValidateTolerations knows Lt/Gt (allowed with the gate or when the old pod uses them). */
  tolerationComparisonOperators: boolean;
  /** 1.33+: required node affinity values must be label values (ratcheting on the old pod). */
  validatesNodeAffinityValues: boolean;
};

export type ServerSettings = {
  /** "1.35" or a gitVersion; undefined = the newest modelled release. */
  serverVersion?: string;
  featureGates?: Record<string, boolean>;
  /** What discovery said about pods/resize, when known; wins over the release's default. */
  resizeServed?: boolean;
};

const cache = new Map<string, ServerRules>();

/** The rules of one server, memoised: the re-lint path calls this on every keystroke. */
export function serverRules(settings: ServerSettings = {}): ServerRules {
  const key = `${settings.serverVersion ?? ''}|${settings.resizeServed ?? ''}|${settings.featureGates ? JSON.stringify(settings.featureGates) : ''}`;
  let rules = cache.get(key);
  if (!rules) {
    rules = computeRules(settings);
    if (cache.size > 100) cache.clear();
    cache.set(key, rules);
  }
  return rules;
}

function computeRules(settings: ServerSettings): ServerRules {
  const { minor } = modelledMinor(parseMinor(settings.serverVersion));
  const gates = gateDefaults(minor);
  for (const [name, value] of Object.entries(settings.featureGates ?? {})) {
    const gate = GATES[name as PodUpdateGate];
    // A locked gate cannot be overridden on a real server; unknown gates change nothing here.
    if (gate && !(gate.locked !== undefined && minor >= gate.locked)) gates[name as PodUpdateGate] = value;
  }
  const releaseServesResize = minor >= 33 || (minor === 32 && gates.InPlacePodVerticalScaling);
  return {
    minor,
    gates,
    servesResize: settings.resizeServed ?? releaseServesResize,
    mainResourceResize: minor <= 31 && gates.InPlacePodVerticalScaling,
    qosImmutableOnUpdate: minor <= 31,
    gatedSchedulingMutable: minor >= 30 || gates.PodSchedulingReadiness,
    unifiedDiff: minor >= 34,
    tolerationComparisonOperators: minor >= 35,
    validatesNodeAffinityValues: minor >= 33,
  };
}

export function versionLabel(rules: ServerRules): string {
  return `1.${rules.minor}`;
}
