// A tiny local HTTP server for transport edge cases that need exact control of each answer
// (the sandbox covers the real API); records every request it gets.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ResolvedContext } from '../../../src/core/cluster/kubeconfigTypes';

export type SeenRequest = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };
export type FakeHandler = (req: SeenRequest, res: http.ServerResponse) => void;

export type FakeApiServer = { url: string; seen: SeenRequest[]; close(): Promise<void> };

export async function startFakeApiServer(handler: FakeHandler): Promise<FakeApiServer> {
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => { body += d; });
    req.on('end', () => {
      const r = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(r);
      handler(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

export function sendJson(res: http.ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(code, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export function status(code: number, reason: string, message: string, causes?: { reason: string; message: string; field: string }[]): unknown {
  return { kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code, ...(causes ? { details: { causes } } : {}) };
}

export function contextFor(server: string, user: Partial<ResolvedContext['user']> = {}): ResolvedContext {
  return {
    name: 'fake',
    namespace: 'default',
    namespaceFromContext: false,
    cluster: { name: 'fake', server, insecureSkipTlsVerify: false },
    user: { name: 'u', ...user },
    allowExec: true,
  };
}
