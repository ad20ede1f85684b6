import { In } from 'typeorm';
import { Person } from '../../dossiers/person.entity.js';
import { ClaimPerson } from '../../registrations/claim-person.entity.js';
import { WAITLIST_STATUSES, WaitlistEntry } from '../../registrations/waitlist-entry.entity.js';
import { waitlistPositions } from '../../registrations/waitlist.service.js';
import type { FilterRule } from '../adapter/panel-source.js';
import { waitlistActions } from '../registration-actions.js';
import { options, statusWithDefault, typedId, type PanelKit, type PanelResourceEntry } from './shared.js';

/** The entries still in line (`live`: waiting or offered, the default), every entry (`all`), or one status. */
const entryStatus: FilterRule = {
  kind: 'custom',
  apply: (qb, value, alias) => {
    if (value === 'all') return;
    const statuses = value === 'live' ? ['waiting', 'offered'] : (WAITLIST_STATUSES as readonly string[]).includes(value) ? [value] : [];
    if (!statuses.length) qb.andWhere('1 = 0');
    else qb.andWhere(`${alias}.status IN (:...entryStatuses)`, { entryStatuses: statuses });
  },
};

/**
 * The waitlists (R6): entries by offering and rank, with their place in line, household, persons,
 * seats and an offer's deadline. Read-only but for `move` (with a reason) and `offer`, through
 * WaitlistService.
 */
export function waitlist(kit: PanelKit): PanelResourceEntry {
  const { components, actions, viewed, history, source, datetime } = kit;
  return {
    ...source<WaitlistEntry>({
      entity: WaitlistEntry,
      id: 'waitlist',
      title: 'label',
      filters: { offeringId: { kind: 'exact', column: 'offeringId', normalize: typedId }, status: entryStatus },
      defaultFilters: { status: 'live' },
      sorts: { rank: 'rank', id: 'id' },
      defaultSort: { column: 'rank', direction: 'asc' },
      references: { offeringId: 'activities', householdId: 'households', accountId: 'accounts' },
      virtuals: [
        { path: 'label', type: 'string' },
        { path: 'position', type: 'string' },
        { path: 'persons', type: 'string' },
      ],
      // The page's persons and places in line in three queries, not three a row.
      presentMany: async (rows, _mode, ds) => {
        const claimed = await ds.getRepository(ClaimPerson).find({ where: { kind: 'waitlist', claimId: In(rows.map((row) => row.id)) }, order: { personId: 'ASC' } });
        const personIds = [...new Set(claimed.map((c) => c.personId))];
        const people = new Map((personIds.length ? await ds.getRepository(Person).find({ where: { id: In(personIds) }, select: { id: true, firstName: true, lastName: true } }) : []).map((p) => [p.id, p]));
        const live = (row: WaitlistEntry) => row.status === 'waiting' || row.status === 'offered';
        const positions = await waitlistPositions(ds.manager, rows.filter(live).map((row) => row.id));
        return rows.map((row) => {
          const persons = claimed
            .filter((c) => c.claimId === row.id && people.has(c.personId))
            .map((c) => people.get(c.personId)!)
            .map((p) => `${p.firstName} ${p.lastName}`)
            .join(', ');
          return { label: `n° ${row.id} — ${persons}`, position: live(row) ? String(positions.get(row.id)) : '', persons };
        });
      },
    }),
    options: options('waitlist', {
      navigation: { name: 'Inscriptions', icon: 'Calendar' },
      listProperties: ['offeringId', 'position', 'householdId', 'persons', 'seats', 'status', 'offerExpiresAt'],
      filterProperties: ['offeringId', 'status'],
      showProperties: ['offeringId', 'position', 'householdId', 'persons', 'seats', 'amount', 'status', 'offeredAt', 'offerExpiresAt', 'accountId', 'createdAt', 'history'],
      properties: {
        label: { isVisible: false },
        status: statusWithDefault(['live', ...WAITLIST_STATUSES, 'all'], 'live'),
        offeredAt: datetime, offerExpiresAt: datetime, reminderSentAt: datetime, createdAt: datetime, updatedAt: datetime,
        ...history,
      },
      sort: { sortBy: 'rank', direction: 'asc' },
    }, actions ? waitlistActions(actions.services, components.registrationAction) : {}, viewed('waitlist')),
  };
}
