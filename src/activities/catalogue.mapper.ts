import { remainingSeats } from '../registrations/registration-rules.js';
import type { SeatCount } from '../registrations/seat-ledger.js';
import type { Activity } from './activity.entity.js';
import type { CatalogueItem, OfferingStatus } from './dto/catalogue.dto.js';
import type { Offering } from './offering.entity.js';

/** Where an offering stands at `now`: before the residents' opening, from its closing, then by its remaining places. */
export function offeringStatus(offering: Pick<Offering, 'residentsOpenAt' | 'closesAt'>, remaining: number, now: Date): OfferingStatus {
  if (now < offering.residentsOpenAt) return 'upcoming';
  if (now >= offering.closesAt) return 'closed';
  return remaining === 0 ? 'full' : 'open';
}

/** An offering of the catalogue as the API shows it (SPEC's routes table), its instants in the city's offset by `iso`. */
export function toCatalogueItem(offering: Offering & { activity: Activity }, seats: SeatCount, now: Date, iso: (instant: Date) => string): CatalogueItem {
  const remaining = remainingSeats(offering.capacity, seats.taken, seats.waiting);
  return {
    code: offering.code,
    activity: offering.activity.name,
    category: offering.activity.category,
    group: offering.groupName,
    site: offering.site,
    startsOn: offering.startsOn,
    endsOn: offering.endsOn,
    schedule: { weekday: offering.weekday, start: offering.startTime, end: offering.endTime },
    ageMin: offering.ageMin,
    ageMax: offering.ageMax,
    ageOn: offering.ageOn,
    prices: { resident: offering.priceResident, nonResident: offering.priceNonResident },
    opensAt: { residents: iso(offering.residentsOpenAt), nonResidents: iso(offering.nonResidentsOpenAt) },
    closesAt: iso(offering.closesAt),
    capacity: offering.capacity,
    remaining,
    waitlist: seats.waitingEntries,
    status: offeringStatus(offering, remaining, now),
  };
}
