// `podpatch apply FILE`: patch the live pod to match an edited manifest. Checks the change with
// the core rules first (nothing is sent when the server would refuse it), sends the minimal patch
// with the file's resourceVersion as precondition, and explains a 409 with what differs.
import { setFlagsFromString } from 'node:v8';
import { parseArgs } from 'node:util';
import { ApiError, AbortedError, NetworkError, describeApiError } from '../core/cluster/apiError';
import { connectToCluster } from '../core/cluster/connect';
import { redactText } from '../core/cluster/redact';
import { KubeconfigError } from '../core/cluster/kubeconfigFile';
import type { PodClient, PatchType } from '../core/cluster/podClient';
import { detectProfile } from '../core/cluster/profileDetection';
import type { ResolvedContext } from '../core/cluster/kubeconfigTypes';
import { ExecPluginError } from '../core/cluster/execCredential';
import { shortValue } from '../core/lint/lintPodText';
import { findingLine } from '../core/lint/findingLocation';
import { analyzeEdit, type PatchPlan } from '../core/edit/analyzeEdit';
import { sendEdit } from '../core/edit/sendEdit';
import { computePodPatch } from '../core/patch/podPatch';
import { splitResize, type ResizeSplit } from '../core/rules/resizeSplit';
import { serverRules } from '../core/rules/serverReleases';
import { detectServer, type DetectedServer } from '../core/cluster/serverDetection';
import { getAtPath } from '../core/yaml/fieldPath';
import { changedPaths } from '../core/patch/rebase';
import { isServerOwnedPath } from '../core/patch/serverOwnedFields';
import type { Profile } from '../core/rules/profile';
import { parseManifest } from '../core/yaml/manifestParser';
import type { Pod } from '../core/pod';
import { UsageError } from './usageError';
import { readBoundedInput } from './boundedInput';

const usage = `usage: podpatch apply FILE [options]

Patches the live pod named in FILE (an edited pod manifest) to match it.

options:
  --kubeconfig F         kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)
  --context C            kubeconfig context (default: current-context)
  -n, --namespace N      namespace (default: the manifest's, then the context's)
  --profile P            kubernetes | cci | auto (default auto)
  --type T               merge | strategic | json (default merge)
  --dry-run              let the server check and compute the result without storing it
  --force-conflicts      patch even if the pod changed since FILE was fetched
`;

export type ApplyOptions = {
  file: string;
  /** The file's text, when the caller already has it. */
  text?: string;
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  profile?: Profile | 'auto';
  type?: PatchType;
  dryRun?: boolean;
  forceConflicts?: boolean;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** A connected client to reuse (benchmarks, the extension); otherwise one is made and disposed. */
  client?: PodClient;
  out?: (line: string) => void;
  err?: (line: string) => void;
};

