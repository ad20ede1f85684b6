import { describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { BackgroundRun } from './background-run.js';

describe('BackgroundRun', () => {
  it('runs one at a time: a call while it runs gets the run in progress, the next call a new run', async () => {
    let runs = 0;
    let finish!: () => void;
    const work = new BackgroundRun(async (label: string) => {
      runs++;
      await new Promise<void>((resolve) => (finish = resolve));
      return `${label} ${runs}`;
    });
    const first = work.run('a');
    const joined = work.run('b');
    finish();
    await expect(Promise.all([first, joined])).resolves.toEqual(['a 1', 'a 1']);
    const next = work.run('c');
    finish();
    await expect(next).resolves.toBe('c 2');
  });

  it('runs on its timer, hands failures to its handler, and stops: stop waits for the run in progress', async () => {
    const outcomes: string[] = [];
    let calls = 0;
    const work = new BackgroundRun(async () => {
      calls++;
      await sleep(30);
      if (calls === 1) throw new Error('first run fails');
      return calls;
    });
    work.every(5, (error) => outcomes.push(`failed: ${(error as Error).message}`), (result) => outcomes.push(`done: ${result}`));
    while (calls < 2) await sleep(5);
    await work.stop();
    const after = calls;
    await sleep(50);
    expect(calls).toBe(after);
    expect(outcomes[0]).toBe('failed: first run fails');
    expect(outcomes).toContain('done: 2');
  });

  it('never starts a timer for an interval of 0', async () => {
    let calls = 0;
    const work = new BackgroundRun(async () => void calls++);
    work.every(0, () => undefined);
    await sleep(30);
    expect(calls).toBe(0);
    await work.stop();
  });
});
