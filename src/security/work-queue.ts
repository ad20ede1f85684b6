/** What `WorkQueue.run` rejects with when the queue cannot take one more task. */
export class QueueFull extends Error {
  constructor(
    /** When there should be room again: the time the tasks already in need to drain, in seconds (at least 1). */
    readonly retryAfterSeconds: number,
  ) {
    super('queue full');
  }
}

export interface WorkQueueOptions {
  /** Tasks running at once. */
  concurrency: number;
  /** Tasks admitted beyond those running (waiting for a slot, or on their way to one). */
  maxWaiting: number;
  /**
   * No task is admitted whose expected wait, at the pace the last tasks ran, is longer than this:
   * when the machine slows down, fewer wait. And none waits longer: a task still waiting for its
   * slot this long after its admission is refused (`QueueFull`) when its turn comes, rather than
   * started late. Infinity: `maxWaiting` alone bounds the queue.
   */
  maxWaitMs?: number;
  /** The clock that times the tasks (tests). */
  now?: () => number;
}

/** How much a new duration weighs in the running average of task durations. */
const SMOOTHING = 0.1;

type State = 'admitted' | 'waiting' | 'running' | 'done';

/**
 * A place in a `WorkQueue`, taken when a request comes in (before the work that leads to its task),
 * so that a request the queue cannot serve in time is refused before it costs anything. `run` uses
 * it; `leave` gives it back when the request ends without running its task (any number of times).
 */
export class Ticket {
  /** @internal the queue's bookkeeping */
  state: State = 'admitted';
  /** @internal set while the ticket waits for a slot */
  start: (() => void) | null = null;
  /** @internal set while the ticket waits for a slot: its turn came too late */
  refuse: ((error: QueueFull) => void) | null = null;

  constructor(
    private readonly queue: WorkQueue,
    readonly signal: AbortSignal | undefined,
    /** When the ticket was admitted, on the queue's clock. */
    readonly admittedAt: number,
  ) {}

  run<T>(task: () => Promise<T>): Promise<T> {
    if (this.state !== 'admitted') return Promise.reject(new Error(`a ticket runs one task (this one is ${this.state})`));
    return this.queue.runTicket(this, task);
  }

  leave(): void {
    if (this.state === 'admitted') this.queue.release(this);
  }
}

/**
 * At most `concurrency` tasks run at once; at most `maxWaiting` more are admitted, and fewer when
 * the pace of the last tasks says they would wait longer than `maxWaitMs`. Beyond that, `admit` (and
 * `run`) refuse at once with `QueueFull`, rather than letting waits grow without end. Tasks start in
 * the order they asked to run. A waiting task whose signal aborts (its client went away) leaves the
 * queue and never runs; nor does a task whose signal had already aborted, nor one whose turn comes
 * more than `maxWaitMs` after its admission (refused with `QueueFull`).
 *
 * The pace is how often a slot frees while tasks wait for one: when the process that hands the
 * slots over is itself busy (an event loop serving hundreds of requests), slots free more slowly
 * than the tasks' own durations say, and the queue admits fewer. Until tasks have waited, the
 * tasks' mean duration divided among the slots stands for it.
 */
export class WorkQueue {
  readonly concurrency: number;
  readonly maxWaiting: number;
  readonly maxWaitMs: number;
  private readonly now: () => number;
  /** Tickets admitted and not done: admitted, waiting or running. */
  private holders = 0;
  private running = 0;
  private readonly waiting = new Set<Ticket>();
  /** Running average of a task's duration, in ms; null until one has finished. */
  private averageMs: number | null = null;
  /** Running average of the time between two tasks' ends while others waited, in ms; null until measured. */
  private drainMs: number | null = null;
  /** When the last task ended, if others were waiting then (the start of a measurable interval). */
  private lastBusyEnd: number | null = null;

