import type { ActionHandler, RecordActionResponse } from 'adminjs';
import { canonicalEmail } from '../../common/email-address.js';
import { nameKey, normalizeDossierNumber } from '../../dossiers/dossier-rules.js';
import { Membership } from '../../dossiers/membership.entity.js';
import { Person } from '../../dossiers/person.entity.js';
import type { FilterRule } from '../adapter/panel-source.js';
import { prefixCondition } from '../adapter/prefix.js';
import { householdLabel } from '../request-actions.js';
import { roleText } from '../values.js';
import { hide, listOnly, lower, options, type PanelKit, type PanelResourceEntry } from './shared.js';

const dossierNumber: FilterRule = { kind: 'prefix', column: 'dossierNumber', normalize: (raw) => normalizeDossierNumber(raw) || null };
const lastName: FilterRule = { kind: 'prefix', column: 'lastNameKey', normalize: (raw) => nameKey(raw) || null };

function personLabel(p: Pick<Person, 'firstName' | 'lastName' | 'dossierNumber'>): string {
  return `${p.lastName}, ${p.firstName} (${p.dossierNumber})`;
}

/**
 * The search box of persons: an email (an @, a dot, _ or +: « marie.tremblay2 »), a dossier number
 * (a digit otherwise), or the start of a last name.
 */
function personSearch(qb: Parameters<Extract<FilterRule, { kind: 'custom' }>['apply']>[0], value: string, alias: string): void {
  const [column, key] = /[@._+]/.test(value)
    ? ['email', canonicalEmail(value)]
    : /\d/.test(value)
      ? ['dossierNumber', normalizeDossierNumber(value)]
      : ['lastNameKey', nameKey(value)];
  if (!key) qb.andWhere('1 = 0');
  else prefixCondition(qb, `${alias}.${column}`, key, 'search');
}

/**
 * « Exporter le dossier (Loi 25) »: a screen with the file's two downloads (PDF, JSON), served and
 * audited by PersonFileController; the action itself only reads the record.
 */
function personFileAction(component: string) {
  const handler: ActionHandler<RecordActionResponse> = async (_request, _response, { record, currentAdmin }) => ({ record: record!.toJSON(currentAdmin) });
  return { actionType: 'record' as const, icon: 'Download', component, handler };
}

/** Persons, found by dossier number, last name or email; edited and deleted through HouseholdsService. */
export function persons(kit: PanelKit): PanelResourceEntry {
  const { components, viewed, history, source, writer, datetime } = kit;
  return {
    ...source<Person>(
      {
        entity: Person,
        id: 'persons',
        title: 'fullName',
        filters: { dossierNumber, lastName, email: { kind: 'prefix', column: 'email', normalize: lower }, fullName: { kind: 'custom', apply: (qb, value, alias) => personSearch(qb, value, alias) } },
        sorts: { lastName: 'lastNameKey', dossierNumber: 'dossierNumber', id: 'id' },
        defaultSort: { column: 'lastNameKey', direction: 'asc' },
        references: { accountId: 'accounts' },
        // `dossierNumberReason`: the reason a clerk gives for a new dossier number (the service asks for it).
        writable: ['dossierNumber', 'dossierNumberReason', 'firstName', 'lastName', 'birthDate', 'email', 'phone'],
        virtuals: [{ path: 'fullName', type: 'string' }, { path: 'households', type: 'textarea', showOnly: true }, { path: 'dossierNumberReason', type: 'string', showOnly: true }],
        present: async (row, mode, ds, _staff, { locale }) => {
          if (mode === 'list') return { fullName: personLabel(row) };
          const memberships = await ds.getRepository(Membership).find({ where: { personId: row.id }, relations: { household: true }, order: { householdId: 'ASC' } });
          const households = memberships.map((m) => ({ householdId: m.householdId, label: householdLabel(m.household), role: roleText(m.role, Boolean(m.dependent), locale) }));
          return { fullName: personLabel(row), households: JSON.stringify(households) };
        },
        ...writer(({ households }) => ({ update: (id, values, actor) => households.updatePerson(id, values, actor), delete: (id, actor) => households.deletePerson(id, actor) })),
      },
    ),
    options: options('persons', {
      navigation: { name: 'Dossiers', icon: 'Folder' },
      listProperties: ['dossierNumber', 'lastName', 'firstName', 'birthDate', 'email', 'accountId'],
      filterProperties: ['dossierNumber', 'lastName', 'email'],
      showProperties: ['dossierNumber', 'lastName', 'firstName', 'birthDate', 'email', 'phone', 'accountId', 'households', 'createdAt', 'updatedAt', 'history'],
      editProperties: ['dossierNumber', 'dossierNumberReason', 'lastName', 'firstName', 'birthDate', 'email', 'phone'],
      properties: { lastNameKey: hide, fullName: { isVisible: false }, createdAt: datetime, updatedAt: datetime, ...history, households: { ...listOnly({}), components: { show: components.personHouseholds } }, dossierNumberReason: { isVisible: { list: false, show: false, edit: true, filter: false }, components: { edit: components.dossierNumberReason } } },
      sort: { sortBy: 'lastName', direction: 'asc' },
    }, { exportFile: personFileAction(components.personFile) }, viewed('persons')),
  };
}
