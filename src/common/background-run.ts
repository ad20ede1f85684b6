/**
 * A piece of background work of one instance (the outbox's dispatch, the mailbox's poll, the
 * morning digest): run one at a time (a call while it runs joins the run in progress), on a timer
 * that never keeps the process alive, and waited for at shutdown. What the several instances share
 * (claims, locks) is the work's own business.
 */
export class BackgroundRun<T, A extends unknown[] = []> {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<T> | null = null;

  constructor(private readonly work: (...args: A) => Promise<T>) {}

  /** Runs the work now, or answers with the run in progress (whatever its arguments). */
  run(...args: A): Promise<T> {
    this.running ??= this.work(...args).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Runs it every `intervalMs` (not at all when 0 or less), with no arguments; a failure goes to `failed`, a result to `done`. */
  every(intervalMs: number, failed: (error: unknown) => void, done: (result: T) => void = () => undefined): void {
    if (intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.run(...([] as unknown as A)).then(done, failed), intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for the run in progress to end (its failure ignored). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }
}