/** Runs one apply; answers the exit code (0 applied or unchanged, 1 refused/conflict/failed, 2 bad input). */
export async function applyManifest(opts: ApplyOptions): Promise<number> {
  const out = opts.out ?? ((l: string) => process.stdout.write(l + '\n'));
  const err = opts.err ?? ((l: string) => process.stderr.write(l + '\n'));
  const text = opts.text ?? (await readBoundedInput(opts.file));
  const parsed = parseManifest(text);
  if (parsed.errors.length) {
    for (const e of parsed.errors) err(`${opts.file}:${e.range.start.line + 1}:${e.range.start.column + 1}: ${e.message}`);
    return 2;
  }
  const document = parsed.documents.find((d) => (d.value as Pod | null)?.kind === 'Pod');
  if (!document) throw new UsageError(`${opts.file}: no Pod in the file (expected kind: Pod)`);
  const edited = document.value as Pod;
  const name = edited.metadata?.name;
  if (!name) throw new UsageError(`${opts.file}: the pod has no metadata.name`);
  const fileNamespace = edited.metadata?.namespace;
  if (opts.namespace && fileNamespace && opts.namespace !== fileNamespace) {
    throw new UsageError(`the namespace from the provided object "${fileNamespace}" does not match the namespace "${opts.namespace}"; pass --namespace=${fileNamespace} or edit the file`);
  }

  let client = opts.client;
  let context: ResolvedContext | undefined = client?.context;
  if (!client) {
    const conn = await connectToCluster({ kubeconfig: opts.kubeconfig, context: opts.context, env: opts.env });
    client = conn.client;
    context = conn.context;
  }
  try {
    const namespace = opts.namespace ?? fileNamespace ?? (context as ResolvedContext).namespace;
    const ref = `pod/${name}`;
    const signal = opts.signal;
    let live: Pod;
    try {
      live = await client.getPod(namespace, name, { signal });
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) { err(`podpatch: ${ref} not found in namespace "${namespace}"; podpatch apply only patches existing pods`); return 1; }
      throw e;
    }
    const profile: Profile = !opts.profile || opts.profile === 'auto' ? detectProfile(context as ResolvedContext) : opts.profile;
    // The server's release decides the rules and whether resources go through pods/resize.
    const server = profile === 'kubernetes' ? await detectServer(client, signal) : undefined;
    if (server?.fallback) err(`podpatch: ${server.fallback}`);
    const fileRv = edited.metadata?.resourceVersion;
    const type = opts.type ?? 'merge';
    // The file's resourceVersion is the precondition: the server's pod must still be the one the file was fetched as.
    const analysis = analyzeEdit(text, live, {
      profile: server ? { ...server, profile, splitResize: true } : profile, patchType: type, parsed, target: { context: context?.name ?? '', namespace, name },
      precondition: opts.forceConflicts || !fileRv ? false : fileRv,
    });
    const whole = analysis.plan;
    if (!whole) throw new UsageError(`${opts.file}: no Pod in the file (expected kind: Pod)`);
    const { plan, split } = resizeSplitPlan(whole, server, type);
    if (plan.refused.length) {
      // Positioned as `podpatch check` positions them (one function), so both name the same spot.
      for (const f of analysis.findings) out(findingLine(opts.file, plan.document, f.path, f.message));
      const errors = analysis.findings.filter((f) => f.severity === 'error').length;
      err(`podpatch: ${ref} cannot be patched (${errors} error${errors === 1 ? '' : 's'}, profile ${profile}); nothing was sent`);
      return 1;
    }
    const outcome = await sendEdit(client, plan, signal, { dryRun: opts.dryRun });
    const resize = () => sendResize(client!, { namespace, name, ref, live, split, type, dryRun: opts.dryRun, signal, out, err, file: opts.file, document: plan.document,
      precondition: outcome.kind === 'patched' && !opts.dryRun && plan.precondition ? outcome.pod.metadata?.resourceVersion : plan.precondition });
    switch (outcome.kind) {
      case 'unchanged':
        if (split.resized) return await resize();
        out(`${ref} unchanged`);
        return 0;
      case 'patched': {
        const changed = changedPaths(live, outcome.pod).filter((c) => !isServerOwnedPath(c.path) && !c.path.startsWith('metadata.managedFields'));
        const suffix = opts.dryRun ? ' (server dry run)' : '';
        if (!changed.length) out(`${ref} patched (no change)${suffix}`);
        else out(`${ref} patched${suffix}: ${changed.map((c) => c.path).join(', ')}`);
        return split.resized ? await resize() : 0;
      }
      case 'conflict':
        reportConflict(err, opts.file, ref, edited, outcome.latest, fileRv ?? '?');
        return 1;
      case 'refused':
        err(`podpatch: the server refused the patch: ${outcome.message}`);
        for (const c of outcome.causes) err(findingLine(opts.file, plan.document, c.field, c.message || c.reason));
        return 1;
      case 'cancelled':
        throw new AbortedError();
      default:
        err(`podpatch: ${outcome.message}`);
        return 1;
    }
  } finally {
    if (!opts.client) client.dispose();
  }
}

/**
 * Where the server serves pods/resize, the edit is two writes: the main plan without the resized
 * resources, and the resize (the stored pod with exactly the edited resources).
 */
function resizeSplitPlan(plan: PatchPlan, server: DetectedServer | undefined, type: PatchType): { plan: PatchPlan; split: ResizeSplit } {
  const split: ResizeSplit = server ? splitResize(plan.base, plan.edited, serverRules(server)) : { main: plan.edited, changes: [] };
  if (!split.resized) return { plan, split };
  const main = split.main;
  let patch: PatchPlan['patch'] | null = null;
  const mainPlan: PatchPlan = {
    target: plan.target, text: plan.text, document: plan.document, partial: plan.partial, base: plan.base, edited: main,
    get patch() {
      if (patch === null) patch = computePodPatch(plan.base, main, type, plan.precondition);
      return patch ?? undefined;
    },
    precondition: plan.precondition, refused: plan.refused, recreateOnly: plan.recreateOnly,
  };
  return { plan: mainPlan, split };
}

