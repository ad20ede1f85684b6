import { zonedInstant } from '../common/clock.js';

/** Seasons of the demo data: « Hiver 2027 » opens in December 2026; each opens at 19:00, city time. */
const SEASONS = [
  { name: 'Hiver', month: 12, day: 7, openingYearOffset: -1 },
  { name: 'Printemps', month: 3, day: 8, openingYearOffset: 0 },
  { name: 'Été', month: 5, day: 17, openingYearOffset: 0 },
  { name: 'Automne', month: 8, day: 23, openingYearOffset: 0 },
] as const;

const REGISTRATION_DAYS = 14;

/** The next `count` seasons that open after `now`. */
export function demoPeriods(now: Date, timeZone: string, count = 3): Array<{ name: string; opensAt: Date; closesAt: Date }> {
  const year = now.getUTCFullYear();
  return [year, year + 1, year + 2]
    .flatMap((seasonYear) =>
      SEASONS.map((season) => {
        const year = seasonYear + season.openingYearOffset;
        return {
          name: `${season.name} ${seasonYear}`,
          opensAt: zonedInstant(year, season.month, season.day, 19, timeZone),
          closesAt: zonedInstant(year, season.month, season.day + REGISTRATION_DAYS, 19, timeZone),
        };
      }),
    )
    .filter((period) => period.opensAt > now)
    .sort((a, b) => a.opensAt.getTime() - b.opensAt.getTime())
    .slice(0, count);
}
