// The v1 defaults the API server applies to a pod's spec when it decodes a body (SetObjectDefaults_Pod),
// so that the catch-all's diff shows what upstream marshals: a removed defaulted field comes back,
// a probe gains its thresholds, a quantity is rounded to milli-units. Read in k8s.io/kubernetes
// v1.35.4 and v1.37.2 pkg/apis/core/v1 (defaults.go, zz_generated.defaults.go). Works on a copy.
import { cloneJson, isPlainObject, type JsonObject, type PodSpec } from '../pod';
import { canonicalQuantity, parseQuantityText, quantityString, type ParsedQuantity } from './quantityString';

export type DefaultingOptions = {
  minor: number;
  /** 1.37's internal PodSpec keeps DeprecatedServiceAccount, and SetDefaults_PodSpec syncs the two names. */
  syncsServiceAccount: boolean;
};

type Obj = JsonObject;
const objects = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isPlainObject) : []);
const child = (o: Obj, key: string): Obj | undefined => (isPlainObject(o[key]) ? (o[key] as Obj) : undefined);
const unset = (v: unknown): boolean => v === undefined || v === null;
const empty = (v: unknown): boolean => unset(v) || v === '' || v === 0 || v === false;
function def(o: Obj | undefined, key: string, value: unknown, isUnset: (v: unknown) => boolean = empty): void {
  if (o && isUnset(o[key])) o[key] = value;
}

export function defaultPodSpec(spec: PodSpec, opts: DefaultingOptions): PodSpec {
  const s = cloneJson(spec) as Obj;
  setDefaultsPod(s, opts);
  setDefaultsPodSpec(s, opts);
  for (const v of objects(s.volumes)) defaultVolume(v, opts);
  for (const field of ['initContainers', 'containers', 'ephemeralContainers']) for (const c of objects(s[field])) defaultContainer(c);
  roundResourceList(s, 'overhead');
  const resources = child(s, 'resources');
  if (resources) { roundResourceList(resources, 'limits'); roundResourceList(resources, 'requests'); }
  return s as PodSpec;
}

/** SetDefaults_Pod: the Pod-only defaults (negative grace period, requests from limits, service links, host ports). */
function setDefaultsPod(s: Obj, opts: DefaultingOptions): void {
  if (typeof s.terminationGracePeriodSeconds === 'number' && s.terminationGracePeriodSeconds < 0) s.terminationGracePeriodSeconds = 1;
  for (const field of ['containers', 'initContainers']) {
    for (const c of objects(s[field])) {
      const r = child(c, 'resources');
      const limits = r && child(r, 'limits');
      if (!r || !limits) continue;
      const requests = child(r, 'requests') ?? (r.requests = {});
      for (const [k, v] of Object.entries(limits)) if (!(k in requests)) requests[k] = cloneJson(v);
    }
  }
  // PodLevelResources (on from 1.34) defaulted pod-level requests here until PodLevelResourcesFixDefaulting (1.37, on).
  if (opts.minor >= 34 && opts.minor <= 36) {
    defaultHugePagePodLimits(s);
    defaultPodRequests(s);
  }
  def(s, 'enableServiceLinks', true, unset);
  if (s.hostNetwork === true) {
    for (const field of ['containers', 'initContainers']) {
      for (const c of objects(s[field])) for (const p of objects(c.ports)) def(p, 'hostPort', p.containerPort);
    }
  }
}

function setDefaultsPodSpec(s: Obj, opts: DefaultingOptions): void {
  if (opts.syncsServiceAccount) {
    def(s, 'serviceAccountName', s.serviceAccount);
    if (s.serviceAccountName === undefined) delete s.serviceAccount;
    else s.serviceAccount = s.serviceAccountName;
  }
  def(s, 'dnsPolicy', 'ClusterFirst');
  def(s, 'restartPolicy', 'Always');
  def(s, 'securityContext', {}, unset);
  def(s, 'terminationGracePeriodSeconds', 30, unset);
  def(s, 'schedulerName', 'default-scheduler');
}

