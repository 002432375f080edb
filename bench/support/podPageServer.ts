// A loopback stand-in for the API server of a 100,000-pod cluster, for bench/treeScale.ts: the
// sandbox's `--realistic` pods (realisticPod, the same JSON), generated page by page on request
// instead of stored, because the sandbox itself holding them took 95 s to start and 4.3 GB of RSS
// on the 2-core bench machine (measured 2026-12-02). Serves what a watch cache asks for:
//  - GET /api/v1/pods?limit=L&continue=C: PodList pages with a continue token and one resourceVersion;
//  - GET /api/v1/pods?watch=true&resourceVersion=R: MODIFIED events of random pods (a restart
//    count that moves, so every event changes the row) at `perSecond`, `events` in all, then idle;
//    a watch's events start when the client POSTs /start (after it measured its heap at rest).
// Run as a child process (`node podPageServer.js <pods> <perSecond> <events>`): prints
// `listening <url>` and serves until killed, so none of its memory counts as the client's.
import { createServer, type ServerResponse } from 'node:http';
import type { JsonObject } from '../../src/core/pod';
import { realisticPod } from '../../src/sandbox/realisticPods';
import { generatedNamespaceNames } from '../../src/sandbox/seedPods';

const [pods, perSecond, events] = process.argv.slice(2).map(Number);
const namespaces = generatedNamespaceNames(pods);
const now = new Date();
const listRv = pods + 1;
let rv = listRv;

function pod(i: number, version: number, restarts: number): JsonObject {
  const p = realisticPod(i, namespaces, now) as unknown as JsonObject & { metadata: JsonObject; status: { containerStatuses?: JsonObject[] } };
  p.metadata.resourceVersion = String(version);
  const first = p.status.containerStatuses?.[0];
  if (first) first.restartCount = restarts;
  return p;
}

// Events reuse the JSON of a pool of pods with the version and restart count written in, so the
// stand-in server spends its CPU (shared with the client on a 2-core machine) on sending, not on
// building 1,000 pods a second.
const RV_MARK = '"resourceVersion":"0"';
const RESTARTS_MARK = 987_654_321;
const eventPool = new Map<number, string>();

function eventJson(i: number, version: number): string {
  let template = eventPool.get(i);
  if (!template) {
    template = JSON.stringify({ type: 'MODIFIED', object: pod(i, 0, RESTARTS_MARK) });
    eventPool.set(i, template);
  }
  return template.replace(RV_MARK, `"resourceVersion":"${version}"`).replace(String(RESTARTS_MARK), String(version));
}

function list(res: ServerResponse, limit: number, from: number): void {
  const end = Math.min(pods, from + (limit > 0 ? limit : pods));
  // Written item by item: an unpaged list of 100,000 pods would not fit in one string.
  res.writeHead(200, { 'content-type': 'application/json' });
  const cont = end < pods ? String(end) : '';
  res.write(`{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"${listRv}"${cont ? `,"continue":"${cont}"` : ''}},"items":[`);
  for (let i = from; i < end; i++) res.write((i > from ? ',' : '') + JSON.stringify(pod(i, i + 1, 0)));
  res.end(']}');
}

/** Watches waiting for the next POST /start (each bench run starts its own). */
const waiting: ServerResponse[] = [];

function watch(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
  waiting.push(res);
  res.on('close', () => { const i = waiting.indexOf(res); if (i >= 0) waiting.splice(i, 1); });
}

function stream(res: ServerResponse): void {
  const started = performance.now();
  let sent = 0;
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const timer = setInterval(() => {
    // Catch up to the wall clock, so timer jitter does not lower the event rate.
    const due = Math.min(events, Math.floor(((performance.now() - started) / 1000) * perSecond));
    const lines: string[] = [];
    for (; sent < due; sent++) {
      const version = ++rv;
      // 2,000 distinct pods at most: the model work is the same for any pod, the JSON is reused.
      lines.push(eventJson(Math.floor(random() * Math.min(pods, 2000)) * Math.max(1, Math.floor(pods / 2000)), version));
    }
    if (lines.length) res.write(lines.join('\n') + '\n');
    if (sent >= events) clearInterval(timer);
  }, 5);
  res.on('close', () => clearInterval(timer));
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname === '/start') {
    for (const w of waiting.splice(0)) stream(w);
    res.writeHead(204).end();
    return;
  }
  if (url.pathname !== '/api/v1/pods') { res.writeHead(404).end(); return; }
  if (url.searchParams.get('watch') === 'true') watch(res);
  else list(res, Number(url.searchParams.get('limit') ?? 0), Number(url.searchParams.get('continue') || 0));
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.stdout.write(`listening http://127.0.0.1:${address.port}\n`);
});
