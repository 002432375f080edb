// `podpatch diff OLD NEW`: prints the patch (merge by default) that turns the pod in OLD into NEW,
// and says on stderr, with its own exit code, when the server would refuse that patch.
import { UsageError } from './usageError';
import { loadPodFile, parseArgs } from './checkCommand';
import { createMergePatch } from '../core/patch/mergePatch';
import { createStrategicMergePatch } from '../core/patch/strategicMergePatch';
import { createJsonPatch } from '../core/patch/jsonPatch';
import { checkPodUpdate } from '../core/rules/checkPodUpdate';
import { isProfile } from '../core/rules/profile';
import { findingLine } from '../core/lint/findingLocation';

/** Distinct from 1 (a failure) and 2 (bad usage): the patch is printed, but the server would refuse it. */
export const EXIT_REFUSED = 3;

const HELP = `usage: podpatch diff OLD NEW [--type merge|strategic|json] [--resource-version RV]
                          [--profile kubernetes|cci]

Prints, as one line of JSON, the patch that turns the pod in OLD into the pod in NEW. Server-owned
fields (status, resourceVersion, uid, ...) are left out.

  --type merge       RFC 7386 JSON merge patch, application/merge-patch+json (default)
  --type strategic   Kubernetes strategic merge patch (containers merged by name)
  --type json        RFC 6902 JSON patch (a list of operations)
  --resource-version RV
                     make the patch fail with a conflict if the pod's resourceVersion is no longer RV
  --profile kubernetes|cci
                     the API server rules the change is checked with (default kubernetes)

Prints {} (or [] for --type json) when nothing patchable changed. When the server would refuse the
change, the patch is still printed and stderr has one "NEW:line:column: path: message" line per
error, as \`podpatch check\` prints them.

Exit status: 0 the patch is printed and the server would accept it, ${EXIT_REFUSED} the patch is printed but
the server would refuse it (see stderr), 2 bad usage or unreadable input.`;

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['type', 'resource-version', 'profile'], 'diff');
  if (args.help) { process.stdout.write(HELP + '\n'); return 0; }
  if (args.positional.length !== 2) throw new UsageError('diff: expected two files, OLD and NEW; run `podpatch diff --help`');
  const type = args.options.get('type') ?? 'merge';
  if (type !== 'merge' && type !== 'strategic' && type !== 'json') throw new UsageError(`diff: unknown patch type "${type}" (expected merge, strategic or json)`);
  const profile = args.options.get('profile') ?? 'kubernetes';
  if (!isProfile(profile)) throw new UsageError(`diff: unknown profile "${profile}" (expected kubernetes or cci)`);
  const opts = { resourceVersion: args.options.get('resource-version') };
  const base = loadPodFile(args.positional[0]).pod;
  const edited = loadPodFile(args.positional[1]);
  const patch = type === 'json' ? createJsonPatch(base, edited.pod, opts)
    : (type === 'strategic' ? createStrategicMergePatch(base, edited.pod, opts) : createMergePatch(base, edited.pod, opts)) ?? {};
  process.stdout.write(JSON.stringify(patch) + '\n');
  const errors = checkPodUpdate(base, edited.pod, profile).filter((f) => f.severity === 'error');
  for (const f of errors) process.stderr.write(findingLine(edited.file, edited.document, f.path, f.message) + '\n');
  return errors.length ? EXIT_REFUSED : 0;
}