function defaultVolume(v: Obj, opts: DefaultingOptions): void {
  // SetDefaults_Volume: a volume with no source is an emptyDir (every other key is a VolumeSource pointer).
  if (Object.entries(v).every(([k, x]) => k === 'name' || unset(x))) v.emptyDir = {};
  const image = child(v, 'image');
  if (image && opts.minor >= 35) def(image, 'pullPolicy', imageTag(image.reference) === 'latest' ? 'Always' : 'IfNotPresent');
  def(child(v, 'hostPath'), 'type', '', unset);
  def(child(v, 'secret'), 'defaultMode', 420, unset);
  def(child(v, 'iscsi'), 'iscsiInterface', 'default');
  const rbd = child(v, 'rbd');
  def(rbd, 'pool', 'rbd');
  def(rbd, 'user', 'admin');
  def(rbd, 'keyring', '/etc/ceph/keyring');
  const downwardAPI = child(v, 'downwardAPI');
  def(downwardAPI, 'defaultMode', 420, unset);
  for (const item of objects(downwardAPI?.items)) def(child(item, 'fieldRef'), 'apiVersion', 'v1');
  def(child(v, 'configMap'), 'defaultMode', 420, unset);
  const azureDisk = child(v, 'azureDisk');
  def(azureDisk, 'cachingMode', 'ReadWrite', unset);
  def(azureDisk, 'fsType', 'ext4', unset);
  def(azureDisk, 'readOnly', false, unset);
  def(azureDisk, 'kind', 'Shared', unset);
  const projected = child(v, 'projected');
  def(projected, 'defaultMode', 420, unset);
  for (const source of objects(projected?.sources)) {
    for (const item of objects(child(source, 'downwardAPI')?.items)) def(child(item, 'fieldRef'), 'apiVersion', 'v1');
    def(child(source, 'serviceAccountToken'), 'expirationSeconds', 3600, unset);
  }
  const scaleIO = child(v, 'scaleIO');
  def(scaleIO, 'storageMode', 'ThinProvisioned');
  def(scaleIO, 'fsType', 'xfs');
  // The claim template's Spec is a struct, so its defaults apply even when the body has none.
  const template = child(child(v, 'ephemeral') ?? {}, 'volumeClaimTemplate');
  if (template) {
    const spec = child(template, 'spec') ?? (template.spec = {});
    def(spec, 'volumeMode', 'Filesystem', unset);
    const r = child(spec, 'resources');
    if (r) { roundResourceList(r, 'limits'); roundResourceList(r, 'requests'); }
  }
}

/** SetDefaults_Container and the generated defaults under a container (ports, env, resources, probes, lifecycle). */
function defaultContainer(c: Obj): void {
  def(c, 'imagePullPolicy', imageTag(c.image) === 'latest' ? 'Always' : 'IfNotPresent');
  def(c, 'terminationMessagePath', '/dev/termination-log');
  def(c, 'terminationMessagePolicy', 'File');
  for (const p of objects(c.ports)) def(p, 'protocol', 'TCP');
  for (const e of objects(c.env)) {
    const from = child(e, 'valueFrom');
    if (!from) continue;
    def(child(from, 'fieldRef'), 'apiVersion', 'v1');
    def(child(from, 'fileKeyRef'), 'optional', false, unset);
  }
  // The decoder always fills the Resources struct; only its lists are rounded.
  const r = child(c, 'resources');
  if (r) { roundResourceList(r, 'limits'); roundResourceList(r, 'requests'); }
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const p = child(c, probe);
    if (!p) continue;
    def(p, 'timeoutSeconds', 1);
    def(p, 'periodSeconds', 10);
    def(p, 'successThreshold', 1);
    def(p, 'failureThreshold', 3);
    defaultHttpGet(child(p, 'httpGet'));
    def(child(p, 'grpc'), 'service', '', unset);
  }
  const lifecycle = child(c, 'lifecycle');
  for (const hook of ['postStart', 'preStop']) defaultHttpGet(child(child(lifecycle ?? {}, hook) ?? {}, 'httpGet'));
}