  constructor({ concurrency, maxWaiting, maxWaitMs = Infinity, now = () => performance.now() }: WorkQueueOptions) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be a positive integer');
    if (!Number.isInteger(maxWaiting) || maxWaiting < 0) throw new RangeError('maxWaiting must be a non-negative integer');
    if (!(maxWaitMs > 0)) throw new RangeError('maxWaitMs must be positive');
    this.concurrency = concurrency;
    this.maxWaiting = maxWaiting;
    this.maxWaitMs = maxWaitMs;
    this.now = now;
  }

  /** Tasks waiting for a slot. */
  get waitingCount(): number {
    return this.waiting.size;
  }

  /** Time between two slots freeing, in ms: measured while tasks waited, else from the tasks' durations; null before any has finished. */
  private get paceMs(): number | null {
    return this.drainMs ?? (this.averageMs === null ? null : this.averageMs / this.concurrency);
  }

  /** How long a task admitted now would wait for its slot, at the pace of the last tasks (0 before any has finished). */
  get expectedWaitMs(): number {
    const ahead = this.holders + 1 - this.concurrency;
    const pace = this.paceMs;
    return ahead > 0 && pace !== null ? ahead * pace : 0;
  }

  /** Whether a task would be admitted now. */
  get hasRoom(): boolean {
    return this.holders < this.concurrency || (this.holders < this.concurrency + this.maxWaiting && this.expectedWaitMs <= this.maxWaitMs);
  }

  /** The time the tasks already admitted need to drain, in whole seconds, at least 1. */
  get retryAfterSeconds(): number {
    const pace = this.paceMs;
    const ms = pace === null ? 1000 : this.holders * pace;
    return Math.max(1, Math.ceil(ms / 1000));
  }

  /**
   * A place for a task to run later, or null when the queue is full (see `retryAfterSeconds`). Not
   * an exception: on a registration night refusals come by the hundred a second, and an Error
   * captures a stack trace each time.
   */
  admit(signal?: AbortSignal): Ticket | null {
    if (!this.hasRoom) return null;
    this.holders++;
    return new Ticket(this, signal, this.now());
  }

  /** `admit`, then run at once (or as soon as a slot frees); rejects with QueueFull when full. */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const ticket = this.admit(signal);
    return ticket ? ticket.run(task) : Promise.reject(new QueueFull(this.retryAfterSeconds));
  }

  /** @internal Ticket.run */
  runTicket<T>(ticket: Ticket, task: () => Promise<T>): Promise<T> {
    const { signal } = ticket;
    if (signal?.aborted) {
      this.release(ticket);
      return Promise.reject(signal.reason);
    }
    if (this.running < this.concurrency) return this.start(ticket, task);
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        this.waiting.delete(ticket);
        this.release(ticket);
        reject(signal!.reason);
      };
      ticket.state = 'waiting';
      ticket.start = () => {
        signal?.removeEventListener('abort', onAbort);
        this.start(ticket, task).then(resolve, reject);
      };
      ticket.refuse = (error) => {
        signal?.removeEventListener('abort', onAbort);
        this.release(ticket);
        reject(error);
      };
      this.waiting.add(ticket);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** @internal Ticket.leave, and the end of a ticket's task. */
  release(ticket: Ticket): void {
    if (ticket.state === 'done') return;
    ticket.state = 'done';
    this.holders--;
  }

  private async start<T>(ticket: Ticket, task: () => Promise<T>): Promise<T> {
    ticket.state = 'running';
    this.running++;
    const started = this.now();
    try {
      return await task();
    } finally {
      const ended = this.now();
      const ms = ended - started;
      this.averageMs = this.averageMs === null ? ms : this.averageMs + SMOOTHING * (ms - this.averageMs);
      if (this.waiting.size > 0) {
        if (this.lastBusyEnd !== null) {
          const interval = ended - this.lastBusyEnd;
          this.drainMs = this.drainMs === null ? interval : this.drainMs + SMOOTHING * (interval - this.drainMs);
        }
        this.lastBusyEnd = ended;
      } else {
        this.lastBusyEnd = null;
      }
      this.running--;
      this.release(ticket);
      // The next task is handed over before this one's caller resumes, so that no thread waits on the event loop.
      this.next();
    }
  }

  private next(): void {
    while (this.running < this.concurrency) {
      const first = this.waiting.values().next();
      if (first.done) return;
      const ticket = first.value;
      this.waiting.delete(ticket);
      if (this.now() - ticket.admittedAt <= this.maxWaitMs) {
        ticket.start!();
        return;
      }
      // Its turn came too late: the client is told to come back, and the slot goes to the next one.
      ticket.refuse!(new QueueFull(this.retryAfterSeconds));
    }
  }
}
