// Renders a live pod (or a workload: the owner of pods) as the text of its document: managedFields
// left out, the usual key order, a header saying what saving does and which owner manages the pod,
// and `status` marked read-only.
import { Document, isMap, isScalar } from 'yaml';
import type { Pod } from '../../core/pod';
import { isWorkloadKind } from '../../core/cluster/workloadResources';

type OwnerReference = { kind?: string; name?: string; controller?: boolean };

export function renderPodYaml(pod: Pod, context: string): string {
  const { apiVersion, kind, metadata, spec, status, ...rest } = pod;
  const { managedFields: _managed, ...meta } = metadata ?? {};
  const ordered: Record<string, unknown> = { apiVersion: apiVersion ?? 'v1', kind: kind ?? 'Pod', metadata: meta, spec, ...rest };
  if (status !== undefined) ordered.status = status;
  const doc = new Document(ordered);
  doc.commentBefore = headerLines(pod, context).map((l) => ' ' + l).join('\n');
  if (isMap(doc.contents)) {
    const statusPair = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'status');
    if (statusPair && isScalar(statusPair.key)) {
      statusPair.key.commentBefore = ' status is read-only: the cluster reports it and a patch cannot change it.';
    }
  }
  return doc.toString({ lineWidth: 0 });
}

export function headerLines(pod: Pod, context: string): string[] {
  const name = pod.metadata?.name ?? '';
  const namespace = pod.metadata?.namespace ?? '';
  if (isWorkloadKind(pod.kind)) {
    return [
      `${pod.kind} ${namespace}/${name} in context ${context}. Saving patches the ${pod.kind}`,
      '(a merge patch against the version opened); its controller then replaces the',
      'pods from the new template. Changes the server refuses are marked as you type.',
    ];
  }
  const lines = [
    `Pod ${namespace}/${name} in context ${context}. Saving patches the live pod with the`,
    'changes made here (a merge patch against the version opened). The server lets',
    'only some fields of a running pod change; problems are marked as you type.',
  ];
  const owner = controllingOwner(pod);
  if (owner) {
    // Only the direct owner is known here; the CodeLens above names the workload to edit (a ReplicaSet's Deployment).
    lines.push(
      `Controlled by ${owner.kind ?? 'an owner'}/${owner.name ?? ''}: it replaces this pod from its own pod`,
      'template, so changes made here last until the pod is replaced.',
    );
  }
  return lines;
}

export function controllingOwner(pod: Pod): OwnerReference | undefined {
  const owners = (pod.metadata?.ownerReferences ?? []) as OwnerReference[];
  return owners.find((o) => o.controller) ?? owners[0];
}
