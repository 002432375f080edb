// `--state FILE`: the store survives restarts and crashes. Every change is appended to a journal
// (`FILE.journal`, one JSON line, written before the client gets its answer); a snapshot of the
// whole store is written to a temp file, fsynced and renamed over FILE a moment after changes stop,
// and only then is the journal emptied. A crash at any point leaves a complete snapshot plus the
// journal lines after it (a torn last line is ignored), so no answered write is lost.
import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { ResourceStore, StoreEvent, StoredObject } from './resourceStore';

export type PersistedState = { version: 1; resourceVersion: number; namespaces: StoredObject[]; pods: StoredObject[] };

type JournalLine = { kind: 'pods' | 'namespaces'; rv: number; type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: StoredObject };

function keyOf(o: StoredObject): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;
}

/** A state path that cannot be a state file, said in words (instead of a raw EISDIR later). */
export class StateFileError extends Error {
  override name = 'StateFileError';
}

/** The snapshot with the journal replayed over it, or undefined when there is no state yet. */
export function loadState(file: string): PersistedState | undefined {
  const stat = statSync(file, { throwIfNoEntry: false });
  if (stat?.isDirectory()) throw new StateFileError(`--state ${file} is a directory; give the path of a file (it is created if missing), e.g. ${path.join(file, 'sandbox-state.json')}`);
  if (!statSync(path.dirname(path.resolve(file)), { throwIfNoEntry: false })?.isDirectory()) {
    throw new StateFileError(`--state ${file}: the directory ${path.dirname(path.resolve(file))} does not exist`);
  }
  removeOrphanedSnapshots(file);
  let state: PersistedState | undefined;
  if (existsSync(file)) {
    try {
      state = JSON.parse(readFileSync(file, 'utf8')) as PersistedState;
    } catch (err) {
      throw new StateFileError(`${file} is not a podpatch sandbox state file (${(err as Error).message})`);
    }
    if (state?.version !== 1 || !Array.isArray(state.pods) || !Array.isArray(state.namespaces)) {
      throw new StateFileError(`${file} is not a podpatch sandbox state file`);
    }
  }
  const journal = `${file}.journal`;
  if (!existsSync(journal)) return state;
  const lines = readFileSync(journal, 'utf8').split('\n');
  if (!state && lines.every((l) => !l.trim())) return undefined;
  const current = state ?? { version: 1, resourceVersion: 0, namespaces: [], pods: [] };
  const maps = {
    pods: new Map(current.pods.map((o) => [keyOf(o), o])),
    namespaces: new Map(current.namespaces.map((o) => [keyOf(o), o])),
  };
  let rv = current.resourceVersion;
  for (const text of lines) {
    if (!text.trim()) continue;
    let line: JournalLine;
    try { line = JSON.parse(text) as JournalLine; } catch { break; } // torn by a crash mid-append: nothing after it
    if (line.rv <= current.resourceVersion) continue; // already in the snapshot
    const map = maps[line.kind];
    if (line.type === 'DELETED') map.delete(keyOf(line.object)); else map.set(keyOf(line.object), line.object);
    rv = Math.max(rv, line.rv);
  }
  return { version: 1, resourceVersion: rv, pods: [...maps.pods.values()], namespaces: [...maps.namespaces.values()] };
}

/**
 * Snapshot temp files (`FILE.<pid>.tmp`) left by a process killed mid-snapshot: the rename never
 * happened, so they hold nothing the snapshot plus journal lack. Those of a live process are kept.
 */
function removeOrphanedSnapshots(file: string): void {
  const dir = path.dirname(path.resolve(file));
  const prefix = `${path.basename(file)}.`;
  let names: string[];
  try { names = readdirSync(dir); } catch { return; }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length, -'.tmp'.length));
    if (!Number.isInteger(pid) || pid <= 0 || (pid !== process.pid && isRunning(pid))) continue;
    try { unlinkSync(path.join(dir, name)); } catch { /* gone already */ }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
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

/** Journals every change of the given stores and snapshots them once changes pause. */
export class StatePersister {
  private readonly journalFd: number;
  private timer: NodeJS.Timeout | undefined;
  private journalBytes = 0;
  private readonly unsubscribes: (() => void)[] = [];

  constructor(
    private readonly file: string,
    private readonly stores: { pods: ResourceStore; namespaces: ResourceStore },
    private readonly snapshotDelayMs = 500,
  ) {
    this.journalFd = openSync(`${file}.journal`, 'a', 0o600);
    for (const kind of ['pods', 'namespaces'] as const) {
      this.unsubscribes.push(stores[kind].subscribe((e) => this.append(kind, e)));
    }
  }

  private append(kind: 'pods' | 'namespaces', e: StoreEvent): void {
    // The event's shared watch line already holds the serialized object: prefix it, no re-encoding.
    const line = `{"kind":"${kind}","rv":${e.rv},${e.line.slice(1)}`;
    this.journalBytes += writeSync(this.journalFd, line);
    if (this.journalBytes > 64 * 1024 * 1024) this.snapshot();
    else if (!this.timer) this.timer = setTimeout(() => this.snapshot(), this.snapshotDelayMs);
  }

  /** Writes the whole store (atomically), then empties the journal it now contains. */
  snapshot(): void {
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    const { pods, namespaces } = this.stores;
    writeStateAtomically(this.file, { version: 1, resourceVersion: pods.clock.current, namespaces: namespaces.all(), pods: pods.all() });
    ftruncateSync(this.journalFd, 0);
    this.journalBytes = 0;
  }

  dispose(): void {
    for (const u of this.unsubscribes) u();
    if (this.timer) this.snapshot();
    closeSync(this.journalFd);
  }
}
