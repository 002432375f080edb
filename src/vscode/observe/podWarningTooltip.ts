// The tree tooltip's latest Warning event of a pod ("Failed: Failed to pull image ...: not found"),
// asked for only when a row's tooltip is resolved on hover (never per row on list), with the
// hover's cancellation reaching the request, and a short time limit so a slow cluster cannot hold
// the tooltip back.
import * as vscode from 'vscode';
import { listPodEvents, type CoreEvent } from '../../core/cluster/podEvents';
import { tellingWarning, warningLine } from '../../core/describe/warningSummary';
import type { ClusterService } from '../cluster/clusterService';
import { toAbortSignalWithTimeout } from '../cluster/cancellation';
import type { PodAddress } from '../documents/podUri';

const timeoutMs = 3000;

/** Appends the pod's latest warning to `md`; adds nothing when there is none or it cannot be read. */
export async function appendLatestWarning(md: vscode.MarkdownString, clusters: ClusterService, pod: PodAddress & { uid?: string }, token?: vscode.CancellationToken): Promise<void> {
  let warning: CoreEvent | undefined;
  try {
    const { items } = await listPodEvents(clusters.getClient(pod.context).transport, pod, { signal: toAbortSignalWithTimeout(token, timeoutMs) });
    warning = tellingWarning(items);
  } catch {
    return; // the tooltip still has everything else; the Output channel has the request's failure
  }
  if (!warning) return;
  md.appendMarkdown('\n\n---\n\n');
  const { reason, when, message } = warningLine(warning, Date.now());
  md.appendMarkdown(`$(warning) **${escapeMarkdown(reason)}** (${escapeMarkdown(when)}): ${escapeMarkdown(message)}\n`);
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>$]/g, (c) => '\\' + c);
}
