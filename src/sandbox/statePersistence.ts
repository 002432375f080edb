// `--state FILE`: the store survives restarts. Changes are flushed shortly after they happen (and
// on shutdown) to a temp file that is fsynced and renamed over the old one, so a crash mid-write
// leaves the previous complete state, never a torn file.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import type { StoredObject } from './resourceStore';

export type PersistedState = { version: 1; resourceVersion: number; namespaces: StoredObject[]; pods: StoredObject[] };

export function loadState(file: string): PersistedState | undefined {
  if (!existsSync(file)) return undefined;
  const state = JSON.parse(readFileSync(file, 'utf8')) as PersistedState;
  if (state.version !== 1 || !Array.isArray(state.pods) || !Array.isArray(state.namespaces)) {
    throw new Error(`${file} is not a podpatch sandbox state file`);
  }
  return state;
}

export function writeStateAtomically(file: string, state: PersistedState): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(state));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/** Coalesces bursts of changes into one write after `delayMs`. */
export class StateSaver {
  private timer: NodeJS.Timeout | undefined;
  constructor(private readonly file: string, private readonly snapshot: () => PersistedState, private readonly delayMs = 100) {}

  changed(): void {
    if (!this.timer) this.timer = setTimeout(() => this.flush(), this.delayMs);
  }

  flush(): void {
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    writeStateAtomically(this.file, this.snapshot());
  }

  dispose(): void {
    if (this.timer) this.flush();
  }
}
