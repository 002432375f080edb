// A profile is the set of update rules one API server applies: upstream Kubernetes, or Huawei Cloud
// CCI (a Kubernetes-compatible service that lets fewer fields change).
export type Profile = 'kubernetes' | 'cci';

export function isProfile(v: unknown): v is Profile {
  return v === 'kubernetes' || v === 'cci';
}

/** The fields CCI's "Updating a Pod" API lets change (`../shared/seed/updating-a-pod.txt`). */
export const CCI_UPDATABLE_FIELDS: readonly string[] = [
  'metadata.generateName',
  'metadata.labels',
  'metadata.annotations',
  'spec.initContainers[*].image',
  'spec.containers[*].image',
  'spec.activeDeadlineSeconds',
  'spec.tolerations',
];
