// `podpatch diff OLD NEW`: prints the patch (merge by default) that turns the pod in OLD into NEW.
import { UsageError } from './usageError';
import { loadPodFile, parseArgs } from './checkCommand';
import { createMergePatch } from '../core/patch/mergePatch';
import { createStrategicMergePatch } from '../core/patch/strategicMergePatch';
import { createJsonPatch } from '../core/patch/jsonPatch';

const HELP = `usage: podpatch diff OLD NEW [--type merge|strategic|json] [--resource-version RV]

Prints, as one line of JSON, the patch that turns the pod in OLD into the pod in NEW. Server-owned
fields (status, resourceVersion, uid, ...) are left out.

  --type merge       RFC 7386 JSON merge patch, application/merge-patch+json (default)
  --type strategic   Kubernetes strategic merge patch (containers merged by name)
  --type json        RFC 6902 JSON patch (a list of operations)
  --resource-version RV
                     make the patch fail with a conflict if the pod's resourceVersion is no longer RV

Prints {} (or [] for --type json) when nothing patchable changed.`;

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['type', 'resource-version'], 'diff');
  if (args.help) { process.stdout.write(HELP + '\n'); return 0; }
  if (args.positional.length !== 2) throw new UsageError('diff: expected two files, OLD and NEW; run `podpatch diff --help`');
  const type = args.options.get('type') ?? 'merge';
  if (type !== 'merge' && type !== 'strategic' && type !== 'json') throw new UsageError(`diff: unknown patch type "${type}" (expected merge, strategic or json)`);
  const opts = { resourceVersion: args.options.get('resource-version') };
  const base = (await loadPodFile(args.positional[0])).pod;
  const edited = (await loadPodFile(args.positional[1])).pod;
  const patch = type === 'json' ? createJsonPatch(base, edited, opts)
    : (type === 'strategic' ? createStrategicMergePatch(base, edited, opts) : createMergePatch(base, edited, opts)) ?? {};
  process.stdout.write(JSON.stringify(patch) + '\n');
  return 0;
}
