import { In } from 'typeorm';
import { Offering } from '../../activities/offering.entity.js';
import { HouseholdPhone } from '../../dossiers/household-phone.entity.js';
import { Person } from '../../dossiers/person.entity.js';
import { REGISTRATION_STATUSES, Registration } from '../../registrations/registration.entity.js';
import { ageOn } from '../../registrations/registration-rules.js';
import { registrationActions } from '../registration-actions.js';
import { options, typedId, type PanelKit, type PanelResourceEntry } from './shared.js';

/**
 * An offering's class list (R4, R7): each registered person with their age on the offering's
 * reference date, their household and its phones. Read-only but for `cancel` (a clerk, with a
 * reason), through RegistrationsService.
 */
export function registrations(kit: PanelKit): PanelResourceEntry {
  const { components, actions, viewed, history, source, datetime } = kit;
  return {
    ...source<Registration>({
      entity: Registration,
      id: 'registrations',
      title: 'label',
      filters: {
        offeringId: { kind: 'exact', column: 'offeringId', normalize: typedId },
        status: { kind: 'exact', column: 'status', normalize: (raw) => ((REGISTRATION_STATUSES as readonly string[]).includes(raw) ? raw : null) },
        personId: { kind: 'exact', column: 'personId', normalize: typedId },
      },
      sorts: { id: 'id', createdAt: 'id' },
      defaultSort: { column: 'id', direction: 'asc' },
      references: { offeringId: 'activities', householdId: 'households', personId: 'persons', accountId: 'accounts' },
      virtuals: [
        { path: 'label', type: 'string' },
        { path: 'personName', type: 'string' },
        { path: 'age', type: 'string' },
        { path: 'phones', type: 'string' },
        { path: 'cancelledBy', type: 'string' },
      ],
      staffOf: (row) => [row.cancelledByStaffId],
      // The page's persons, offerings and households' phones in three queries, not three a row.
      presentMany: async (rows, _mode, ds, staff) => {
        const ids = (pick: (row: Registration) => number) => [...new Set(rows.map(pick))];
        const persons = new Map((await ds.getRepository(Person).find({ where: { id: In(ids((row) => row.personId)) }, select: { id: true, firstName: true, lastName: true, birthDate: true } })).map((p) => [p.id, p]));
        const offerings = new Map((await ds.getRepository(Offering).find({ where: { id: In(ids((row) => row.offeringId)) }, select: { id: true, code: true, ageOn: true } })).map((o) => [o.id, o]));
        const phones = await ds.getRepository(HouseholdPhone).find({ where: { householdId: In(ids((row) => row.householdId)) }, order: { id: 'ASC' } });
        return rows.map((row) => {
          const person = persons.get(row.personId);
          const offering = offerings.get(row.offeringId);
          const personName = person ? `${person.lastName}, ${person.firstName}` : `#${row.personId}`;
          return {
            label: `${personName} — ${offering?.code ?? ''}`,
            personName,
            age: person && offering ? String(ageOn(person.birthDate, offering.ageOn)) : '',
            phones: phones.filter((p) => p.householdId === row.householdId).map((p) => p.number).join(', '),
            cancelledBy: row.cancelledByStaffId === null ? null : (staff.get(row.cancelledByStaffId) ?? `#${row.cancelledByStaffId}`),
          };
        });
      },
    }),
    options: options('registrations', {
      navigation: { name: 'Inscriptions', icon: 'Calendar' },
      listProperties: ['personName', 'age', 'householdId', 'phones', 'status', 'offeringId'],
      filterProperties: ['offeringId', 'status', 'personId'],
      showProperties: ['personName', 'personId', 'age', 'offeringId', 'householdId', 'phones', 'status', 'amount', 'accountId', 'createdAt', 'cancelledAt', 'cancelReason', 'cancelledBy', 'history'],
      properties: {
        label: { isVisible: false },
        status: { availableValues: REGISTRATION_STATUSES.map((value) => ({ value, label: value })) },
        createdAt: datetime, cancelledAt: datetime,
        ...history,
      },
      sort: { sortBy: 'id', direction: 'asc' },
    }, actions ? registrationActions(actions.services, components.registrationAction) : {}, viewed('registrations')),
  };
}
