import { describe, expect, it } from '@jest/globals';
import { wallClock } from '../common/clock.js';
import { DEMO_ALMOST_FULL, DEMO_OPENING_DELAY_MINUTES, DEMO_WAITING_ROOM, demoOfferings } from './demo-activities.js';
import { offeringOrderProblems } from './offering-input.js';

const NOW = new Date('2026-12-06T17:30:42Z');

describe('the demo catalogue', () => {
  const offerings = demoOfferings(NOW, 'America/Toronto', 8);

  it('holds swimming, soccer and a day camp eligible for RL-24, each consistent', () => {
    expect(offerings.map((o) => o.category)).toEqual(expect.arrayContaining(['Natation', 'Sports', 'Camps de jour']));
    expect(offerings.filter((o) => o.rl24).map((o) => o.category)).toEqual(['Camps de jour']);
    for (const offering of offerings) expect(offeringOrderProblems(offering)).toEqual([]);
    expect(new Set(offerings.map((o) => o.code)).size).toBe(offerings.length);
  });

  it('starts each group on its own weekday, three weeks or more from today', () => {
    for (const offering of offerings) {
      const weekday = ((new Date(`${offering.startsOn}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
      expect(weekday).toBe(offering.weekday);
      expect(offering.startsOn >= '2026-12-27').toBe(true);
    }
  });

  it('opens the waiting room’s group to residents a few minutes after now, the others already', () => {
    const later = offerings.find((o) => o.code === DEMO_WAITING_ROOM)!;
    expect(later.residentsOpenAt.getTime()).toBe(new Date('2026-12-06T17:30:00Z').getTime() + DEMO_OPENING_DELAY_MINUTES * 60_000);
    for (const offering of offerings.filter((o) => o.code !== DEMO_WAITING_ROOM)) {
      expect(offering.nonResidentsOpenAt < NOW && offering.closesAt > NOW).toBe(true);
    }
    expect(wallClock(later.residentsOpenAt, 'America/Toronto').seconds % 60).toBe(0);
  });

  it('gives the almost full group the capacity asked for', () => {
    expect(offerings.find((o) => o.code === DEMO_ALMOST_FULL)!.capacity).toBe(8);
  });
});
