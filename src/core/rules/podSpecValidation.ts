// The parts of ValidatePodSpec that an update re-runs on the new pod and that an edit can break:
// containers, restart/DNS policy, nodeSelector, node affinity (with ratcheting), schedulingGates,
// activeDeadlineSeconds range, tolerations, and the OS-specific security-context rules.
import { duplicate, forbidden, invalid, notSupported, required, type Finding } from './finding';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from './nameValidation';
import { list, obj, str, type UpdateContext } from './ruleContext';
import { validateImage } from './containerRules';
import { validateLabels } from './metadataRules';
import { validateSchedulingGates } from './schedulingGateRules';
import { validateActiveDeadlineRange } from './activeDeadlineRules';
import { comparisonMode, validateTolerations } from './tolerationRules';

const WINDOWS = 'cannot be set for a windows pod';
const LINUX = 'windows options cannot be set for a linux pod';
const NODE_AFFINITY = 'spec.affinity.nodeAffinity';

export function validateNewPodSpec(ctx: UpdateContext): Finding[] {
  const spec = ctx.newSpec;
  const out: Finding[] = [];
  out.push(...validateContainers(ctx));
  // Fields the API server defaults on create are Required by ValidatePodSpec. Only a removal is
  // reported: a hand-written manifest that never had them gets them defaulted by the server.
  for (const field of ['restartPolicy', 'dnsPolicy', 'terminationGracePeriodSeconds'] as const) {
    if (removed(ctx.oldSpec[field], spec[field])) out.push(required(`spec.${field}`, '', { rule: `podSpec.${field}`, fix: { kind: 'revert', path: `spec.${field}`, original: ctx.oldSpec[field] } }));
  }
  const restartPolicy = str(spec.restartPolicy);
  if (restartPolicy && !['Always', 'OnFailure', 'Never'].includes(restartPolicy)) {
    out.push(notSupported('spec.restartPolicy', restartPolicy, ['Always', 'OnFailure', 'Never'], { rule: 'podSpec.restartPolicy' }));
  }
  const dnsPolicy = str(spec.dnsPolicy);
  const dnsPolicies = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
  if (dnsPolicy && !dnsPolicies.includes(dnsPolicy)) out.push(notSupported('spec.dnsPolicy', dnsPolicy, dnsPolicies, { rule: 'podSpec.dnsPolicy' }));
  out.push(...validateLabels(spec.nodeSelector, 'spec.nodeSelector'));
  out.push(...validateNodeAffinity(obj(spec.affinity).nodeAffinity, ctx.opts.allowInvalidLabelValueInRequiredNodeAffinity || !ctx.rules.validatesNodeAffinityValues));
  out.push(...validateSchedulingGates(spec.schedulingGates));
  for (const field of ['serviceAccountName', 'nodeName', 'priorityClassName'] as const) {
    const v = str(spec[field]);
    if (v) for (const msg of isDNS1123Subdomain(v)) out.push(invalid(`spec.${field}`, v, msg, { rule: `podSpec.${field}` }));
  }
  out.push(...validateActiveDeadlineRange(spec.activeDeadlineSeconds, ctx.oldSpec.activeDeadlineSeconds));
  for (const field of ['hostname', 'subdomain'] as const) {
    const v = str(spec[field]);
    if (v) for (const msg of isDNS1123Label(v)) out.push(invalid(`spec.${field}`, v, msg, { rule: `podSpec.${field}` }));
  }
  if (list(spec.tolerations).length) out.push(...validateTolerations(spec.tolerations, 'spec.tolerations', comparisonMode(ctx)));
  out.push(...validateOS(ctx));
  return out;
}

