// Entry point of the `podpatch` CLI: dispatches to one module per subcommand, loaded lazily so
// that `podpatch check` does not pay for the sandbox server or the cluster client.
import { UsageError } from './usageError';
import { redactText } from '../core/cluster/redact';

type Subcommand = { summary: string; load: () => { run(argv: string[]): Promise<number> } };

const subcommands: Record<string, Subcommand> = {
  check: { summary: 'check whether an edited pod manifest can be patched', load: () => require('./checkCommand') },
  diff: { summary: 'print the patch that turns one pod manifest into another', load: () => require('./diffCommand') },
  apply: { summary: 'patch a live pod from an edited manifest', load: () => require('./applyCommand') },
  pods: { summary: 'list pods like kubectl get pods', load: () => require('./podsCommand') },
  sandbox: { summary: 'run the sandbox Kubernetes API server', load: () => require('./sandboxCommand') },
};

function usage(): string {
  const rows = Object.entries(subcommands).map(([name, s]) => `  ${name.padEnd(9)} ${s.summary}`);
  return ['usage: podpatch <command> [options]', '', 'commands:', ...rows, '', 'Run `podpatch <command> --help` for a command\'s options.'].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  const sub = subcommands[name];
  if (!sub) throw new UsageError(`unknown command "${name}"; run \`podpatch --help\``);
  return sub.load().run(rest);
}

// Exit as soon as the output is flushed rather than when the event loop drains: after the last
// request V8 keeps tiering up undici's WebAssembly HTTP parser in the background, which would hold
// `podpatch apply`/`pods` for another ~0.5 s (measured) with nothing left to do.
function exitWhenFlushed(): void {
  let pending = 2;
  const done = () => { if (--pending === 0) process.exit(); };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; exitWhenFlushed(); },
  (err: unknown) => {
    // Usage and input errors are one line on stderr with exit 2, as the issue asks; anything
    // else is a bug or an environment failure and keeps its message (not a stack) too.
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`podpatch: ${redactText(message)}\n`);
    process.exitCode = err instanceof UsageError ? 2 : 1;
    exitWhenFlushed();
  },
);
