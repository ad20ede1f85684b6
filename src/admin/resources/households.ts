import type { DataSource } from 'typeorm';
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
    const [column, key] = memberKey(value);
    if (!key) {
      qb.andWhere('1 = 0');
      return;
    }
    const [condition, parameters] = prefixSql(column, key, 'member', qb);
    qb.andWhere(`${alias}.id IN (SELECT m.householdId FROM household_members m INNER JOIN persons p ON p.id = m.personId WHERE ${condition})`, parameters);
  },
};

/** A member's name or dossier number typed in the search box: the column and the key it starts with. */
function memberKey(value: string): [string, string] {
  return /\d/.test(value) ? ['p.dossierNumber', normalizeDossierNumber(value)] : ['p.lastNameKey', nameKey(value)];
}

/**
 * The search box of households: the households of the persons whose name (or dossier number)
 * starts with the text, in the persons' order (name, date of birth), each once. The persons' index
 * drives the query and stops after the page: « trem » reads a page of Tremblay, not all of them
 * (newest household first, it was 63 req/s at city scale, see docs/benchmarks.md). A household
 * with several matching members comes once, at its first member; rows are read in chunks until
 * the page is full.
 */
async function householdsByMember(dataSource: DataSource, value: string, limit: number, offset: number): Promise<number[]> {
  const [column, key] = memberKey(value);
  if (!key) return [];
  const wanted = offset + limit;
  const chunk = Math.max(wanted * 2, 20);
  const ids: number[] = [];
  for (let skip = 0; ids.length < wanted; skip += chunk) {
    const qb = dataSource.createQueryBuilder().select('m.householdId', 'householdId').from('persons', 'p').innerJoin('household_members', 'm', 'm.personId = p.id');
    const [condition, parameters] = prefixSql(column, key, 'member', qb);
    const rows = await qb.where(condition, parameters).orderBy(column).addOrderBy('p.birthDate').addOrderBy('p.id').limit(chunk).offset(skip).getRawMany<{ householdId: number | string }>();
    for (const row of rows) if (!ids.includes(Number(row.householdId))) ids.push(Number(row.householdId));
    if (rows.length < chunk) break;
  }
  return ids.slice(offset, wanted);
}

/** Households: address, members and phones; new, delete and the families' actions through HouseholdsService. */
/** How the page says why a household is treated as resident or not (R2): `<resident|non_resident>_<override|address>`. */
const RESIDENCIES = ['resident_address', 'non_resident_address', 'resident_override', 'non_resident_override'] as const;

export function households(kit: PanelKit): PanelResourceEntry {
  const { clock, components, actions, viewed, history, source, writer, datetime } = kit;
  const residency = (row: Household) => {
    const decided = actions?.services.households.residency(row);
    return decided ? { residency: `${decided.resident ? 'resident' : 'non_resident'}_${decided.decidedBy}` } : {};
  };
  return {
    ...source<Household>(
      {
        entity: Household,
        id: 'households',
        title: 'label',
        filters: { member: householdMember, label: householdMember },
        search: { path: 'label', ids: householdsByMember },
        sorts: { id: 'id', createdAt: 'id' },
        defaultSort: { column: 'id', direction: 'desc' },
        writable: ['civicNumber', 'street', 'apartment', 'city', 'postalCode'],
        ...writer(({ households }) => ({ create: (values, actor) => households.createHousehold(values, actor), delete: (id, actor) => households.deleteHousehold(id, actor) })),
        virtuals: [
          { path: 'label', type: 'string' },
          { path: 'member', type: 'string' },
          { path: 'members', type: 'textarea', showOnly: true },
          { path: 'phones', type: 'textarea', showOnly: true },
          { path: 'residency', type: 'string', showOnly: true },
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
            ...residency(row),
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
      showProperties: ['id', 'civicNumber', 'street', 'apartment', 'city', 'postalCode', 'members', 'phones', 'residency', 'residentOverrideReason', 'legacyKey', 'createdAt', 'updatedAt', 'history'],
      editProperties: ['civicNumber', 'street', 'apartment', 'city', 'postalCode'],
      properties: {
        label: listOnly({ list: true, show: false }), member: { isVisible: { list: false, show: false, edit: false, filter: true } }, legacyKey: { isVisible: { list: false, show: true, edit: false, filter: false } }, createdAt: datetime, updatedAt: datetime, ...history,
        members: { ...listOnly({}), components: { show: components.householdMembers } },
        residency: { ...listOnly({}), availableValues: RESIDENCIES.map((value) => ({ value, label: value })) },
        // Read with `residency`; the form of `setResidency` starts from the current decision.
        residentOverride: hide,
        residentOverrideReason: listOnly({}),
        // The current numbers by kind, for the phones' form (the page shows `phones`).
        ...Object.fromEntries(PHONE_KINDS.map((kind) => [phoneField(kind), hide])),
      },
    }, actions ? householdActions(actions.services.households, components.familyAction) : {}, viewed('households')),
  };
}
