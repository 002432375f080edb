// `npm run test:real`, second part: podpatch's extension-host suite test/vscode/realSuite/ inside the
// real VS Code, with KUBECONFIG naming a real kube-apiserver (and etcd) started here and a pod
// created on it. Ends with `[podpatch-vscode] summary {json}`, as test/runVscodeTests.ts does.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runExtensionTests, type ExtensionTestSummary } from '../harness/extensionTestRun';
import { testResultsRoot } from '../harness/vscodeTargets';
import { createPod, startRealCluster, writeKubeconfig } from './realCluster';

const CONTEXT = 'podpatch-real';

async function main(): Promise<ExtensionTestSummary> {
  const started = Date.now();
  const root = path.resolve(__dirname, '..', '..', '..');
  const built = JSON.parse(readFileSync(path.join(root, '.oracle-cache', 'real-server.json'), 'utf8')) as { dir?: string; skipped?: string };
  if (!built.dir) return { passed: 0, failed: 0, skipped: 1, skipReason: built.skipped, failures: [], seconds: 0 };
  const abort = new AbortController();
  const cluster = await startRealCluster(built.dir, abort.signal);
  const dir = mkdtempSync(path.join(tmpdir(), 'podpatch-real-kubeconfig-'));
  try {
    const caFile = path.join(dir, 'ca.crt');
    writeFileSync(caFile, cluster.caPem);
    const kubeconfig = path.join(dir, 'kubeconfig.yaml');
    writeKubeconfig(cluster, kubeconfig, CONTEXT);
    await createPod(cluster, {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'real-pod', labels: { app: 'real' } },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '100m', memory: '128Mi' } } }] },
    }, abort.signal);
    console.log(`[podpatch-vscode] real server ${cluster.version} on ${cluster.url}; pod default/real-pod created`);
    return await runExtensionTests({
      resultsDir: path.join(testResultsRoot(), 'real-vscode'),
      suiteDir: 'realSuite',
      env: { KUBECONFIG: kubeconfig, PODPATCH_REAL_URL: cluster.url, PODPATCH_REAL_TOKEN: cluster.token, PODPATCH_REAL_CA: caFile, PODPATCH_REAL_CONTEXT: CONTEXT },
      started,
    });
  } finally {
    abort.abort();
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (s) => {
    console.log(`[podpatch-vscode] summary ${JSON.stringify(s)}`);
    process.exit(s.failed ? 1 : 0);
  },
  (err: unknown) => {
    const error = err instanceof Error ? err.stack ?? err.message : String(err);
    console.log(`[podpatch-vscode] summary ${JSON.stringify({ passed: 0, failed: 1, skipped: 0, failures: [{ title: 'real extension test setup', error }], seconds: 0 })}`);
    process.exit(1);
  },
);
