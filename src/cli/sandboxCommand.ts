// `podpatch sandbox`: runs the sandbox Kubernetes API server until SIGINT/SIGTERM, printing exactly
// one `sandbox listening on <url>` line once it accepts connections (after writing the kubeconfig).
import { isProfile } from '../core/rules/profile';
import { lockedGateError, NEWEST_MINOR, OLDEST_MINOR, parseFeatureGates, parseMinor } from '../core/rules/serverReleases';
import { startSandbox, type SandboxOptions } from '../sandbox/sandboxServer';
import { StateFileError } from '../sandbox/statePersistence';
import { UsageError } from './usageError';

const HELP = `usage: podpatch sandbox [options]

Runs a Kubernetes-compatible API server for pods (the seed's pod-test in namespace-test, plus
generated pods), that kubectl and podpatch can use as a cluster.

options:
  --host H             address to listen on (default 127.0.0.1)
  --port N             port, 0 for a free one (default 0)
  --profile P          update rules: kubernetes (default) or cci
  --kubernetes-version V  the release to play, 1.29 ... 1.37 (default 1.37): /version, discovery
                       (pods/resize from 1.33, or 1.32 with the gate) and the update/resize rules
  --feature-gates G    gate overrides as the components spell them, e.g. InPlacePodVerticalScaling=true
  --kubeconfig-out F   write a kubeconfig (context podpatch-sandbox) to F before listening
  --token T            require "Authorization: Bearer T"
  --tls                serve HTTPS with a certificate generated at start (CA in the kubeconfig)
  --pods N             also create N generated pods over several namespaces (default 0)
  --state F            keep the store in F across restarts
  --admin              serve the fault-injection API under /_podpatch/
  --status-delay MS    delay of each simulated pod status step (default 400)
  --bookmark-interval MS  how often watches that allow bookmarks get one (default 30000)
  --log-interval MS    how often a running container writes a log line (default 2000)
  --realistic          generated pods as a real cluster's (managedFields, sidecars; 5-10 KB each)
  --seed-workloads     also create the Deployment web (2 pods) in namespace default
  --job-run MS         how long a Job's pod runs before it succeeds (default 2000)
`;

const VALUE_FLAGS = new Set(['--host', '--port', '--profile', '--kubernetes-version', '--feature-gates', '--kubeconfig-out', '--token', '--pods', '--state', '--status-delay', '--bookmark-interval', '--log-interval', '--job-run']);
const BOOL_FLAGS = new Set(['--tls', '--admin', '--seed-workloads', '--realistic']);

function parseArgs(argv: string[]): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (BOOL_FLAGS.has(flag) && eq < 0) { out[flag] = true; continue; }
    if (!VALUE_FLAGS.has(flag)) throw new UsageError(`sandbox: unknown option ${arg}; run \`podpatch sandbox --help\``);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`sandbox: ${flag} needs a value`);
    out[flag] = value;
  }
  return out;
}

function nonNegativeInt(flag: string, v: string | true | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isInteger(n) || n < 0) throw new UsageError(`sandbox: ${flag} must be a non-negative integer, got ${String(v)}`);
  return n;
}

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(HELP);
    return 0;
  }
  const args = parseArgs(argv);
  const profile = args['--profile'] ?? 'kubernetes';
  if (!isProfile(profile)) throw new UsageError(`sandbox: --profile must be kubernetes or cci, got ${String(profile)}`);
  const version = args['--kubernetes-version'] as string | undefined;
  const minor = version === undefined ? NEWEST_MINOR : parseMinor(version);
  if (minor === undefined || minor < OLDEST_MINOR || minor > NEWEST_MINOR) {
    throw new UsageError(`sandbox: --kubernetes-version must be 1.${OLDEST_MINOR} ... 1.${NEWEST_MINOR}, got ${String(version)}`);
  }
  let featureGates: Record<string, boolean> | undefined;
  try {
    featureGates = args['--feature-gates'] === undefined ? undefined : parseFeatureGates(String(args['--feature-gates']));
  } catch (err) {
    throw new UsageError(`sandbox: ${(err as Error).message}`);
  }
  const locked = featureGates && lockedGateError(minor, featureGates);
  if (locked) throw new UsageError(`sandbox: ${locked}`);
  const port = nonNegativeInt('--port', args['--port']) ?? 0;
  if (port > 65535) throw new UsageError('sandbox: --port must be at most 65535');
  const options: SandboxOptions = {
    host: (args['--host'] as string | undefined) ?? '127.0.0.1',
    port,
    profile,
    kubernetesVersion: `1.${minor}`,
    featureGates,
    kubeconfigOut: args['--kubeconfig-out'] as string | undefined,
    token: args['--token'] as string | undefined,
    tls: args['--tls'] === true,
    pods: nonNegativeInt('--pods', args['--pods']) ?? 0,
    stateFile: args['--state'] as string | undefined,
    admin: args['--admin'] === true,
    statusDelayMs: nonNegativeInt('--status-delay', args['--status-delay']),
    bookmarkIntervalMs: nonNegativeInt('--bookmark-interval', args['--bookmark-interval']) || undefined,
    logIntervalMs: nonNegativeInt('--log-interval', args['--log-interval']) || undefined,
    seedWorkloads: args['--seed-workloads'] === true,
    realistic: args['--realistic'] === true,
    jobRunMs: nonNegativeInt('--job-run', args['--job-run']),
  };
  const sandbox = await startSandbox(options).catch((err: unknown) => {
    throw err instanceof StateFileError ? new UsageError(`sandbox: ${err.message}`) : err;
  });
  process.stdout.write(`sandbox listening on ${sandbox.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void sandbox.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}
