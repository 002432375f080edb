// `podpatch pods [-n NS | -A] [--watch]`: pods like `kubectl get pods` (NAME READY STATUS
// RESTARTS AGE, NAMESPACE first with -A); with --watch, a row per change until interrupted.
import { parseArgs } from 'node:util';
import { connectToCluster } from '../core/cluster/connect';
import { redactText } from '../core/cluster/redact';
import { TableLayout, formatPodTable, podRow } from '../core/cluster/podTable';
import { PodWatchCache } from '../core/cluster/podWatchCache';
import type { Pod } from '../core/pod';
import { reportFailure, skipWasmTierUp } from './applyCommand';
import { UsageError } from './usageError';

const usage = `usage: podpatch pods [options]

Lists pods like \`kubectl get pods\`.

options:
  --kubeconfig F          kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)
  --context C             kubeconfig context (default: current-context)
  -n, --namespace N       namespace (default: the context's)
  -A, --all-namespaces    pods of every namespace
  -l, --selector S        label selector (app=web,tier!=db)
  -w, --watch             after the list, print a row for every change (Ctrl+C ends)
`;

function byNamespaceAndName(a: Pod, b: Pod): number {
  return (a.metadata?.namespace ?? '').localeCompare(b.metadata?.namespace ?? '') || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');
}

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        kubeconfig: { type: 'string' },
        context: { type: 'string' },
        namespace: { type: 'string', short: 'n' },
        'all-namespaces': { type: 'boolean', short: 'A', default: false },
        selector: { type: 'string', short: 'l' },
        watch: { type: 'boolean', short: 'w', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError(`pods: ${(e as Error).message}`);
  }
  const v = parsed.values;
  if (v.help) { process.stdout.write(usage); return 0; }
  if (!v.watch) skipWasmTierUp(); // a watch runs long: let its parser tier up
  if (v.namespace && v['all-namespaces']) throw new UsageError('pods: pass either --namespace or --all-namespaces, not both');
  try {
    return await listPods({ kubeconfig: v.kubeconfig, context: v.context, namespace: v.namespace, all: v['all-namespaces'] ?? false, selector: v.selector, watch: v.watch ?? false });
  } catch (e) {
    return reportFailure(e);
  }
}

async function listPods(opts: { kubeconfig?: string; context?: string; namespace?: string; all: boolean; selector?: string; watch: boolean }): Promise<number> {
  const { client, context } = await connectToCluster({ kubeconfig: opts.kubeconfig, context: opts.context });
  const namespace = opts.all ? undefined : opts.namespace ?? context.namespace;
  const write = (lines: string[]) => { if (lines.length) process.stdout.write(lines.join('\n') + '\n'); };
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    if (!opts.watch) {
      const { items } = await client.listAllPods(namespace, { signal: abort.signal, labelSelector: opts.selector });
      if (!items.length) {
        process.stderr.write(namespace ? `No resources found in ${namespace} namespace.\n` : 'No resources found\n');
        return 0;
      }
      write(formatPodTable(items.sort(byNamespaceAndName).map((p) => podRow(p)), opts.all));
      return 0;
    }
    const cache = new PodWatchCache(client, { namespace, labelSelector: opts.selector, batchMs: 20 });
    // One layout for the whole watch, as kubectl keeps one tabwriter: rows line up with the header.
    const layout = new TableLayout();
    let header = true;
    const printed = cache.onDidChange((batch) => {
      const pods = [...batch.added, ...batch.modified, ...batch.deleted].sort(byNamespaceAndName);
      write(formatPodTable(pods.map((p) => podRow(p)), opts.all, layout, header));
      header = false;
    });
    const errors = cache.onDidError((e) => process.stderr.write(`podpatch: watch: ${redactText(String((e as Error).message ?? e))} (retrying)\n`));
    const interrupted = new Promise<'interrupted'>((resolve) => {
      if (abort.signal.aborted) resolve('interrupted');
      else abort.signal.addEventListener('abort', () => resolve('interrupted'), { once: true });
    });
    try {
      // Ctrl+C during the first list ends the command too (finally disposes the cache, which aborts the list).
      if ((await Promise.race([cache.start(), interrupted])) === 'interrupted') return 0;
      if (!cache.size) process.stderr.write(namespace ? `No resources found in ${namespace} namespace.\n` : 'No resources found\n');
      await interrupted;
      return 0;
    } finally {
      printed.dispose();
      errors.dispose();
      cache.dispose();
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    client.dispose();
  }
}
