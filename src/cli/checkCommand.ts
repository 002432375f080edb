// `podpatch check OLD NEW`: would the API server accept updating the pod in OLD to the one in NEW?
// One `NEW:line:column: path: message` line per finding (or JSON); exit 0 valid, 1 findings, 2 bad input.
import { readFileSync } from 'node:fs';
import { UsageError } from './usageError';
import { parsePodManifest, type ManifestDocument } from '../core/yaml/manifestParser';
import { checkPodUpdate } from '../core/rules/checkPodUpdate';
import { findingLine, findingPosition } from '../core/lint/findingLocation';
import { isProfile, type Profile } from '../core/rules/profile';
import type { Pod } from '../core/pod';

const HELP = `usage: podpatch check OLD NEW [--profile kubernetes|cci] [--format text|json]

Checks whether the pod in NEW (an edited YAML or JSON manifest) can be applied as an update of the
pod in OLD, with the rules of the chosen API server profile (default: kubernetes).

  --profile kubernetes|cci   upstream Kubernetes rules, or Huawei Cloud CCI's (fewer fields may change)
  --format text|json         text: one "NEW:line:column: path: message" line per finding (default)
                             json: {"valid": bool, "findings": [...]}

Either file may be "-" for standard input. In JSON, a finding's "fix" is {"kind":"revert","path",
"original"} (no "original": remove the field) or {"kind":"recreate"} (only deleting and creating the
pod again can apply the change).

Exit status: 0 the update is valid (information findings may be printed), 1 it has errors,
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

/** Reads and parses a pod manifest; any failure is a UsageError naming the file and position. */
export function loadPodFile(file: string): LoadedPod {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message}`);
  }
  const parsed = parsePodManifest(text);
  if (!parsed.ok) {
    const { start } = parsed.error.range;
    throw new UsageError(`${file}:${start.line + 1}:${start.column + 1}: ${parsed.error.message}`);
  }
  return { file, pod: parsed.pod, document: parsed.document };
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['profile', 'format'], 'check');
  if (args.help) { process.stdout.write(HELP + '\n'); return 0; }
  if (args.positional.length !== 2) throw new UsageError('check: expected two files, OLD and NEW; run `podpatch check --help`');
  const profile = args.options.get('profile') ?? 'kubernetes';
  if (!isProfile(profile)) throw new UsageError(`check: unknown profile "${profile}" (expected kubernetes or cci)`);
  const format = args.options.get('format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`check: unknown format "${format}" (expected text or json)`);
  const oldPod = loadPodFile(args.positional[0]);
  const newPod = loadPodFile(args.positional[1]);
  const findings = checkPodUpdate(oldPod.pod, newPod.pod, profile as Profile);
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