function validateContainers(ctx: UpdateContext): Finding[] {
  const spec = ctx.newSpec;
  const out: Finding[] = [];
  if (!list(spec.containers).length) out.push(required('spec.containers', '', { rule: 'podSpec.containers' }));
  const seen = new Set<string>();
  for (const field of ['containers', 'initContainers'] as const) {
    const oldList = list(ctx.oldSpec[field]);
    list(spec[field]).forEach((raw, i) => {
      const c = obj(raw);
      const at = `spec.${field}[${i}]`;
      const name = str(c.name);
      if (!name) out.push(required(`${at}.name`, '', { rule: 'podSpec.containerName' }));
      else {
        for (const msg of isDNS1123Label(name)) out.push(invalid(`${at}.name`, name, msg, { rule: 'podSpec.containerName' }));
        if (seen.has(name)) out.push(duplicate(`${at}.name`, name, { rule: 'podSpec.containerName' }));
        seen.add(name);
      }
      out.push(...validateImage(`${at}.image`, c.image, obj(oldList[i]).image, true));
      const pullPolicy = str(c.imagePullPolicy);
      if (removed(obj(oldList[i]).imagePullPolicy, c.imagePullPolicy)) out.push(required(`${at}.imagePullPolicy`, '', { rule: 'podSpec.imagePullPolicy' }));
      else if (pullPolicy && !['Always', 'Never', 'IfNotPresent'].includes(pullPolicy)) {
        out.push(notSupported(`${at}.imagePullPolicy`, pullPolicy, ['Always', 'IfNotPresent', 'Never'], { rule: 'podSpec.imagePullPolicy' }));
      }
      const messagePolicy = str(c.terminationMessagePolicy);
      if (removed(obj(oldList[i]).terminationMessagePolicy, c.terminationMessagePolicy)) out.push(required(`${at}.terminationMessagePolicy`, '', { rule: 'podSpec.terminationMessagePolicy' }));
      else if (messagePolicy && !['File', 'FallbackToLogsOnError'].includes(messagePolicy)) {
        out.push(notSupported(`${at}.terminationMessagePolicy`, messagePolicy, ['File', 'FallbackToLogsOnError'], { rule: 'podSpec.terminationMessagePolicy' }));
      }
      list(c.ports).forEach((p, j) => {
        const port = obj(p).containerPort;
        if (port !== undefined && (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)) {
          out.push(invalid(`${at}.ports[${j}].containerPort`, port, 'must be between 1 and 65535, inclusive', { rule: 'podSpec.containerPort' }));
        }
        const protocol = str(obj(p).protocol);
        if (protocol && !['TCP', 'UDP', 'SCTP'].includes(protocol)) {
          out.push(notSupported(`${at}.ports[${j}].protocol`, protocol, ['SCTP', 'TCP', 'UDP'], { rule: 'podSpec.containerPort' }));
        }
      });
    });
  }
  return out;
}

/** Whether any value of a required node-affinity expression is an invalid label value (ratcheting). */
export function hasInvalidLabelValueInRequiredNodeAffinity(spec: unknown): boolean {
  const terms = list(obj(obj(obj(obj(spec).affinity).nodeAffinity).requiredDuringSchedulingIgnoredDuringExecution).nodeSelectorTerms);
  return terms.some((t) => list(obj(t).matchExpressions).some((e) => list(obj(e).values).some((v) => isValidLabelValue(str(v)).length > 0)));
}