/** The second request: PATCH .../pods/{name}/resize after the main patch, reported on its own line. */
async function sendResize(client: PodClient, a: {
  namespace: string; name: string; ref: string; live: Pod; split: ResizeSplit; type: PatchType; precondition?: string; dryRun?: boolean; signal?: AbortSignal;
  out: (l: string) => void; err: (l: string) => void; file: string; document: PatchPlan['document'];
}): Promise<number> {
  const patch = computePodPatch(a.live, a.split.resized!, a.type, a.precondition);
  if (!patch) return 0;
  try {
    await client.patchPod(a.namespace, a.name, patch.body, { type: a.type, dryRun: a.dryRun, signal: a.signal, subresource: 'resize' });
  } catch (e) {
    if (!(e instanceof ApiError) || (e.code !== 422 && e.code !== 409)) throw e;
    a.err(`podpatch: the server refused the resize (pods/resize): ${e.message}`);
    for (const c of e.causes) a.err(findingLine(a.file, a.document, c.field, c.message || c.reason));
    return 1;
  }
  const restarts = [...new Set(a.split.changes.filter((c) => c.restarts).map((c) => c.container))];
  const suffix = (a.dryRun ? ' (server dry run)' : '') + (restarts.length ? `; restarts container ${restarts.map((c) => `"${c}"`).join(', ')}` : '');
  a.out(`${a.ref} resized in place (pods/resize)${suffix}: ${a.split.changes.map((c) => c.path).join(', ')}`);
  return 0;
}

function reportConflict(err: (l: string) => void, file: string, ref: string, edited: Pod, latest: Pod | undefined, fileRv: string): void {
  const now = latest?.metadata?.resourceVersion ?? '?';
  err(`podpatch: conflict: ${ref} was changed on the server since ${file} was fetched (resourceVersion ${fileRv} → ${now}); nothing was changed.`);
  if (latest) {
    const diffs = changedPaths(edited, latest).filter((c) => !isServerOwnedPath(c.path) && !c.path.startsWith('status') && !c.path.startsWith('metadata.managedFields'));
    if (diffs.length) {
      err(`Where the server's pod differs from ${file}:`);
      for (const d of diffs.slice(0, 20)) {
        const mine = getAtPath(edited, d.segments);
        const fileValue = mine.found ? shortValue(mine.value) : '(absent)';
        const serverValue = d.present ? shortValue(d.value) : '(absent)';
        err(`  ${d.path}: ${fileValue} in the file, ${serverValue} on the server`);
      }
      if (diffs.length > 20) err(`  … and ${diffs.length - 20} more`);
    }
  }
  err('Fetch the pod again and redo your edit, or pass --force-conflicts to apply the file over the server\'s changes.');
}

/**
 * For a short-lived CLI process only (never the extension host): V8 compiles undici's WebAssembly
 * HTTP parser with Liftoff and then tiers it up with TurboFan in the background, and waits for
 * that at exit — 300-700 ms measured after the command is done. Liftoff alone is plenty for a
 * few requests. Must run before the first connection (undici compiles the parser lazily).
 */
export function skipWasmTierUp(): void {
  setFlagsFromString('--liftoff-only');
}

export async function run(argv: string[]): Promise<number> {
  skipWasmTierUp();
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        kubeconfig: { type: 'string' },
        context: { type: 'string' },
        namespace: { type: 'string', short: 'n' },
        profile: { type: 'string', default: 'auto' },
        type: { type: 'string', default: 'merge' },
        'dry-run': { type: 'boolean', default: false },
        'force-conflicts': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError(`apply: ${(e as Error).message}`);
  }
  const v = parsed.values;
  if (v.help) { process.stdout.write(usage); return 0; }
  if (parsed.positionals.length !== 1) throw new UsageError('apply: expected exactly one FILE; run `podpatch apply --help`');
  if (!['kubernetes', 'cci', 'auto'].includes(v.profile as string)) throw new UsageError(`apply: --profile must be kubernetes, cci or auto (got "${v.profile}")`);
  if (!['merge', 'strategic', 'json'].includes(v.type as string)) throw new UsageError(`apply: --type must be merge, strategic or json (got "${v.type}")`);
  // Ctrl+C aborts the request in flight and closes the connection; reportFailure prints it as one line, exit 1.
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await applyManifest({
      signal: abort.signal,
      file: parsed.positionals[0],
      kubeconfig: v.kubeconfig,
      context: v.context,
      namespace: v.namespace,
      profile: v.profile as Profile | 'auto',
      type: v.type as PatchType,
      dryRun: v['dry-run'],
      forceConflicts: v['force-conflicts'],
    });
  } catch (e) {
    return reportFailure(e);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Cluster failures are one clear message and exit 1 (usage errors propagate to main's exit 2). */
export function reportFailure(e: unknown): number {
  if (e instanceof UsageError) throw e;
  if (e instanceof ApiError) process.stderr.write(`podpatch: ${redactText(describeApiError(e))}\n`);
  else if (e instanceof NetworkError || e instanceof KubeconfigError || e instanceof ExecPluginError || e instanceof AbortedError) process.stderr.write(`podpatch: ${redactText(e.message)}\n`);
  else throw e;
  return 1;
}
