import { describe, expect, it } from '@jest/globals';
import { QueueFull, WorkQueue } from './work-queue.js';

/** A task that ends when the test says so, and records that it started. */
function gate(started: string[], name: string) {
  let open!: (value: string) => void;
  const done = new Promise<string>((resolve) => (open = resolve));
  return {
    task: () => {
      started.push(name);
      return done;
    },
    finish: () => open(name),
  };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('WorkQueue', () => {
  it('runs at most `concurrency` tasks at once, the others in their order of arrival', async () => {
    const started: string[] = [];
    const queue = new WorkQueue({ concurrency: 2, maxWaiting: 10 });
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => gate(started, name));
    const results = [a, b, c, d].map((g) => queue.run(g.task));
    await settled();
    expect(started).toEqual(['a', 'b']);
    expect(queue.waitingCount).toBe(2);
    b.finish();
    await settled();
    expect(started).toEqual(['a', 'b', 'c']);
    a.finish();
    c.finish();
    d.finish();
    await expect(Promise.all(results)).resolves.toEqual(['a', 'b', 'c', 'd']);
    expect(queue.waitingCount).toBe(0);
  });

  it('refuses at once beyond `maxWaiting`, with a Retry-After of at least a second, and has room again once a task ends', async () => {
    const started: string[] = [];
    const queue = new WorkQueue({ concurrency: 1, maxWaiting: 1 });
    const running = gate(started, 'running');
    const waiting = gate(started, 'waiting');
    const first = queue.run(running.task);
    const second = queue.run(waiting.task);
    expect(queue.hasRoom).toBe(false);
    const refused = queue.run(() => Promise.resolve('never'));
    await expect(refused).rejects.toBeInstanceOf(QueueFull);
    await expect(refused).rejects.toMatchObject({ retryAfterSeconds: expect.any(Number) });
    expect(((await refused.catch((e: unknown) => e)) as QueueFull).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    running.finish();
    await expect(first).resolves.toBe('running');
    expect(queue.hasRoom).toBe(true);
    waiting.finish();
    await expect(second).resolves.toBe('waiting');
    expect(started).toEqual(['running', 'waiting']);
  });

  it('never runs a waiting task whose signal aborts, and frees its place at once', async () => {
    const started: string[] = [];
    const queue = new WorkQueue({ concurrency: 1, maxWaiting: 1 });
    const running = gate(started, 'running');
    const gone = gate(started, 'gone');
    const client = new AbortController();
    const first = queue.run(running.task);
    const abandoned = queue.run(gone.task, client.signal);
    client.abort(new Error('client went away'));
    await expect(abandoned).rejects.toThrow('client went away');
    expect(queue.waitingCount).toBe(0);
    const next = gate(started, 'next');
    const third = queue.run(next.task);
    running.finish();
    next.finish();
    await expect(Promise.all([first, third])).resolves.toEqual(['running', 'next']);
    expect(started).toEqual(['running', 'next']);
  });

  it('never runs a task whose signal had already aborted, even with room', async () => {
    const queue = new WorkQueue({ concurrency: 1, maxWaiting: 0 });
    const client = new AbortController();
    client.abort(new Error('gone'));
    let ran = false;
    await expect(
      queue.run(async () => {
        ran = true;
      }, client.signal),
    ).rejects.toThrow('gone');
    expect(ran).toBe(false);
  });

  it('keeps its slot count right when a task fails', async () => {
    const queue = new WorkQueue({ concurrency: 1, maxWaiting: 0 });
    await expect(queue.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(queue.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });

  it('counts a ticket from its admission: a request on its way to its task holds its place, and gives it back by leaving', async () => {
    const queue = new WorkQueue({ concurrency: 1, maxWaiting: 1 });
    const first = queue.admit();
    const second = queue.admit();
    expect(queue.hasRoom).toBe(false);
    expect(queue.admit()).toBeNull();
    second!.leave();
    second!.leave();
    expect(queue.hasRoom).toBe(true);
    await expect(first!.run(() => Promise.resolve('ran'))).resolves.toBe('ran');
    first!.leave();
    await expect(first!.run(() => Promise.resolve('twice'))).rejects.toThrow('a ticket runs one task');
    expect(queue.admit()).not.toBeNull();
  });

  it('admits fewer when, at the pace of the last tasks, the wait would pass maxWaitMs, and says when to come back', async () => {
    let now = 0;
    const queue = new WorkQueue({ concurrency: 2, maxWaiting: 100, maxWaitMs: 1_000, now: () => now });
    // Tasks of 400 ms each: two slots serve one every 200 ms.
    for (let i = 0; i < 2; i++) {
      await queue.run(async () => {
        now += 400;
      });
    }
    const admitted = [];
    while (queue.hasRoom) admitted.push(queue.admit()!);
    // Two run at once; the next five wait at most 1 s (the fifth 5 × 200 ms); the eighth would wait 1.2 s.
    expect(admitted).toHaveLength(7);
    expect(queue.expectedWaitMs).toBe(1_200);
    expect(queue.admit()).toBeNull();
    // The seven admitted need 7 × 200 ms to drain.
    expect(queue.retryAfterSeconds).toBe(2);
    await expect(queue.run(() => Promise.resolve())).rejects.toMatchObject({ retryAfterSeconds: 2 });
    for (const ticket of admitted) ticket.leave();
  });

  it('paces admission by how often a slot frees while tasks wait, when that is slower than the tasks themselves', async () => {
    let now = 0;
    const queue = new WorkQueue({ concurrency: 2, maxWaiting: 100, maxWaitMs: 2_000, now: () => now });
    const started: string[] = [];
    const gates = ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => gate(started, name));
    const results = gates.map((g) => queue.run(g.task));
    await settled();
    // Two slots, and one task ends every 300 ms: the tasks' own durations (300 to 600 ms, each
    // counted from its start) would say a slot frees every 150 to 300 ms.
    for (const g of gates) {
      now += 300;
      g.finish();
      await settled();
    }
    await Promise.all(results);
    expect(started).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    // The intervals measured while tasks waited say 300 ms a slot.
    const admitted = [];
    while (queue.hasRoom) admitted.push(queue.admit()!);
    // Two run at once; then six wait at most 1.8 s; a ninth would wait 2.1 s.
    expect(admitted).toHaveLength(8);
    expect(queue.expectedWaitMs).toBe(2_100);
    for (const ticket of admitted) ticket.leave();
  });

  it('refuses a waiting task whose turn comes later than maxWaitMs after its admission, and gives the slot to the next', async () => {
    let now = 0;
    const started: string[] = [];
    const queue = new WorkQueue({ concurrency: 1, maxWaiting: 10, maxWaitMs: 1_000, now: () => now });
    const running = gate(started, 'running');
    const first = queue.run(running.task);
    const late = queue.run(gate(started, 'late').task);
    now = 600;
    const onTime = gate(started, 'on time');
    const second = queue.run(onTime.task);
    // The running task takes 1.2 s: the first waiter has waited past its bound, the second has not.
    now = 1_200;
    running.finish();
    await expect(first).resolves.toBe('running');
    await expect(late).rejects.toBeInstanceOf(QueueFull);
    await settled();
    expect(started).toEqual(['running', 'on time']);
    onTime.finish();
    await expect(second).resolves.toBe('on time');
    expect(queue.waitingCount).toBe(0);
    expect(queue.hasRoom).toBe(true);
  });
});