function validateNodeAffinity(nodeAffinity: unknown, allowInvalidRequiredValues: boolean): Finding[] {
  if (nodeAffinity === undefined || nodeAffinity === null) return [];
  const out: Finding[] = [];
  const requiredAffinity = obj(nodeAffinity).requiredDuringSchedulingIgnoredDuringExecution;
  if (requiredAffinity !== undefined && requiredAffinity !== null) {
    const at = `${NODE_AFFINITY}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`;
    const terms = list(obj(requiredAffinity).nodeSelectorTerms);
    if (!terms.length) out.push(required(at, 'must have at least one node selector term', { rule: 'podSpec.nodeAffinity' }));
    terms.forEach((t, i) => out.push(...validateTerm(t, `${at}[${i}]`, allowInvalidRequiredValues)));
  }
  list(obj(nodeAffinity).preferredDuringSchedulingIgnoredDuringExecution).forEach((p, i) => {
    const at = `${NODE_AFFINITY}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
    const weight = obj(p).weight;
    if (typeof weight !== 'number' || weight < 1 || weight > 100) out.push(invalid(`${at}.weight`, weight ?? 0, 'must be in the range 1-100', { rule: 'podSpec.nodeAffinity' }));
    out.push(...validateTerm(obj(p).preference, `${at}.preference`, true));
  });
  return out;
}

function validateTerm(term: unknown, at: string, allowInvalidValues: boolean): Finding[] {
  const out: Finding[] = [];
  const rule = { rule: 'podSpec.nodeAffinity' };
  list(obj(term).matchExpressions).forEach((raw, j) => {
    const e = obj(raw);
    const p = `${at}.matchExpressions[${j}]`;
    const values = list(e.values);
    const operator = str(e.operator);
    if (operator === 'In' || operator === 'NotIn') {
      if (!values.length) out.push(required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'", rule));
    } else if (operator === 'Exists' || operator === 'DoesNotExist') {
      if (values.length) out.push(forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'", rule));
    } else if (operator === 'Gt' || operator === 'Lt') {
      if (values.length !== 1) out.push(required(`${p}.values`, "must be specified single value when `operator` is 'Lt' or 'Gt'", rule));
    } else {
      out.push(invalid(`${p}.operator`, operator, 'not a valid selector operator', rule));
    }
    for (const msg of isQualifiedName(str(e.key))) out.push(invalid(`${p}.key`, str(e.key), msg, rule));
    if (!allowInvalidValues) {
      values.forEach((v, k) => { for (const msg of isValidLabelValue(str(v))) out.push(invalid(`${p}.values[${k}]`, str(v), msg, rule)); });
    }
  });
  list(obj(term).matchFields).forEach((raw, j) => {
    const e = obj(raw);
    const p = `${at}.matchFields[${j}]`;
    if (str(e.key) !== 'metadata.name') out.push(invalid(`${p}.key`, str(e.key), 'not a valid field selector key', rule));
    const operator = str(e.operator);
    if (operator !== 'In' && operator !== 'NotIn') out.push(invalid(`${p}.operator`, operator, 'not a valid selector operator', rule));
    else if (list(e.values).length !== 1) out.push(required(`${p}.values`, "must be only one value when `operator` is 'In' or 'NotIn' for node field selector", rule));
  });
  return out;
}

const WINDOWS_POD_FIELDS = ['appArmorProfile', 'seLinuxOptions', 'seccompProfile', 'fsGroup', 'fsGroupChangePolicy', 'sysctls', 'runAsUser', 'runAsGroup', 'supplementalGroups', 'supplementalGroupsPolicy'];
const WINDOWS_CONTAINER_FIELDS = ['appArmorProfile', 'seLinuxOptions', 'seccompProfile', 'capabilities', 'readOnlyRootFilesystem', 'privileged', 'allowPrivilegeEscalation', 'procMount', 'runAsUser', 'runAsGroup'];

function validateOS(ctx: UpdateContext): Finding[] {
  const os = ctx.newSpec.os;
  if (os === undefined || os === null) return [];
  const name = str(obj(os).name);
  if (!name) return [required('spec.os.name', '', { rule: 'podSpec.os' })];
  // Upstream's validateOS reports an unsupported name on spec.os itself (field.NotSupported(fldPath, ...)).
  if (name !== 'linux' && name !== 'windows') return [notSupported('spec.os', name, ['linux', 'windows'], { rule: 'podSpec.os' })];
  const out: Finding[] = [];
  const rule = { rule: `podSpec.os.${name}` };
  const podSc = obj(ctx.newSpec.securityContext);
  const containers = [...containerPaths(ctx, 'initContainers'), ...containerPaths(ctx, 'containers'), ...containerPaths(ctx, 'ephemeralContainers')];
  if (name === 'windows') {
    for (const f of WINDOWS_POD_FIELDS) if (present(podSc[f])) out.push(forbidden(`spec.securityContext.${f}`, WINDOWS, rule));
    for (const [at, c] of containers) {
      const sc = obj(c.securityContext);
      for (const f of WINDOWS_CONTAINER_FIELDS) if (present(sc[f])) out.push(forbidden(`${at}.securityContext.${f}`, WINDOWS, rule));
    }
  } else {
    if (present(podSc.windowsOptions)) out.push(forbidden('spec.securityContext.windowsOptions', LINUX, rule));
    for (const [at, c] of containers) if (present(obj(c.securityContext).windowsOptions)) out.push(forbidden(`${at}.securityContext.windowsOptions`, LINUX, rule));
  }
  return out;
}

function containerPaths(ctx: UpdateContext, field: 'containers' | 'initContainers' | 'ephemeralContainers'): [string, Record<string, unknown>][] {
  return list(ctx.newSpec[field]).map((c, i) => [`spec.${field}[${i}]`, obj(c)]);
}

function removed(before: unknown, after: unknown): boolean {
  return before !== undefined && before !== null && before !== '' && (after === undefined || after === null || after === '');
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
}
