import { dateInZone } from '../common/clock.js';
import type { OfferingInput } from './offering-input.js';

/** The demo offering that is almost full: its registrations are demo children's, one place is left. */
export const DEMO_ALMOST_FULL = 'DEMO-BADMINTON-FAM';
/** The demo offering whose residents' opening comes a few minutes after start-up: a newcomer meets the waiting room (R5). */
export const DEMO_WAITING_ROOM = 'DEMO-PAT-INIT';
/** How long after start-up the waiting room's offering opens to residents (within WAITING_ROOM_MINUTES' default 15). */
export const DEMO_OPENING_DELAY_MINUTES = 10;

const MINUTE = 60_000;
const DAY = 86_400_000;

/** A day `days` after a YYYY-MM-DD day. */
function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** The first day on or after `day` that is ISO weekday `weekday` (Monday = 1). */
function onOrAfter(day: string, weekday: number): string {
  const current = ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
  return addDays(day, (weekday - current + 7) % 7);
}

/** A demo group: an offering's own values, its price in dollars (the non-residents' is half more) and its length; the dates follow from now. */
type DemoGroup = Pick<OfferingInput, 'code' | 'activity' | 'category' | 'group' | 'site' | 'weekday' | 'startTime' | 'endTime' | 'capacity' | 'ageMin' | 'ageMax'> & {
  price: number;
  weeks: number;
  rl24?: boolean;
  opensLater?: boolean;
};

const POOL = 'Piscine Henri-L.-Bernier';
const GYM = 'Centre Henri-L.-Bernier, gymnase';

/**
 * The demo catalogue of the embedded mode, around `now`: groups that start in three weeks, open to
 * residents since yesterday and to the others since this morning, closing in two weeks; the
 * waiting room's group opens to residents `DEMO_OPENING_DELAY_MINUTES` after `now`. The almost
 * full group's capacity is `almostFullCapacity` (the demo registrations + 1).
 */
export function demoOfferings(now: Date, timeZone: string, almostFullCapacity: number): OfferingInput[] {
  const groups: DemoGroup[] = [
    { code: 'DEMO-NAT-ETOILE', activity: 'Natation — Étoile de mer', category: 'Natation', group: 'Samedi 9 h', site: POOL, weekday: 6, startTime: '09:00', endTime: '09:45', capacity: 8, ageMin: 3, ageMax: 5, price: 85, weeks: 12 },
    { code: 'DEMO-NAT-JUNIOR', activity: 'Natation — Junior 1', category: 'Natation', group: 'Mercredi 18 h', site: POOL, weekday: 3, startTime: '18:00', endTime: '18:55', capacity: 10, ageMin: 6, ageMax: 12, price: 95, weeks: 12 },
    { code: 'DEMO-SOC-U10', activity: 'Soccer intérieur — U10', category: 'Sports', group: 'Mardi 18 h', site: GYM, weekday: 2, startTime: '18:00', endTime: '19:15', capacity: 16, ageMin: 7, ageMax: 10, price: 70, weeks: 12 },
    { code: 'DEMO-CAMP-RELACHE', activity: 'Camp de jour — Semaine de relâche', category: 'Camps de jour', group: 'Du lundi au vendredi', site: 'École Saint-Cœur-de-Marie', weekday: 1, startTime: '08:00', endTime: '16:30', capacity: 40, ageMin: 5, ageMax: 12, price: 160, weeks: 1, rl24: true },
    { code: DEMO_ALMOST_FULL, activity: 'Badminton en famille', category: 'Mise en forme', group: 'Vendredi 19 h', site: GYM, weekday: 5, startTime: '19:00', endTime: '20:30', capacity: almostFullCapacity, ageMin: 6, ageMax: 99, price: 45, weeks: 12 },
    { code: DEMO_WAITING_ROOM, activity: 'Patinage — Initiation', category: 'Patinage', group: 'Dimanche 13 h', site: 'Aréna Henry-Leonard', weekday: 7, startTime: '13:00', endTime: '13:50', capacity: 20, ageMin: 4, ageMax: 8, price: 60, weeks: 10, opensLater: true },
  ];
  const minute = Math.floor(now.getTime() / MINUTE) * MINUTE;
  const firstDay = addDays(dateInZone(now, timeZone), 21);
  return groups.map(({ price, weeks, rl24 = false, opensLater = false, ...group }) => {
    const startsOn = onOrAfter(firstDay, group.weekday);
    const residentsOpenAt = new Date(opensLater ? minute + DEMO_OPENING_DELAY_MINUTES * MINUTE : minute - DAY);
    return {
      ...group,
      startsOn,
      endsOn: weeks === 1 ? addDays(startsOn, 4) : addDays(startsOn, (weeks - 1) * 7),
      ageOn: startsOn,
      priceResident: price * 100,
      priceNonResident: price * 150,
      residentsOpenAt,
      nonResidentsOpenAt: new Date(opensLater ? residentsOpenAt.getTime() + DAY : minute - 6 * 60 * MINUTE),
      closesAt: new Date(minute + 14 * DAY),
      rl24,
    };
  });
}
