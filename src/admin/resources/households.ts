import { ageOn, nameKey, normalizeDossierNumber } from '../../dossiers/dossier-rules.js';
import { HouseholdPhone, PHONE_KINDS } from '../../dossiers/household-phone.entity.js';
import { Household } from '../../dossiers/household.entity.js';
import { phoneField } from '../../dossiers/households.service.js';
import { Membership } from '../../dossiers/membership.entity.js';
import type { FilterRule } from '../adapter/panel-source.js';
import { prefixSql } from '../adapter/prefix.js';
import { householdActions } from '../household-actions.js';
import { householdLabel } from '../request-actions.js';
import { phoneText } from '../values.js';
import { hide, listOnly, options, type PanelKit, type PanelResourceEntry } from './shared.js';

/** Households of which a member matches: the persons' own indexes, then the membership index. */
const householdMember: FilterRule = {
  kind: 'custom',
  apply: (qb, value, alias) => {
    const [column, key] = /\d/.test(value) ? ['p.dossierNumber', normalizeDossierNumber(value)] : ['p.lastNameKey', nameKey(value)];
    if (!key) {
      qb.andWhere('1 = 0');
      return;
    }
    const [condition, parameters] = prefixSql(column, key, 'member', qb);
    qb.andWhere(`${alias}.id IN (SELECT m.householdId FROM household_members m INNER JOIN persons p ON p.id = m.personId WHERE ${condition})`, parameters);
  },
};

/** Households: address, members and phones; new, delete and the families' actions through HouseholdsService. */
export function households(kit: PanelKit): PanelResourceEntry {
  const { clock, components, actions, viewed, history, source, writer, datetime } = kit;
  return {
    ...source<Household>(
      {
        entity: Household,
        id: 'households',
        title: 'label',
        filters: { member: householdMember, label: householdMember },
        sorts: { id: 'id', createdAt: 'id' },
        defaultSort: { column: 'id', direction: 'desc' },
        writable: ['civicNumber', 'street', 'apartment', 'city', 'postalCode'],
        ...writer(({ households }) => ({ create: (values, actor) => households.createHousehold(values, actor), delete: (id, actor) => households.deleteHousehold(id, actor) })),
        virtuals: [
          { path: 'label', type: 'string' },
          { path: 'member', type: 'string' },
          { path: 'members', type: 'textarea', showOnly: true },
          { path: 'phones', type: 'textarea', showOnly: true },
          ...PHONE_KINDS.map((kind) => ({ path: phoneField(kind), type: 'string' as const, showOnly: true })),
        ],
        present: async (row, mode, ds, _staff, { locale }) => {
          const label = householdLabel(row);
          if (mode === 'list') return { label };
          const memberships = await ds.getRepository(Membership).find({ where: { householdId: row.id }, relations: { person: true }, order: { id: 'ASC' } });
          const phones = await ds.getRepository(HouseholdPhone).find({ where: { householdId: row.id }, order: { id: 'ASC' } });
          const today = clock.today();
          return {
            label,
            // JSON for the HouseholdMembers component and the families' forms.
            members: JSON.stringify(
              memberships.map((m) => ({
                personId: m.personId,
                dossierNumber: m.person.dossierNumber,
                firstName: m.person.firstName,
                lastName: m.person.lastName,
                birthDate: m.person.birthDate,
                age: ageOn(m.person.birthDate, today),
                role: m.role,
                dependent: Boolean(m.dependent),
              })),
            ),
            phones: phones.map((p) => phoneText(p.number, p.kind, locale)).join('\n'),
            ...Object.fromEntries(PHONE_KINDS.map((kind) => [phoneField(kind), phones.find((p) => p.kind === kind)?.number ?? ''])),
          };
        },
      },
    ),
    options: options('households', {
      navigation: { name: 'Dossiers', icon: 'Folder' },
      listProperties: ['id', 'label', 'postalCode', 'createdAt'],
      filterProperties: ['member'],
      showProperties: ['id', 'civicNumber', 'street', 'apartment', 'city', 'postalCode', 'members', 'phones', 'legacyKey', 'createdAt', 'updatedAt', 'history'],
      editProperties: ['civicNumber', 'street', 'apartment', 'city', 'postalCode'],
      properties: {
        label: listOnly({ list: true, show: false }), member: { isVisible: { list: false, show: false, edit: false, filter: true } }, legacyKey: { isVisible: { list: false, show: true, edit: false, filter: false } }, createdAt: datetime, updatedAt: datetime, ...history,
        members: { ...listOnly({}), components: { show: components.householdMembers } },
        // The current numbers by kind, for the phones' form (the page shows `phones`).
        ...Object.fromEntries(PHONE_KINDS.map((kind) => [phoneField(kind), hide])),
      },
    }, actions ? householdActions(actions.services.households, components.familyAction) : {}, viewed('households')),
  };
}
