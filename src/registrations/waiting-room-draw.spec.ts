import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { admissionEnds, admittedAt, drawIndex, drawOrder, expectedWaitBeforeDraw, roomEnds } from './waiting-room-draw.js';

const policy = { admissionPerMinute: 6, admissionMinutes: 20 };
const opensAt = new Date('2027-01-12T00:00:00.000Z');

describe('the waiting room draw (R5)', () => {
  it('draws the same order from the same seed, whatever the order the households arrived in', () => {
    const ids = [42, 7, 1001, 3, 18, 99];
    const order = drawOrder('ab'.repeat(32), ids);
    expect([...order].sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    expect(drawOrder('ab'.repeat(32), [...ids].reverse())).toEqual(order);
    expect(drawOrder('cd'.repeat(32), ids)).not.toEqual(order);
  });

  it('is the documented recipe: SHA-256 of "seed:i:k", 6 bytes big-endian, rejection below a multiple of i + 1', () => {
    const seed = 'f'.repeat(64);
    const value = createHash('sha256').update(`${seed}:9:0`).digest().readUIntBE(0, 6);
    expect(drawIndex(seed, 9)).toBe(value % 10);
    // A hand-run Fisher–Yates over ids sorted ascending gives the same order.
    const ids = [5, 1, 4, 2, 3];
    const manual = [1, 2, 3, 4, 5];
    for (let i = manual.length - 1; i > 0; i--) {
      const j = drawIndex(seed, i);
      [manual[i], manual[j]] = [manual[j], manual[i]];
    }
    expect(drawOrder(seed, ids)).toEqual(manual);
  });

  it('gives every index its fair share', () => {
    const counts = [0, 0, 0, 0];
    for (let n = 0; n < 4000; n++) counts[drawIndex(`seed-${n}`, 3)]++;
    for (const count of counts) expect(Math.abs(count - 1000)).toBeLessThan(150);
  });
});

describe('admissions (R5)', () => {
  it('admits position p at opensAt + (p − 1) · 60 / ADMISSION_PER_MINUTE seconds, for ADMISSION_MINUTES', () => {
    const early = new Date(opensAt.getTime() - 60_000);
    expect(admittedAt(opensAt, 1, early, policy)).toEqual(opensAt);
    expect(admittedAt(opensAt, 3, early, policy)).toEqual(new Date(opensAt.getTime() + 20_000));
    expect(admissionEnds(admittedAt(opensAt, 3, early, policy), policy)).toEqual(new Date(opensAt.getTime() + 20_000 + 20 * 60_000));
  });

  it('admits on arrival one who came after its paced turn had passed', () => {
    const late = new Date(opensAt.getTime() + 3_600_000);
    expect(admittedAt(opensAt, 4, late, policy)).toEqual(late);
  });

  it('keeps the room until the last queued household’s admission has ended', () => {
    expect(roomEnds(opensAt, 0, policy)).toEqual(new Date(opensAt.getTime() + 20 * 60_000));
    expect(roomEnds(opensAt, 30, policy)).toEqual(new Date(opensAt.getTime() + 300_000 + 20 * 60_000));
  });

  it('estimates a wait before the draw: until the opening, then half the queue present', () => {
    expect(expectedWaitBeforeDraw(opensAt, 1, new Date(opensAt.getTime() - 60_000), policy)).toBe(60);
    expect(expectedWaitBeforeDraw(opensAt, 11, new Date(opensAt.getTime() - 60_000), policy)).toBe(110);
  });
});
