// The sandbox Kubernetes API server: assembles the stores, routes, TLS, auth, admin API and state
// file into one node:http(s) server. `startSandbox` is what the CLI and in-process tests call.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Profile } from '../core/rules/profile';
import { serverRules } from '../core/rules/serverReleases';
import { ResourceStore, RvClock } from './resourceStore';
import { initialNamespaces, initialPods } from './seedPods';
import { StatusSimulator } from './statusSimulator';
import { WatchRegistry } from './watchStream';
import type { SandboxContext } from './sandboxContext';
import { FaultInjector } from './faultInjector';
import { ADMIN_PREFIX, adminRoute, type RecordedRequest } from './adminApi';
import { routeApiRequest } from './apiRouter';
import { sendStatus, setPrettyStyle } from './httpIo';
import { ApiStatusError, internalError, unauthorized } from './statusErrors';
import { createCertificateAuthority, createServerCertificate } from './tls/certificates';
import { kubeconfigYaml, writeKubeconfig } from './kubeconfigWriter';
import { loadState, StatePersister } from './statePersistence';
import { createClusterFeatures } from './clusterFeatures';
import { initialRealisticPods } from './realisticPods';

export type SandboxOptions = {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  profile?: Profile;
  /** The Kubernetes release to play, "1.29" ... "1.37" (default: the newest modelled). */
  kubernetesVersion?: string;
  /** Feature gate overrides of that release's defaults. */
  featureGates?: Record<string, boolean>;
  kubeconfigOut?: string;
  /** Require `Authorization: Bearer <token>`. */
  token?: string;
  tls?: boolean;
  /** Generated pods besides the seed's pod. */
  pods?: number;
  /** Generated pods as a real cluster's (managedFields, sidecars, full status; 5-10 KB each). */
  realistic?: boolean;
  stateFile?: string;
  /** Serve the admin/fault-injection API under /_podpatch/. */
  admin?: boolean;
  /** Delay of each simulated status step (scheduling, container start, restart). */
  statusDelayMs?: number;
  /** Longest simulated termination after a graceful delete. */
  terminationMs?: number;
  bookmarkIntervalMs?: number;
  /** Seed the demo Deployment `web` in namespace default (npm start does). */
  seedWorkloads?: boolean;
  /** How long a Job's pod runs before it succeeds (default 2000). */
  jobRunMs?: number;
  /** How often a running container writes a log line (default 2000). */
  logIntervalMs?: number;
  /** Receives one line per unexpected server error. */
  log?: (line: string) => void;
};

