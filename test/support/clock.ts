import { Clock } from '../../src/common/clock.js';

/** A clock a test moves: `advance` shifts the time and lets it run on; `set` stops it at an instant. */
export class TestClock extends Clock {
  private offsetMs = 0;
  private frozen: Date | null = null;

  override now(): Date {
    return this.frozen ? new Date(this.frozen) : new Date(Date.now() + this.offsetMs);
  }

  set(instant: Date | string): void {
    this.frozen = new Date(instant);
  }

  advance(ms: number): void {
    if (this.frozen) this.frozen = new Date(this.frozen.getTime() + ms);
    else this.offsetMs += ms;
  }

  /** Back to the real time. */
  reset(): void {
    this.frozen = null;
    this.offsetMs = 0;
  }
}
