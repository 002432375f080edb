// Writes in stages. One PUT/PATCH of a big object (100k labels: parse, patch, field walk,
// validation, compare, serialise) is most of a second of synchronous work; run in one go it kept
// every other client waiting (issue 13). A write is a generator whose `yield`s mark stage
// boundaries: the sandbox's routes run it with a turn of the event loop at each, and writes to one
// object queue behind each other, so resourceVersions and watch events follow the queue's order.
// Other writers of the object (status simulation, deletes, admin touches) are synchronous and may
// land between stages: the commit stage then finds the object changed and the write is redone
// from the fresh object in one go, as the apiserver's GuaranteedUpdate retries on a conflict.

/** Thrown by a write's commit stage when the object changed since the write read it. */
export class StaleWriteError extends Error {
  constructor() { super('the object changed while the write was in progress'); }
}

export type WriteSteps<T> = Generator<void, T, void>;

/** Runs every stage at once (writers that are cheap, or a redo that must not be overtaken again). */
export function runStepsNow<T>(steps: WriteSteps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * Resolves after the event loop has polled for I/O at least once: one setImmediate from an I/O
 * callback runs in the same loop iteration, before any request that arrived meanwhile is read, so
 * a body's parse and the first stage after it used to block as one (issue 13).
 */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

/**
 * Runs `make()`'s stages with a turn of the event loop between them; a stale commit reruns a fresh
 * `make()` at once. The last stage and the caller's continuation run without a turn between.
 */
export async function runStepsYielding<T>(make: () => WriteSteps<T>): Promise<T> {
  const steps = make();
  for (;;) {
    let r: IteratorResult<void, T>;
    try {
      r = steps.next();
    } catch (err) {
      if (err instanceof StaleWriteError) return runStepsNow(make());
      throw err;
    }
    if (r.done) return r.value;
    await nextTurn();
  }
}

/** One FIFO of writes per object key: a write starts when the one before it has settled. */
export class KeyedWriteQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, write: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    const result = before.then(write);
    const tail = result.then(() => undefined, () => undefined);
    this.tails.set(key, tail);
    void tail.then(() => { if (this.tails.get(key) === tail) this.tails.delete(key); });
    return result;
  }

  /** Keys with a write queued or running (for tests: the map empties when the sandbox is idle). */
  get busyKeys(): number { return this.tails.size; }
}
