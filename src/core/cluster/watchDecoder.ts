// Incremental decoder of a watch stream: the body arrives in arbitrary chunks (a JSON event can
// be split anywhere, even inside a multi-byte character); each complete line is one WatchEvent.

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
export type WatchEvent<T = unknown> = { type: WatchEventType; object: T };

export class WatchDecodeError extends Error {
  override name = 'WatchDecodeError';
}

export class WatchDecoder<T = unknown> {
  private readonly text = new TextDecoder('utf-8');
  private pending = '';

  /** Feeds one chunk; returns the events it completed (possibly none). */
  push(chunk: Uint8Array): WatchEvent<T>[] {
    this.pending += this.text.decode(chunk, { stream: true });
    const events: WatchEvent<T>[] = [];
    let start = 0;
    for (let nl = this.pending.indexOf('\n', start); nl !== -1; nl = this.pending.indexOf('\n', start)) {
      const line = this.pending.slice(start, nl);
      start = nl + 1;
      if (line.trim()) events.push(decodeLine<T>(line));
    }
    this.pending = start ? this.pending.slice(start) : this.pending;
    return events;
  }

  /** The stream ended: a final event without its newline still counts; half an event is an error. */
  end(): WatchEvent<T>[] {
    const rest = this.pending + this.text.decode();
    this.pending = '';
    if (!rest.trim()) return [];
    try {
      return [decodeLine<T>(rest)];
    } catch {
      throw new WatchDecodeError(`the watch stream ended inside an event (${rest.length} bytes left over)`);
    }
  }
}

function decodeLine<T>(line: string): WatchEvent<T> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    throw new WatchDecodeError(`unable to decode an event from the watch stream: ${(err as Error).message}`);
  }
  const ev = value as WatchEvent<T>;
  if (!ev || typeof ev !== 'object' || typeof ev.type !== 'string' || !ev.object || typeof ev.object !== 'object') {
    throw new WatchDecodeError(`unable to decode an event from the watch stream: not a WatchEvent: ${line.slice(0, 120)}`);
  }
  return ev;
}