export type RunningSandbox = {
  url: string;
  kubeconfigPath?: string;
  caPem?: string;
  token?: string;
  close(): Promise<void>;
};

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  const host = opts.host ?? '127.0.0.1';
  const podCount = opts.pods ?? 0;
  const log = opts.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const podsAtStart = opts.realistic ? initialRealisticPods : initialPods;
  const clock = new RvClock();
  const startedAt = new Date(); // generated pods' ages are relative to it, also after a reset
  const pods = new ResourceStore(clock);
  const namespaces = new ResourceStore(clock);
  const state = opts.stateFile ? loadState(opts.stateFile) : undefined;
  if (state) {
    clock.current = state.resourceVersion;
    namespaces.load(state.namespaces);
    pods.load(state.pods);
  } else {
    namespaces.load(initialNamespaces(podCount));
    pods.load(podsAtStart(podCount, startedAt));
  }
  const watches = new WatchRegistry();
  const simulator = new StatusSimulator(pods, opts.statusDelayMs ?? 400, opts.terminationMs ?? 300);
  const features = createClusterFeatures(clock, pods, simulator, opts.profile ?? 'kubernetes', { seedWorkloads: opts.seedWorkloads, jobRunMs: opts.jobRunMs });
  features.seed();
  const release = { serverVersion: opts.kubernetesVersion, featureGates: opts.featureGates };
  setPrettyStyle(opts.profile ?? 'kubernetes');
  const ctx: SandboxContext = {
    pods, namespaces, profile: opts.profile ?? 'kubernetes', server: release, rules: serverRules(release), simulator, watches, bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 30_000,
    resources: features.resources, logIntervalMs: opts.logIntervalMs ?? 2000,
  };

  // Folds any journal into a fresh snapshot at start, then journals every change.
  const persister = opts.stateFile ? new StatePersister(opts.stateFile, { pods, namespaces }) : undefined;
  persister?.snapshot();

  const faults = new FaultInjector();
  const requests: RecordedRequest[] = [];
  // The request log is for tests; a bound keeps a long-running sandbox's memory flat.
  const record = (r: RecordedRequest) => {
    if (requests.length >= 20_000) requests.splice(0, 1_000);
    requests.push(r);
  };
  const reset = async () => {
    faults.clear();
    simulator.stop();
    requests.length = 0;
    // Pods first: namespaces are never deleted, so the initial ones all exist; extra ones go last.
    // In turns: 2,000 pods compared in one go kept other clients waiting (issue 13).
    await pods.resetInTurns(podsAtStart(podCount, startedAt));
    namespaces.resetTo(initialNamespaces(podCount));
    features.reset();
    persister?.snapshot();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const path = url.pathname;
    const isAdmin = path.startsWith(ADMIN_PREFIX);
    if (!isAdmin) {
      // On 'close', not 'finish': a stream the client cut off (a log follow, a watch) never
      // finishes, and tests need to see that it ended.
      res.once('close', () => record({
        method: req.method ?? 'GET', path, query: url.search.slice(1) || undefined,
        contentType: req.headers['content-type'], status: res.statusCode,
        ...(res.writableFinished ? {} : { aborted: true }),
      }));
    }
    try {
      if (opts.token && req.headers.authorization !== `Bearer ${opts.token}`) throw unauthorized();
      if (isAdmin) {
        if (!opts.admin) throw new ApiStatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 });
        await adminRoute({ ctx, faults, requests, reset }, req, res, path);
        return;
      }
      const fault = faults.intercept(req, res, path);
      if (fault === 'handled') return;
      if (fault) await fault;
      await routeApiRequest(ctx, req, res, url, serverUrl);
    } catch (err) {
      if (res.headersSent) { res.destroy(); return; }
      if (err instanceof ApiStatusError) {
        sendStatus(res, err.status, url.searchParams.has('pretty'), err.headers);
      } else {
        log(`sandbox: ${req.method} ${req.url}: ${(err as Error).stack ?? String(err)}`);
        sendStatus(res, internalError((err as Error).message).status);
      }
    }
  };
  const listener = (req: IncomingMessage, res: ServerResponse) => { void handle(req, res); };

  let caPem: string | undefined;
  let server: Server;
  if (opts.tls) {
    const ca = createCertificateAuthority();
    const leaf = createServerCertificate(ca, host === '0.0.0.0' || host === '::' ? [] : [host]);
    caPem = ca.certPem;
    server = createHttpsServer({ key: leaf.keyPem, cert: leaf.certPem }, listener);
  } else {
    server = createHttpServer(listener);
  }
  server.keepAliveTimeout = 65_000; // longer than clients' idle pools, so reused sockets are not cut under them

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => { server.off('error', reject); resolve(); });
  });
  const port = (server.address() as AddressInfo).port;
  const serverUrl = `${opts.tls ? 'https' : 'http'}://${urlHost(host)}:${port}`;

  if (opts.kubeconfigOut) writeKubeconfig(opts.kubeconfigOut, kubeconfigYaml({ server: serverUrl, caPem, token: opts.token }));

  let closing: Promise<void> | undefined;
  return {
    url: serverUrl,
    kubeconfigPath: opts.kubeconfigOut,
    caPem,
    token: opts.token,
    close() {
      closing ??= new Promise<void>((resolve) => {
        simulator.stop();
        features.stop();
        faults.clear();
        watches.endAll();
        persister?.dispose();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
