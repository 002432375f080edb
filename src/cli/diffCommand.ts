// `podpatch diff OLD NEW`: prints the patch (merge by default) that turns the pod in OLD into NEW,
// and says on stderr, with its own exit code, when the server would refuse that patch.
import { UsageError } from './usageError';
import { loadPodFile, parseArgs, serverSettings } from './checkCommand';
import { splitResize } from '../core/rules/resizeSplit';
import { serverRules } from '../core/rules/serverReleases';
import { createMergePatch } from '../core/patch/mergePatch';
import { createStrategicMergePatch } from '../core/patch/strategicMergePatch';
import { StrategicMergePatchError } from '../core/patch/strategicMergeErrors';
import { createJsonPatch } from '../core/patch/jsonPatch';
import { checkPodUpdate } from '../core/rules/checkPodUpdate';
import { isProfile } from '../core/rules/profile';
import { findingLine } from '../core/lint/findingLocation';

/** Distinct from 1 (a failure) and 2 (bad usage): the patch is printed, but the server would refuse it. */
export const EXIT_REFUSED = 3;

const HELP = `usage: podpatch diff OLD NEW [--type merge|strategic|json] [--resource-version RV]
                          [--profile kubernetes|cci] [--server-version 1.N] [--feature-gates A=true,B=false]

Prints, as one line of JSON, the patch that turns the pod in OLD into the pod in NEW. Server-owned
fields (status, resourceVersion, uid, ...) are left out.

  --type merge       RFC 7386 JSON merge patch, application/merge-patch+json (default)
  --type strategic   Kubernetes strategic merge patch (containers merged by name)
  --type json        RFC 6902 JSON patch (a list of operations)
  --resource-version RV
                     make the patch fail with a conflict if the pod's resourceVersion is no longer RV
  --profile kubernetes|cci
                     the API server rules the change is checked with (default kubernetes)

  --server-version 1.N, --feature-gates G
                     the server's release (and gates) whose rules check the change: where it serves
                     pods/resize and container cpu/memory changed, a second line holds the patch for
                     PATCH .../pods/NAME/resize and the first line leaves those resources out

Prints {} (or [] for --type json) when nothing patchable changed. When the server would refuse the
change, the patch is still printed and stderr has one "NEW:line:column: path: message" line per
error, as \`podpatch check\` prints them.

Exit status: 0 the patch is printed and the server would accept it, ${EXIT_REFUSED} the patch is printed but
the server would refuse it (see stderr), 2 bad usage or unreadable input.`;

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['type', 'resource-version', 'profile', 'server-version', 'feature-gates'], 'diff');
  if (args.help) { process.stdout.write(HELP + '\n'); return 0; }
  if (args.positional.length !== 2) throw new UsageError('diff: expected two files, OLD and NEW; run `podpatch diff --help`');
  const type = args.options.get('type') ?? 'merge';
  if (type !== 'merge' && type !== 'strategic' && type !== 'json') throw new UsageError(`diff: unknown patch type "${type}" (expected merge, strategic or json)`);
  const profile = args.options.get('profile') ?? 'kubernetes';
  if (!isProfile(profile)) throw new UsageError(`diff: unknown profile "${profile}" (expected kubernetes or cci)`);
  const opts = { resourceVersion: args.options.get('resource-version') };
  const versioned = args.options.has('server-version') || args.options.has('feature-gates');
  const settings = versioned ? serverSettings(args.options, 'diff') : undefined;
  const base = (await loadPodFile(args.positional[0])).pod;
  const edited = await loadPodFile(args.positional[1]);
  const make = (next: typeof base) => {
    try {
      return type === 'json' ? createJsonPatch(base, next, opts)
        : (type === 'strategic' ? createStrategicMergePatch(base, next, opts) : createMergePatch(base, next, opts)) ?? {};
    } catch (err) {
      if (err instanceof StrategicMergePatchError) throw new UsageError(`diff: ${err.message}`); // what kubectl edit says of the same pods
      throw err;
    }
  };
  // Only with an explicit release: the split output has two lines, scripts reading one keep working.
  const split = settings && profile === 'kubernetes' ? splitResize(base, edited.pod, serverRules(settings)) : undefined;
  const patches = [make(split?.main ?? edited.pod), ...(split?.resized ? [make(split.resized)] : [])];
  for (const patch of patches) process.stdout.write(JSON.stringify(patch) + '\n');
  const errors = checkPodUpdate(base, edited.pod, { ...settings, profile, splitResize: !!split }).filter((f) => f.severity === 'error');
  for (const f of errors) process.stderr.write(findingLine(edited.file, edited.document, f.path, f.message) + '\n');
  return errors.length ? EXIT_REFUSED : 0;
}
