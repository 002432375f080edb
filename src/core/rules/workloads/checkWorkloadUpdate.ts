// Which errors the API server refuses a workload update with, by kind (apps/v1 Deployment,
// ReplicaSet, StatefulSet, DaemonSet; batch/v1 Job), for the sandbox and for editor diagnostics.
import type { Finding } from '../finding';
import { validateDaemonSet, validateDaemonSetUpdate, validateDeployment, validateDeploymentUpdate, validateReplicaSet, validateReplicaSetUpdate } from './replicatedRules';
import { validateStatefulSet, validateStatefulSetUpdate } from './statefulSetRules';
import { validateJob, validateJobUpdate } from './jobRules';

type Obj = Record<string, unknown>;

export const WORKLOAD_KINDS = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

export function isWorkloadKind(kind: unknown): kind is WorkloadKind {
  return (WORKLOAD_KINDS as readonly unknown[]).includes(kind);
}

const UPDATE: Record<WorkloadKind, (o: Obj, n: Obj) => Finding[]> = {
  Deployment: validateDeploymentUpdate,
  ReplicaSet: validateReplicaSetUpdate,
  StatefulSet: validateStatefulSetUpdate,
  DaemonSet: validateDaemonSetUpdate,
  Job: validateJobUpdate,
};

const CREATE: Record<WorkloadKind, (n: Obj) => Finding[]> = {
  Deployment: validateDeployment,
  ReplicaSet: validateReplicaSet,
  StatefulSet: validateStatefulSet,
  DaemonSet: validateDaemonSet,
  Job: validateJob,
};

export function checkWorkloadUpdate(kind: WorkloadKind, oldObj: Obj, newObj: Obj): Finding[] {
  return UPDATE[kind](oldObj, newObj);
}

export function checkWorkloadCreate(kind: WorkloadKind, obj: Obj): Finding[] {
  return CREATE[kind](obj);
}
