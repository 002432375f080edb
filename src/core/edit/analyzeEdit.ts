// The first half of the edit pipeline, VS Code-free: a manifest text and the pod it was edited
// from → the edited pod, the findings on their exact ranges, and the patch plan (what goes out as
// a patch, what only a recreate can carry). The extension's diagnostics, quick fixes, preview and
// save, and `podpatch apply`, all start here.
import type { Pod } from '../pod';
import type { Finding } from '../rules/finding';
import type { Profile } from '../rules/profile';
import type { RuleSettings } from '../rules/checkPodUpdate';
import type { ManifestDocument, ParsedManifest } from '../yaml/manifestParser';
import { parseManifest } from '../yaml/manifestParser';
import { isPlainObject } from '../pod';
import { lintPodText, rangeForPath, type LintDiagnostic, type LintResult } from '../lint/lintPodText';
import { computePodPatch, type PodPatch } from '../patch/podPatch';
import type { PodPatchType } from '../patch/patchTypes';
import type { WorkloadKind } from '../rules/workloads/checkWorkloadUpdate';

/** Which object the text stands for (a pod unless `workload` names a workload kind), and where it was looked for. */
export type EditTarget = { context: string; namespace: string; name: string; workload?: WorkloadKind };

export type AnalyzeOptions = {
  /** A profile, or a profile with the server's release, gates and resize split (RuleSettings). */
  profile: Profile | RuleSettings;
  patchType?: PodPatchType;
  /** A hand-written manifest laid over the live pod (a workspace file), not the whole pod. */
  partial?: boolean;
  /** The text must hold a Pod (a pod document): say so when it does not. */
  requirePod?: boolean;
  /** The parse of this text version (parse once); made here when absent. */
  parsed?: ParsedManifest;
  /** Where the base came from (or was looked for, when there is none): named in messages. */
  target?: EditTarget;
  /**
   * The resourceVersion the patch requires the live pod to have (409 otherwise): the base's by
   * default; `podpatch apply` passes the file's, and `false` for none (`--force-conflicts`).
   */
  precondition?: string | false;
};

export type PatchPlan = {
  target?: EditTarget;
  text: string;
  document: ManifestDocument;
  partial: boolean;
  base: Pod;
  edited: Pod;
  /** undefined: nothing the server keeps changed. Computed on first use. */
  readonly patch: PodPatch | undefined;
  /** The resourceVersion the patch carries as its precondition. */
  precondition?: string;
  /** Errors: changes the server will refuse (a patch carrying them is refused with a 422). */
  refused: Finding[];
  /** The refused changes only a delete and create can carry. */
  recreateOnly: Finding[];
};

export type EditAnalysis = LintResult & {
  text: string;
  parsed: ParsedManifest;
  /** The Pod's document in the text, when there is one. */
  document?: ManifestDocument;
  /** Present when the text parses, holds a Pod, and there is a base to compare with. */
  plan?: PatchPlan;
};

export function analyzeEdit(text: string, base: Pod | undefined, options: AnalyzeOptions): EditAnalysis {
  const parsed = options.parsed ?? parseManifest(text);
  const kind = options.target?.workload ?? 'Pod';
  const lint = lintPodText(text, base, options.profile, { parsed, partial: options.partial, requirePod: options.requirePod, kind });
  const document = parsed.documents.find((d) => isPlainObject(d.value) && d.value.kind === kind);
  const analysis: EditAnalysis = { ...lint, text, parsed, document };
  const hasYamlErrors = lint.diagnostics.some((d) => d.source !== 'rules' && d.severity === 'error');
  if (!document || hasYamlErrors || !lint.pod) return analysis;
  if (!base) {
    if (options.partial && options.target) analysis.diagnostics.push(notOnCluster(text, document, options.target));
    return analysis;
  }
  const refused = refusedFindings(lint.findings);
  const resourceVersion = options.precondition === false ? undefined : options.precondition ?? base.metadata?.resourceVersion;
  const edited = lint.pod;
  const type = options.patchType ?? 'merge';
  // Computed when asked for: diagnostics after a keystroke need the findings, not the patch.
  let patch: PodPatch | undefined | null = null;
  analysis.plan = {
    target: options.target,
    text,
    document,
    partial: Boolean(options.partial),
    base,
    edited,
    get patch() {
      if (patch === null) patch = computePodPatch(base, edited, type, resourceVersion);
      return patch;
    },
    precondition: resourceVersion,
    refused,
    // A workload is never recreated from its document: its refused changes are reverted instead.
    recreateOnly: kind === 'Pod' ? refused.filter((f) => f.fix?.kind === 'recreate' || f.rule === 'spec.fieldChanged') : [],
  };
  return analysis;
}

/** The errors to name to a person: the per-field ones rather than the spec-wide catch-all that sums them up. */
export function refusedFindings(findings: readonly Finding[]): Finding[] {
  const errors = findings.filter((f) => f.severity === 'error');
  const specific = errors.filter((f) => f.rule !== 'spec.catchAll');
  return specific.length ? specific : errors;
}

function notOnCluster(text: string, document: ManifestDocument, target: EditTarget): LintDiagnostic {
  return {
    severity: 'info',
    message: `There is no pod ${target.name} in namespace ${target.namespace} of context ${target.context}: nothing to compare this manifest with (searched the pods podpatch has loaded for that context).`,
    range: rangeForPath(text, document, 'metadata.name'),
    source: 'manifest',
    path: 'metadata.name',
  };
}
