// Loose wire-format pod as the extension reads it. Structurally the same as src/core/pod.ts's Pod
// (issue 3); only the fields the tree and documents look at are spelled out.
export type OwnerReference = { apiVersion?: string; kind?: string; name?: string; uid?: string; controller?: boolean };

export type ContainerStatus = {
  name?: string;
  ready?: boolean;
  restartCount?: number;
  image?: string;
  state?: { waiting?: { reason?: string; message?: string }; running?: unknown; terminated?: { reason?: string; exitCode?: number } };
};

export type PodMetadata = {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  managedFields?: unknown;
  [k: string]: unknown;
};

export type Pod = {
  apiVersion?: string;
  kind?: string;
  metadata?: PodMetadata;
  spec?: { nodeName?: string; containers?: { name?: string; image?: string }[]; initContainers?: { name?: string; image?: string }[]; [k: string]: unknown };
  status?: unknown;
  [k: string]: unknown;
};
