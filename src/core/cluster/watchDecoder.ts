// Incremental decoder of a watch stream: the body arrives in arbitrary chunks (a JSON event can
// be split anywhere, even inside a multi-byte character); each complete line is one WatchEvent.

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
export type WatchEvent<T = unknown> = { type: WatchEventType; object: T };

export class WatchDecodeError extends Error {
  override name = 'WatchDecodeError';
}

/**
 * Longest event line accepted: an object the apiserver stores is at most ~1.5 MiB (etcd) and
 * requests at most 3 MiB; a line past this is a server that never ends one, not an event.
 */
export const MAX_WATCH_LINE = 16 * 1024 * 1024;

export class WatchDecoder<T = unknown> {
  private readonly text = new TextDecoder('utf-8');
  /** The unfinished line, as the pieces it arrived in: only new text is ever searched for '\n'. */
  private pieces: string[] = [];
  private pendingLength = 0;

  constructor(private readonly maxLine = MAX_WATCH_LINE) {}

  /** Feeds one chunk; returns the events it completed (possibly none). Linear in the chunk's size. */
  push(chunk: Uint8Array): WatchEvent<T>[] {
    const text = this.text.decode(chunk, { stream: true });
    const events: WatchEvent<T>[] = [];
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      this.checkLength(this.pendingLength + nl - start);
      const line = this.pieces.length ? this.pieces.join('') + text.slice(start, nl) : text.slice(start, nl);
      this.pieces = [];
      this.pendingLength = 0;
      start = nl + 1;
      if (line.trim()) events.push(decodeLine<T>(line));
    }
    if (start < text.length) {
      this.pendingLength += text.length - start;
      this.checkLength(this.pendingLength);
      this.pieces.push(start ? text.slice(start) : text);
    }
    return events;
  }

  /** The stream ended: a final event without its newline still counts; half an event is an error. */
  end(): WatchEvent<T>[] {
    const rest = this.pieces.join('') + this.text.decode();
    this.pieces = [];
    this.pendingLength = 0;
    if (!rest.trim()) return [];
    try {
      return [decodeLine<T>(rest)];
    } catch {
      throw new WatchDecodeError(`the watch stream ended inside an event (${rest.length} bytes left over)`);
    }
  }

  private checkLength(length: number): void {
    if (length > this.maxLine) {
      this.pieces = [];
      this.pendingLength = 0;
      throw new WatchDecodeError(`a watch event line is longer than ${this.maxLine} characters: the server never ends it`);
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
