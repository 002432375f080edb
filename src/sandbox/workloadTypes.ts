// The served workload kinds (apps/v1 Deployment, ReplicaSet, StatefulSet, DaemonSet; batch/v1 Job):
// their stores, field selectors, the v1 defaulting the API server applies on decode
// (pkg/apis/apps/v1/defaults.go, pkg/apis/batch/v1/defaults.go and the Job strategy's generated
// selector), and the create/update rules from core/rules/workloads.
import type { JsonObject } from '../core/pod';
import { isPlainObject } from '../core/pod';
import { checkWorkloadCreate, checkWorkloadUpdate, type WorkloadKind } from '../core/rules/workloads/checkWorkloadUpdate';
import type { ResourceStore } from './resourceStore';
import { OBJECT_META_FIELDS, type ResourceType } from './resourceRoutes';
import { decodeDefaultedSpec } from './podDefaults';
import './workloadTables';

type Obj = JsonObject;

function spec(o: Obj): Obj {
  return isPlainObject(o.spec) ? { ...o.spec } : {};
}

/** The pod template's v1 defaults (SetDefaults_PodSpec and the container defaults). */
function defaultTemplate(template: unknown, restartPolicy?: string): Obj {
  const t = isPlainObject(template) ? { ...template } : {};
  const podSpec = isPlainObject(t.spec) ? { ...t.spec } : {};
  if (restartPolicy && podSpec.restartPolicy === undefined) podSpec.restartPolicy = restartPolicy;
  t.spec = decodeDefaultedSpec(podSpec);
  t.metadata = isPlainObject(t.metadata) ? t.metadata : {};
  return t;
}

const ROLLING = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } };

const DEFAULTS: Record<WorkloadKind, (o: Obj) => Obj> = {
  Deployment: (o) => {
    const s = spec(o);
    s.replicas ??= 1;
    s.strategy ??= ROLLING;
    s.revisionHistoryLimit ??= 10;
    s.progressDeadlineSeconds ??= 600;
    s.template = defaultTemplate(s.template);
    return { ...o, spec: s };
  },
  ReplicaSet: (o) => {
    const s = spec(o);
    s.replicas ??= 1;
    s.template = defaultTemplate(s.template);
    return { ...o, spec: s };
  },
  StatefulSet: (o) => {
    const s = spec(o);
    s.replicas ??= 1;
    s.podManagementPolicy ??= 'OrderedReady';
    s.updateStrategy ??= { type: 'RollingUpdate', rollingUpdate: { partition: 0 } };
    s.revisionHistoryLimit ??= 10;
    s.persistentVolumeClaimRetentionPolicy ??= { whenDeleted: 'Retain', whenScaled: 'Retain' };
    s.template = defaultTemplate(s.template);
    return { ...o, spec: s };
  },
  DaemonSet: (o) => {
    const s = spec(o);
    s.updateStrategy ??= { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } };
    s.revisionHistoryLimit ??= 10;
    s.template = defaultTemplate(s.template);
    return { ...o, spec: s };
  },
  Job: (o) => {
    const s = spec(o);
    s.parallelism ??= 1;
    s.completions ??= s.parallelism;
    s.backoffLimit ??= 6;
    s.completionMode ??= 'NonIndexed';
    s.suspend ??= false;
    s.podReplacementPolicy ??= 'TerminatingOrFailed';
    s.manualSelector ??= undefined;
    if (s.manualSelector === undefined) delete s.manualSelector;
    // jobStrategy.PrepareForCreate/generateSelector: the controller-uid labels select the Job's pods.
    const meta = (o.metadata ?? {}) as Obj;
    const uid = String(meta.uid ?? '');
    const template = defaultTemplate(s.template);
    if (!s.manualSelector && uid) {
      const labels = { ...((template.metadata as Obj).labels as Obj | undefined), 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': meta.name, 'controller-uid': uid, 'job-name': meta.name };
      template.metadata = { ...(template.metadata as Obj), labels };
      s.selector ??= { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
    }
    s.template = template;
    return { ...o, spec: s };
  },
};

const PLURAL: Record<WorkloadKind, { group: string; resource: string }> = {
  Deployment: { group: 'apps', resource: 'deployments' },
  ReplicaSet: { group: 'apps', resource: 'replicasets' },
  StatefulSet: { group: 'apps', resource: 'statefulsets' },
  DaemonSet: { group: 'apps', resource: 'daemonsets' },
  Job: { group: 'batch', resource: 'jobs' },
};

export function workloadApiVersion(kind: WorkloadKind): string {
  return `${PLURAL[kind].group}/v1`;
}

export function workloadResourceType(kind: WorkloadKind, store: ResourceStore): ResourceType {
  const { group, resource } = PLURAL[kind];
  const fields = kind === 'Job'
    ? { ...OBJECT_META_FIELDS, 'status.successful': (o: Obj) => String(((o.status as Obj | undefined)?.succeeded as number | undefined) ?? 0) }
    : OBJECT_META_FIELDS;
  return {
    group, version: 'v1', resource, kind, listKind: `${kind}List`, store, fields, generation: true,
    defaults: DEFAULTS[kind],
    validateCreate: (o) => checkWorkloadCreate(kind, o),
    validateUpdate: (oldObj, newObj) => checkWorkloadUpdate(kind, oldObj, newObj),
  };
}
