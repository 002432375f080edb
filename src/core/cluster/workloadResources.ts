// Where the pod-owning kinds live in the API (apps/v1, batch/v1) and how kubectl abbreviates them.
// The editable kinds are core/rules/workloads' WORKLOAD_KINDS; CronJob is only read, to show the
// end of a Job's controller chain.
import { isWorkloadKind, type WorkloadKind } from '../rules/workloads/checkWorkloadUpdate';

export type OwnerKind = WorkloadKind | 'CronJob';

type ResourceInfo = { groupVersion: 'apps/v1' | 'batch/v1'; plural: string; short: string };

const RESOURCES: Record<OwnerKind, ResourceInfo> = {
  Deployment: { groupVersion: 'apps/v1', plural: 'deployments', short: 'deploy' },
  ReplicaSet: { groupVersion: 'apps/v1', plural: 'replicasets', short: 'rs' },
  StatefulSet: { groupVersion: 'apps/v1', plural: 'statefulsets', short: 'sts' },
  DaemonSet: { groupVersion: 'apps/v1', plural: 'daemonsets', short: 'ds' },
  Job: { groupVersion: 'batch/v1', plural: 'jobs', short: 'job' },
  CronJob: { groupVersion: 'batch/v1', plural: 'cronjobs', short: 'cj' },
};

export function isOwnerKind(kind: unknown): kind is OwnerKind {
  return typeof kind === 'string' && Object.prototype.hasOwnProperty.call(RESOURCES, kind);
}

export { isWorkloadKind, type WorkloadKind };

export function ownerApiVersion(kind: OwnerKind): string {
  return RESOURCES[kind].groupVersion;
}

/** The plural resource name (`deployments`), as URLs and kubectl spell it. */
export function ownerPlural(kind: OwnerKind): string {
  return RESOURCES[kind].plural;
}

/** The kind for a plural resource name, or undefined. */
export function kindOfPlural(plural: string): OwnerKind | undefined {
  return (Object.keys(RESOURCES) as OwnerKind[]).find((k) => RESOURCES[k].plural === plural);
}

/** kubectl's short name (`deploy/web`), for places too narrow for the kind. */
export function shortOwner(kind: string, name: string): string {
  return `${isOwnerKind(kind) ? RESOURCES[kind].short : kind.toLowerCase()}/${name}`;
}

/** `/apis/apps/v1/namespaces/{ns}/deployments[/{name}]`. */
export function ownerPath(kind: OwnerKind, namespace: string, name?: string): string {
  const r = RESOURCES[kind];
  const base = `/apis/${r.groupVersion}/namespaces/${encodeURIComponent(namespace)}/${r.plural}`;
  return name === undefined ? base : `${base}/${encodeURIComponent(name)}`;
}
