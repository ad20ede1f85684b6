import { describe, expect, it } from '@jest/globals';
import { isoInZone } from '../common/clock.js';
import type { Activity } from './activity.entity.js';
import { offeringStatus, toCatalogueItem } from './catalogue.mapper.js';
import type { Offering } from './offering.entity.js';

const OPENS = new Date('2027-01-11T00:00:00Z');
const CLOSES = new Date('2027-01-25T04:59:00Z');
const at = (iso: string) => new Date(iso);

describe('offeringStatus', () => {
  const offering = { residentsOpenAt: OPENS, closesAt: CLOSES };

  it('is upcoming until the residents’ opening, open from it, closed from the closing', () => {
    expect(offeringStatus(offering, 5, at('2027-01-10T23:59:59.999Z'))).toBe('upcoming');
    expect(offeringStatus(offering, 5, OPENS)).toBe('open');
    expect(offeringStatus(offering, 5, at('2027-01-25T04:58:59.999Z'))).toBe('open');
    expect(offeringStatus(offering, 5, CLOSES)).toBe('closed');
  });

  it('is full when no place remains between the opening and the closing, and only then', () => {
    expect(offeringStatus(offering, 0, at('2027-01-12T00:00:00Z'))).toBe('full');
    expect(offeringStatus(offering, 0, at('2027-01-10T00:00:00Z'))).toBe('upcoming');
    expect(offeringStatus(offering, 0, CLOSES)).toBe('closed');
  });
});

describe('toCatalogueItem', () => {
  const activity = { id: 3, name: 'Soccer intérieur — U10', category: 'Sports' } as Activity;
  const offering = {
    id: 7,
    code: 'SOC-U10-JEU18',
    activityId: 3,
    activity,
    groupName: 'Jeudi 18 h',
    site: 'Centre Henri-L.-Bernier, gymnase',
    startsOn: '2027-01-14',
    endsOn: '2027-04-01',
    weekday: 4,
    startTime: '18:00',
    endTime: '19:15',
    capacity: 16,
    ageMin: 8,
    ageMax: 9,
    ageOn: '2026-09-30',
    priceResident: 7000,
    priceNonResident: 10500,
    residentsOpenAt: OPENS,
    nonResidentsOpenAt: new Date('2027-01-13T00:00:00Z'),
    closesAt: CLOSES,
    rl24: false,
  } as Offering & { activity: Activity };
  const iso = (instant: Date) => isoInZone(instant, 'America/Toronto');

  it('shows every field of the routes table, instants with the city’s offset', () => {
    expect(toCatalogueItem(offering, { taken: 3, waiting: 0, waitingEntries: 0 }, at('2027-01-12T00:00:00Z'), iso)).toEqual({
      code: 'SOC-U10-JEU18',
      activity: 'Soccer intérieur — U10',
      category: 'Sports',
      group: 'Jeudi 18 h',
      site: 'Centre Henri-L.-Bernier, gymnase',
      startsOn: '2027-01-14',
      endsOn: '2027-04-01',
      schedule: { weekday: 4, start: '18:00', end: '19:15' },
      ageMin: 8,
      ageMax: 9,
      ageOn: '2026-09-30',
      prices: { resident: 7000, nonResident: 10500 },
      opensAt: { residents: '2027-01-10T19:00:00.000-05:00', nonResidents: '2027-01-12T19:00:00.000-05:00' },
      closesAt: '2027-01-24T23:59:00.000-05:00',
      capacity: 16,
      remaining: 13,
      waitlist: 0,
      status: 'open',
    });
  });

  it('counts the waitlist’s seats against the remaining places, never below 0, and shows the entries', () => {
    const item = toCatalogueItem(offering, { taken: 12, waiting: 5, waitingEntries: 2 }, at('2027-01-12T00:00:00Z'), iso);
    expect(item).toMatchObject({ remaining: 0, waitlist: 2, status: 'full' });
  });
});
