// "Recreate pod with these changes": for edits no patch can carry (the server forbids them),
// delete the pod and create it again from the buffer, behind a modal that says what is lost.
// If the create fails after the delete, the manifest is still in the editor and Try Again
// creates it without deleting anything.
import * as vscode from 'vscode';
import { cloneJson, isPlainObject, type Pod } from '../../core/pod';
import { stripServerOwnedFields } from '../../core/patch/serverOwnedFields';
import { ApiError } from '../../core/cluster/apiError';
import { sleep } from '../../core/cluster/backoff';
import { toAbortSignal } from '../cluster/cancellation';
import { classifyFailure } from './patchErrors';
import type { PatchDeps } from './patchDeps';
import type { PatchFlow } from './patchFlow';
import type { DocumentSync } from './documentSync';
import type { DocumentTarget } from '../documents/documentAnalyzer';

type OwnerRef = { kind?: string; name?: string; controller?: boolean };

type Parts = { deps: PatchDeps; flow: PatchFlow; sync: DocumentSync };

export async function recreatePod(document: vscode.TextDocument, parts: Parts): Promise<boolean> {
  const prepared = parts.flow.prepare(document, { allowRefused: true });
  if (!prepared) return false;
  const { target } = prepared;
  if (target.workload) {
    void vscode.window.showInformationMessage(`Recreate is for pods: a ${target.workload}'s refused changes are reverted (or the ${target.workload} deleted and created again with kubectl).`);
    return false;
  }
  const edited = prepared.plan.edited;
  const sentText = prepared.plan.text;
  const label = `${target.namespace}/${target.name}`;
  const live = target.base;
  const choice = await vscode.window.showWarningMessage(`Delete pod ${label} and create it again from this editor?`, { modal: true, detail: lossDetail(live) }, 'Delete and Recreate');
  if (choice !== 'Delete and Recreate') return false;
  const work = () => deleteAndCreate(document, parts, target, manifestForCreate(edited, target.namespace), sentText);
  return target.tracked ? target.tracked.track(work) : work();
}

async function deleteAndCreate(document: vscode.TextDocument, parts: Parts, target: DocumentTarget, manifest: Pod, sentText: string): Promise<boolean> {
  const { deps } = parts;
  const label = `${target.namespace}/${target.name}`;
  const live = target.base;
  const client = deps.clusters.getClient(target.context);
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Recreating pod ${label}`, cancellable: true }, async (progress, token) => {
      const signal = toAbortSignal(token);
      progress.report({ message: 'deleting…' });
      deps.log.info(`DELETE pod ${label} (recreate)`);
      await client.deletePod(target.namespace, target.name, { signal }).catch((err: unknown) => {
        if (!(err instanceof ApiError && err.code === 404)) throw err;
      });
      progress.report({ message: 'waiting for the old pod to go…' });
      await waitUntilGone(client, target.namespace, target.name, live.metadata?.uid, signal);
    });
  } catch (err) {
    const f = classifyFailure(err);
    if (f.kind !== 'cancelled') void vscode.window.showErrorMessage(`Could not delete pod ${label}: ${'message' in f ? f.message : ''}. Nothing was changed; your edits are still in the editor.`);
    return false;
  }
  return createFromManifest(document, parts, manifest, target, sentText);
}

async function createFromManifest(document: vscode.TextDocument, parts: Parts, manifest: Pod, target: DocumentTarget, sentText: string): Promise<boolean> {
  const { deps } = parts;
  const label = `${target.namespace}/${target.name}`;
  try {
    const created = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Creating pod ${label}…`, cancellable: true }, (_p, token) =>
      deps.clusters.getClient(target.context).createPod(target.namespace, manifest, { signal: toAbortSignal(token) }),
    );
    deps.log.info(`Created pod ${label} (uid ${created.metadata?.uid ?? '?'})`);
    if (target.tracked) await parts.sync.adopt(target.tracked, document, created, sentText, target.base);
    void vscode.window.showInformationMessage(`Recreated pod ${label} with your changes.`);
    return true;
  } catch (err) {
    const f = classifyFailure(err);
    const why = 'message' in f ? f.message : 'cancelled';
    deps.log.error(`Create pod ${label} after delete failed: ${why}`);
    const again = await vscode.window.showErrorMessage(`Pod ${label} was deleted, but creating it again failed: ${why.split('\n')[0]}. The manifest is still in the editor.`, 'Try Again');
    if (again === 'Try Again') return createFromManifest(document, parts, manifest, target, sentText);
    return false;
  }
}

/** What deleting this pod loses, in words: status, IP, restarts, and the owner's reaction. */
export function lossDetail(pod: Pod): string {
  const status = isPlainObject(pod.status) ? pod.status : {};
  const phase = typeof status.phase === 'string' ? status.phase : 'unknown';
  const ip = typeof status.podIP === 'string' ? status.podIP : undefined;
  const statuses = Array.isArray(status.containerStatuses) ? (status.containerStatuses as { restartCount?: number }[]) : [];
  const restarts = statuses.reduce((n, c) => n + (typeof c.restartCount === 'number' ? c.restartCount : 0), 0);
  const lines = [
    'Deleting the pod loses:',
    `• its status (phase ${phase}) and start time`,
    `• its IP address${ip ? ` (${ip})` : ''}: the new pod gets another one`,
    `• its restart count (${restarts}) and container logs, and anything written to emptyDir volumes or container filesystems`,
    'The new pod is created from this editor\'s manifest (server-set fields dropped).',
  ];
  const owners = (Array.isArray(pod.metadata?.ownerReferences) ? pod.metadata!.ownerReferences : []) as OwnerRef[];
  const controller = owners.find((o) => o.controller) ?? owners[0];
  if (controller) {
    lines.push('', `This pod is managed by ${controller.kind ?? 'a controller'} ${controller.name ?? ''}: as soon as it is deleted the controller makes its own replacement from its template, without your changes, and may then remove one of the two pods. Change the ${controller.kind ?? 'owner'}'s template to change its pods for good.`);
  }
  return lines.join('\n');
}

/** The buffer's pod as a create request: no server-set fields, the document's namespace. */
export function manifestForCreate(edited: Pod, namespace: string): Pod {
  const pod = stripServerOwnedFields(cloneJson(edited));
  pod.apiVersion = pod.apiVersion ?? 'v1';
  pod.kind = 'Pod';
  if (isPlainObject(pod.metadata)) {
    pod.metadata.namespace = namespace;
    delete pod.metadata.deletionTimestamp;
    delete pod.metadata.deletionGracePeriodSeconds;
  }
  return pod;
}

/** Polls until the pod (that uid) is gone; graceful deletion can take the grace period. */
async function waitUntilGone(client: { getPod(ns: string, name: string, o: { signal?: AbortSignal }): Promise<Pod> }, ns: string, name: string, uid: string | undefined, signal: AbortSignal): Promise<void> {
  let delay = 200;
  for (;;) {
    try {
      const pod = await client.getPod(ns, name, { signal });
      if (uid && pod.metadata?.uid && pod.metadata.uid !== uid) return; // already replaced by someone
    } catch (err) {
      if (err instanceof ApiError && err.code === 404) return;
      throw err;
    }
    // core's sleep removes its abort listener when the timer fires (one listener per poll would pile up on the signal).
    await sleep(delay, signal);
    delay = Math.min(delay * 2, 2000);
  }
}
