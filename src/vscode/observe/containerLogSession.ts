// One container log document's feed: opens `GET .../pods/{name}/log` with the chosen options and
// keeps its lines (the newest `maxLines`), then says in one last line why it ended. Abort (Stop
// Following, the tab closed, the extension going away) reaches the HTTP request through the signal.
import { AbortedError, ApiError } from '../../core/cluster/apiError';
import { streamContainerLogs } from '../../core/cluster/containerLogStream';
import type { PodClient } from '../../core/cluster/podClient';
import type { Pod } from '../../core/pod';
import { containerChoices } from '../../core/logs/containerChoices';
import { explainLogEnd, stateLine } from '../../core/logs/logStreamEnd';
import type { LogAddress } from './observeUris';

export type LogOptions = { follow: boolean; tailLines?: number; sinceSeconds?: number; timestamps: boolean };
export type LogSessionState = 'opening' | 'following' | 'ended';

/** Older lines are dropped past this many, so a chatty container cannot grow the editor without end. */
const maxLines = 50_000;
const endPrefix = '[podpatch] ';

export class ContainerLogSession {
  private readonly lines: string[] = [];
  private dropped = 0;
  private endLine: string | undefined;
  private readonly controller = new AbortController();
  private stateValue: LogSessionState = 'opening';
  /** Settles when the stream has ended and its end line is written (tests and callers wait on it). */
  readonly done: Promise<void>;

  constructor(
    readonly address: LogAddress,
    readonly options: LogOptions,
    private readonly client: PodClient,
    private readonly changed: () => void,
    private readonly log: (line: string) => void,
  ) {
    this.done = this.run();
  }

  get state(): LogSessionState {
    return this.stateValue;
  }

  get lineCount(): number {
    return this.lines.length;
  }

  text(): string {
    const head = this.dropped ? [`${endPrefix}${this.dropped.toLocaleString('en-US')} earlier lines dropped (the document keeps the newest ${maxLines.toLocaleString('en-US')}).`] : [];
    const all = [...head, ...this.lines, ...(this.endLine ? [this.endLine] : [])];
    return all.length ? all.join('\n') + '\n' : '';
  }

  /** Stops the stream (Stop Following); the end line says so. */
  stop(): void {
    this.controller.abort();
  }

  /** Stops without a word: the document is gone. */
  dispose(): void {
    this.controller.abort();
  }

  private async run(): Promise<void> {
    const { namespace, name, container, previous } = this.address;
    const signal = this.controller.signal;
    let before: Pod | undefined;
    try {
      before = await this.client.getPod(namespace, name, { signal });
    } catch (err) {
      if (signal.aborted) return this.end('Stopped.');
      return this.end(err instanceof ApiError && err.code === 404 ? `The pod ${namespace}/${name} does not exist.` : `Cannot read the pod ${namespace}/${name}: ${messageOf(err)}`);
    }
    const choice = containerChoices(before).find((c) => c.name === container);
    const follow = this.options.follow && !previous;
    const label = `${namespace}/${name} container ${container}${previous ? ' (previous)' : ''}`;
    this.log(`Logs of ${label}: ${follow ? 'following' : 'reading'}${this.options.tailLines !== undefined ? `, last ${this.options.tailLines} lines` : ''}${this.options.sinceSeconds ? `, since ${this.options.sinceSeconds}s` : ''}`);
    this.stateValue = follow ? 'following' : 'opening';
    this.changed();
    try {
      for await (const chunk of streamContainerLogs(this.client.transport, namespace, name, {
        container, follow, previous, timestamps: this.options.timestamps, tailLines: this.options.tailLines, sinceSeconds: this.options.sinceSeconds, signal,
      })) {
        this.append(chunk);
      }
    } catch (err) {
      if (signal.aborted || err instanceof AbortedError) return this.end('Stopped following.');
      if (err instanceof ApiError) {
        // The kubelet's refusal ("is waiting to start: image can't be pulled") is the answer the user needs, with the runtime's reason.
        const why = choice && choice.state !== 'Running' ? ` Container "${container}" is ${stateLine(choice)}.` : '';
        return this.end(`Cannot read the logs of ${label}: ${err.message.replace(/\.$/, '')}.${why}`);
      }
      return this.end(`Stream ended: the connection to the cluster was lost (${messageOf(err)}).`);
    }
    let after: Pod | undefined;
    try {
      after = await this.client.getPod(namespace, name, { signal: AbortSignal.any([signal, AbortSignal.timeout(10_000)]) });
    } catch (err) {
      if (signal.aborted) return this.end('Stopped following.');
      if (!(err instanceof ApiError && err.code === 404)) return this.end(`Stream ended: the server closed it, and the pod cannot be read now (${messageOf(err)}).`);
    }
    this.end(explainLogEnd({ container, previous, follow, choice }, after));
  }

  private append(chunk: string[]): void {
    for (const line of chunk) this.lines.push(line);
    const excess = this.lines.length - maxLines;
    if (excess > 0) {
      this.lines.splice(0, excess);
      this.dropped += excess;
    }
    this.changed();
  }

  private end(message: string): void {
    this.stateValue = 'ended';
    this.endLine = endPrefix + message;
    this.log(`Logs of ${this.address.namespace}/${this.address.name} container ${this.address.container}: ${message}`);
    this.changed();
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
