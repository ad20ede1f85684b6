/** Thrown by `WorkQueue.run` when as many tasks are waiting as the queue holds. */
export class QueueFull extends Error {
  constructor(
    /** A guess at when there will be room again: the time the running and waiting tasks need, in seconds (at least 1). */
    readonly retryAfterSeconds: number,
  ) {
    super('queue full');
  }
}

interface Waiter {
  start(): void;
  cancel(reason: unknown): void;
}

/** How much a new duration weighs in the running average of task durations. */
const SMOOTHING = 0.1;

/**
 * At most `concurrency` tasks run at once, at most `maxWaiting` wait their turn (first come, first
 * served); beyond that `run` refuses at once with `QueueFull`, rather than letting waits grow
 * without end. A waiting task whose signal aborts (its client went away) leaves the queue and never
 * runs; nor does a task whose signal had already aborted.
 */
export class WorkQueue {
  private running = 0;
  private readonly waiting = new Set<Waiter>();
  /** Running average of a task's duration, in ms; null until one has finished. */
  private averageMs: number | null = null;

  constructor(
    readonly concurrency: number,
    readonly maxWaiting: number,
  ) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be a positive integer');
    if (!Number.isInteger(maxWaiting) || maxWaiting < 0) throw new RangeError('maxWaiting must be a non-negative integer');
  }

  /** Whether a task submitted now would run or wait rather than be refused. */
  get hasRoom(): boolean {
    return this.running < this.concurrency || this.waiting.size < this.maxWaiting;
  }

  /** Tasks waiting for their turn. */
  get waitingCount(): number {
    return this.waiting.size;
  }

  /**
   * A guess at the time a full queue needs to drain, from the tasks' average duration: each slot
   * serves about 1 / duration tasks a second. 1 s before any task has finished.
   */
  get retryAfterSeconds(): number {
    if (this.averageMs === null) return 1;
    const seconds = ((this.maxWaiting + this.concurrency) * this.averageMs) / this.concurrency / 1000;
    return Math.max(1, Math.ceil(seconds));
  }

  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.running < this.concurrency) return this.start(task);
    if (this.waiting.size >= this.maxWaiting) return Promise.reject(new QueueFull(this.retryAfterSeconds));
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => waiter.cancel(signal!.reason);
      const waiter: Waiter = {
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          this.start(task).then(resolve, reject);
        },
        cancel: (reason) => {
          this.waiting.delete(waiter);
          reject(reason);
        },
      };
      this.waiting.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private async start<T>(task: () => Promise<T>): Promise<T> {
    this.running++;
    const started = performance.now();
    try {
      return await task();
    } finally {
      const ms = performance.now() - started;
      this.averageMs = this.averageMs === null ? ms : this.averageMs + SMOOTHING * (ms - this.averageMs);
      this.running--;
      // The next task is handed to the pool before this one's caller resumes, so that no thread waits on the event loop.
      this.next();
    }
  }

  private next(): void {
    if (this.running >= this.concurrency) return;
    const first = this.waiting.values().next();
    if (first.done) return;
    this.waiting.delete(first.value);
    first.value.start();
  }
}
