// `podpatch check OLD NEW`: would the API server accept updating the pod in OLD to the one in NEW?
// One `NEW:line:column: path: message` line per finding (or JSON); exit 0 valid, 1 findings, 2 bad input.
import { UsageError } from './usageError';
import { readBoundedInput } from './boundedInput';
import { parsePodManifest, type ManifestDocument } from '../core/yaml/manifestParser';
import { checkPodResize, checkPodUpdate, type RuleSettings } from '../core/rules/checkPodUpdate';
import { lockedGateError, NEWEST_MINOR, OLDEST_MINOR, parseFeatureGates, parseMinor } from '../core/rules/serverReleases';
import { findingLine, findingPosition } from '../core/lint/findingLocation';
import { isProfile, type Profile } from '../core/rules/profile';
import type { Pod } from '../core/pod';

const HELP = `usage: podpatch check OLD NEW [--profile kubernetes|cci] [--format text|json]
                         [--server-version 1.N] [--feature-gates A=true,B=false] [--subresource resize]

Checks whether the pod in NEW (an edited YAML or JSON manifest) can be applied as an update of the
pod in OLD, with the rules of the chosen API server profile (default: kubernetes).

  --profile kubernetes|cci   upstream Kubernetes rules, or Huawei Cloud CCI's (fewer fields may change)
  --format text|json         text: one "NEW:line:column: path: message" line per finding (default)
                             json: {"valid": bool, "findings": [...]}
  --server-version 1.N       the Kubernetes release whose rules apply, 1.${OLDEST_MINOR} ... 1.${NEWEST_MINOR} (default 1.${NEWEST_MINOR});
                             where it serves pods/resize, container cpu/memory changes are checked
                             as the resize podpatch sends and reported as information (warning when
                             the container restarts), not as errors
  --feature-gates G          that release's feature gates overridden, as the components take them
  --subresource resize       check NEW as a PATCH .../pods/NAME/resize request: only resources and
                             resizePolicy are applied (other changes: information), then the
                             release's resize rules (ValidatePodResize)

Either file may be "-" for standard input. In JSON, a finding's "fix" is {"kind":"revert","path",
"original"} (no "original": remove the field) or {"kind":"recreate"} (only deleting and creating the
pod again can apply the change).

Exit status: 0 the update is valid (information and warning findings may be printed), 1 it has errors,
2 bad usage or unreadable input.`;

export type ParsedArgs = { positional: string[]; options: Map<string, string>; help: boolean };

/** Parses `--name value`, `--name=value` and positionals; only the names in `allowed` are accepted. */
export function parseArgs(argv: string[], allowed: readonly string[], command: string): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') { help = true; continue; }
    if (arg === '--') { positional.push(...argv.slice(i + 1)); break; }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      if (!allowed.includes(name)) throw new UsageError(`${command}: unknown option --${name}; run \`podpatch ${command} --help\``);
      const value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined) throw new UsageError(`${command}: option --${name} needs a value`);
      options.set(name, value);
      continue;
    }
    positional.push(arg);
  }
  return { positional, options, help };
}

export type LoadedPod = { file: string; pod: Pod; document: ManifestDocument };

/** Reads (with the manifest byte cap) and parses a pod manifest; any failure is a UsageError naming the file and position. */
export async function loadPodFile(file: string): Promise<LoadedPod> {
  const text = await readBoundedInput(file);
  const parsed = parsePodManifest(text);
  if (!parsed.ok) {
    const { start } = parsed.error.range;
    throw new UsageError(`${file}:${start.line + 1}:${start.column + 1}: ${parsed.error.message}`);
  }
  return { file, pod: parsed.pod, document: parsed.document };
}

/** --server-version and --feature-gates, as check, diff and apply take them. */
export function serverSettings(options: Map<string, string>, command: string): RuleSettings {
  const version = options.get('server-version');
  const minor = version === undefined ? NEWEST_MINOR : parseMinor(version);
  if (minor === undefined || minor < OLDEST_MINOR || minor > NEWEST_MINOR) {
    throw new UsageError(`${command}: --server-version must be 1.${OLDEST_MINOR} ... 1.${NEWEST_MINOR}, got "${version}"`);
  }
  const gates = options.get('feature-gates');
  let featureGates: Record<string, boolean> | undefined;
  try {
    featureGates = gates === undefined ? undefined : parseFeatureGates(gates);
  } catch (err) {
    throw new UsageError(`${command}: ${(err as Error).message}`);
  }
  const locked = featureGates && lockedGateError(minor, featureGates);
  if (locked) throw new UsageError(`${command}: ${locked}`);
  return { serverVersion: `1.${minor}`, featureGates };
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['profile', 'format', 'server-version', 'feature-gates', 'subresource'], 'check');
  if (args.help) { process.stdout.write(HELP + '\n'); return 0; }
  if (args.positional.length !== 2) throw new UsageError('check: expected two files, OLD and NEW; run `podpatch check --help`');
  const profile = args.options.get('profile') ?? 'kubernetes';
  if (!isProfile(profile)) throw new UsageError(`check: unknown profile "${profile}" (expected kubernetes or cci)`);
  const format = args.options.get('format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`check: unknown format "${format}" (expected text or json)`);
  const subresource = args.options.get('subresource');
  if (subresource !== undefined && subresource !== 'resize') throw new UsageError(`check: unknown subresource "${subresource}" (expected resize)`);
  if (subresource && profile !== 'kubernetes') throw new UsageError('check: --subresource resize needs the kubernetes profile');
  const settings: RuleSettings = { ...serverSettings(args.options, 'check'), profile: profile as Profile };
  const oldPod = await loadPodFile(args.positional[0]);
  const newPod = await loadPodFile(args.positional[1]);
  const findings = subresource
    ? checkPodResize(oldPod.pod, newPod.pod, settings)
    : checkPodUpdate(oldPod.pod, newPod.pod, { ...settings, splitResize: true });
  const valid = !findings.some((f) => f.severity === 'error');
  if (format === 'json') {
    const rows = findings.map((f) => {
      const at = findingPosition(newPod.document, f.path);
      return { path: f.path, type: f.type, severity: f.severity, message: f.message, detail: f.detail ?? null, line: at.line + 1, column: at.column + 1, fix: f.fix ?? null };
    });
    process.stdout.write(JSON.stringify({ valid, findings: rows }, null, 2) + '\n');
  } else {
    for (const f of findings) process.stdout.write(findingLine(newPod.file, newPod.document, f.path, f.message) + '\n');
  }
  return valid ? 0 : 1;
}
