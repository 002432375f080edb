// A container's log as the API server streams it (GET .../pods/{name}/log, text/plain): yields the
// complete lines of each chunk (a line split across chunks, even inside a UTF-8 character, is
// joined), and a last line without its newline when the stream ends. With `follow` the stream lasts
// until the container stops, the server ends it, or the signal aborts it.
import { AbortedError, NetworkError } from './apiError';
import type { ClusterTransport } from './transport';

export type LogStreamOptions = {
  container?: string;
  follow?: boolean;
  /** The last terminated instance of the container. */
  previous?: boolean;
  timestamps?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  limitBytes?: number;
  signal?: AbortSignal;
};

export async function* streamContainerLogs(transport: ClusterTransport, namespace: string, pod: string, opts: LogStreamOptions = {}): AsyncGenerator<string[]> {
  const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`;
  const res = await transport.stream({
    method: 'GET', path, accept: '*/*',
    query: {
      container: opts.container, follow: opts.follow ? 'true' : undefined, previous: opts.previous ? 'true' : undefined,
      timestamps: opts.timestamps ? 'true' : undefined, tailLines: opts.tailLines, sinceSeconds: opts.sinceSeconds, limitBytes: opts.limitBytes,
    },
    signal: opts.signal,
  });
  const text = new TextDecoder('utf-8');
  let pending = '';
  try {
    for await (const chunk of res.body) {
      pending += text.decode(chunk, { stream: true });
      const nl = pending.lastIndexOf('\n');
      if (nl < 0) continue;
      const lines = pending.slice(0, nl).split('\n');
      pending = pending.slice(nl + 1);
      yield lines;
    }
  } catch (err) {
    if (opts.signal?.aborted) throw new AbortedError();
    throw new NetworkError(`the log stream of ${namespace}/${pod} was cut off: ${(err as Error).message}`, { cause: err, method: 'GET', url: path });
  } finally {
    const body = res.body as unknown as { destroy?: () => void; destroyed?: boolean };
    if (body.destroy && !body.destroyed) body.destroy();
  }
  pending += text.decode();
  if (pending) yield [pending];
}