function defaultHttpGet(h: Obj | undefined): void {
  def(h, 'path', '/');
  def(h, 'scheme', 'HTTP');
}

/** SetDefaults_ResourceList: every quantity rounded up to milli-units (RoundUp(-3)). */
function roundResourceList(o: Obj, key: string): void {
  const list = child(o, key);
  if (!list) return;
  for (const [k, v] of Object.entries(list)) list[k] = canonicalQuantity(v, true) ?? v;
}

/** parsers.ParseImageName's tag: "latest" when the reference has neither tag nor digest; "" when it does not parse. */
export function imageTag(image: unknown): string {
  if (typeof image !== 'string') return '';
  const m = /^((?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::([\w][\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$/.exec(image);
  if (!m || /^[a-f0-9]{64}$/.test(image)) return '';
  return m[2] ?? (m[3] ? '' : 'latest');
}

// Pod-level resources (1.34-1.36): defaultHugePagePodLimits and defaultPodRequests, with
// component-helpers' AggregateContainerRequests/Limits (sidecars add up, init containers take the max).
const isHugePages = (k: string) => k.startsWith('hugepages-');
const supportedPodLevel = (k: string) => k === 'cpu' || k === 'memory' || isHugePages(k);
const overcommitAllowed = (k: string) => (!k.includes('/') || k.includes('kubernetes.io/')) && !isHugePages(k);
type Totals = Map<string, ParsedQuantity>;

function addList(into: Totals, list: unknown): void {
  if (!isPlainObject(list)) return;
  for (const [k, v] of Object.entries(list)) {
    const q = parseQuantityText(v);
    if (!q) continue;
    const have = into.get(k);
    into.set(k, have ? { nanos: have.nanos + q.nanos, format: have.nanos === 0n ? q.format : have.format } : q);
  }
}

function maxList(into: Totals, list: Totals): void {
  for (const [k, q] of list) { const have = into.get(k); if (!have || q.nanos > have.nanos) into.set(k, q); }
}

function aggregate(s: Obj, kind: 'requests' | 'limits'): Totals {
  const total: Totals = new Map();
  for (const c of objects(s.containers)) addList(total, child(c, 'resources')?.[kind]);
  const sidecars: Totals = new Map();
  const init: Totals = new Map();
  for (const c of objects(s.initContainers)) {
    const own = child(c, 'resources')?.[kind];
    let use: Totals;
    if (c.restartPolicy === 'Always') {
      addList(total, own);
      addList(sidecars, own);
      use = new Map(sidecars);
    } else {
      use = new Map();
      addList(use, own);
      for (const [k, q] of sidecars) { const have = use.get(k); use.set(k, have ? { nanos: have.nanos + q.nanos, format: have.format } : q); }
    }
    maxList(init, use);
  }
  maxList(total, init);
  return total;
}

function defaultHugePagePodLimits(s: Obj): void {
  const r = child(s, 'resources');
  if (!r || (!Object.keys(child(r, 'limits') ?? {}).length && !Object.keys(child(r, 'requests') ?? {}).length)) return;
  const limits: Obj = child(r, 'limits') ?? {};
  const requests = child(r, 'requests') ?? {};
  for (const [k, q] of aggregate(s, 'limits')) {
    if (!supportedPodLevel(k) || !isHugePages(k) || k in requests) continue;
    if (!(k in limits)) limits[k] = quantityString(q);
  }
  if (Object.keys(limits).length) r.limits = limits;
}

function defaultPodRequests(s: Obj): void {
  const r = child(s, 'resources');
  const limits = r && child(r, 'limits');
  if (!r || !limits || !Object.keys(limits).length) return;
  const requests: Obj = child(r, 'requests') ?? {};
  for (const [k, q] of aggregate(s, 'requests')) if (!(k in requests) && supportedPodLevel(k) && overcommitAllowed(k)) requests[k] = quantityString(q);
  for (const [k, v] of Object.entries(limits)) if (!(k in requests) && supportedPodLevel(k)) requests[k] = cloneJson(v);
  if (Object.keys(requests).length) r.requests = requests;
}
