// A watch stream's events, chunk by chunk: the shared loop of every watch the core clients make
// (pods, events). Ends when the server closes the stream; an abort is AbortedError, a cut-off
// stream NetworkError; leaving early releases the connection.
import { AbortedError, NetworkError } from './apiError';
import type { CallOptions, ClusterTransport } from './transport';
import { WatchDecoder, type WatchEvent } from './watchDecoder';

export async function* watchEvents<T>(transport: ClusterTransport, call: CallOptions, what: string): AsyncGenerator<WatchEvent<T>[]> {
  const res = await transport.stream(call);
  const decoder = new WatchDecoder<T>();
  try {
    for await (const chunk of res.body) {
      const events = decoder.push(chunk);
      if (events.length) yield events;
    }
  } catch (err) {
    if (call.signal?.aborted) throw new AbortedError();
    throw new NetworkError(`the watch stream of ${what} was cut off: ${(err as Error).message}`, { cause: err, method: 'GET', url: call.path });
  } finally {
    // Leaving the loop early (consumer break/return) must release the connection.
    const body = res.body as unknown as { destroy?: () => void; destroyed?: boolean };
    if (body.destroy && !body.destroyed) body.destroy();
  }
  const last = decoder.end();
  if (last.length) yield last;
}
