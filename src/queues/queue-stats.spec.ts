import { describe, expect, it } from '@jest/globals';
import { percentile, ShortCache, toHours, weekStarts, withinShare } from './queue-stats.js';

describe('queue figures', () => {
  it('takes the nearest-rank percentile of sorted values', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 90)).toBe(9);
    expect(percentile([42], 90)).toBe(42);
    expect(percentile([3, 30], 50)).toBe(3);
    expect(percentile([3, 30], 90)).toBe(30);
    expect(percentile([], 50)).toBeNull();
  });

  it('turns business minutes into hours to a tenth', () => {
    expect(toHours(90)).toBe(1.5);
    expect(toHours(4320)).toBe(72);
    expect(toHours(7)).toBe(0.1);
    expect(toHours(null)).toBeNull();
  });

  it('gives the share answered in time among the items that can be judged', () => {
    expect(withinShare(3, 1)).toBe(0.75);
    expect(withinShare(2, 1)).toBe(0.667);
    expect(withinShare(0, 4)).toBe(0);
    expect(withinShare(0, 0)).toBeNull();
  });

  it('starts each week on Monday at midnight in the city, across the change to standard time', () => {
    const zone = 'America/Toronto';
    // Sunday 8 November 2026, 23:30 in Toronto (EST, UTC−5): still the week of Monday 2 November.
    const starts = weekStarts(new Date('2026-11-09T04:30:00Z'), zone, 3);
    expect(starts.map((s) => s.toISOString())).toEqual(['2026-10-19T04:00:00.000Z', '2026-10-26T04:00:00.000Z', '2026-11-02T05:00:00.000Z']);
    // Monday 9 November, 00:00 in Toronto: a new week.
    expect(weekStarts(new Date('2026-11-09T05:00:00Z'), zone, 1).map((s) => s.toISOString())).toEqual(['2026-11-09T05:00:00.000Z']);
    expect(weekStarts(new Date('2026-11-09T05:00:00Z'), zone, 12)).toHaveLength(12);
  });

  it('reads a cached value once per period for every caller, and again after the period, a clock set back or a failure', async () => {
    const cache = new ShortCache<number>(10_000);
    let reads = 0;
    const read = async () => ++reads;
    const t0 = new Date('2026-11-30T15:00:00Z');
    const later = (ms: number) => new Date(t0.getTime() + ms);
    expect(await Promise.all([cache.get(t0, read), cache.get(t0, read)])).toEqual([1, 1]);
    expect(await cache.get(later(9_999), read)).toBe(1);
    expect(await cache.get(later(10_000), read)).toBe(2);
    expect(await cache.get(later(5_000), read)).toBe(3);
    await expect(cache.get(later(60_000), () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get(later(60_001), read)).toBe(4);
  });
});
