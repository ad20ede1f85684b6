import { PrivacyIncident } from '../../privacy/privacy-incident.entity.js';
import { INCIDENT_FIELDS } from '../../privacy/incidents.service.js';
import { typedId, options, type PanelKit, type PanelResourceEntry } from './shared.js';

const TEXTS = ['description', 'informationConcerned', 'personsConcerned', 'riskAssessment', 'commissionNote', 'personsNote', 'measures'] as const;

/**
 * The confidentiality incidents register (Law 25): administrators add entries through
 * IncidentsService; no edit, no delete (the role table offers neither and the database refuses
 * both). A follow-up is a new entry naming the first (`followsId`).
 */
export function privacyIncidents(kit: PanelKit): PanelResourceEntry {
  const { history, source, writer, datetime } = kit;
  return {
    ...source<PrivacyIncident>({
      entity: PrivacyIncident,
      id: 'privacy_incidents',
      title: 'label',
      filters: { label: { kind: 'exact', column: 'id', normalize: typedId }, occurredOn: { kind: 'range', column: 'occurredOn' } },
      sorts: { id: 'id', occurredOn: 'id' },
      defaultSort: { column: 'id', direction: 'desc' },
      writable: [...INCIDENT_FIELDS],
      virtuals: [{ path: 'label', type: 'string' }, { path: 'recordedBy', type: 'string', showOnly: true }],
      staffOf: (row) => [row.recordedById],
      present: (row, _mode, _ds, staff) => ({
        label: `N° ${row.id} — ${row.description.length > 60 ? `${row.description.slice(0, 59)}…` : row.description}`,
        recordedBy: row.recordedById === null ? '' : (staff.get(row.recordedById) ?? `#${row.recordedById}`),
      }),
      ...writer(({ incidents }) => ({ create: (values, actor) => incidents.create(values, actor) })),
    }),
    options: options('privacy_incidents', {
      navigation: { name: 'Loi 25', icon: 'Shield' },
      listProperties: ['occurredOn', 'label', 'seriousRisk', 'followsId'],
      filterProperties: ['occurredOn'],
      showProperties: ['id', 'followsId', ...INCIDENT_FIELDS.filter((field) => field !== 'followsId'), 'recordedBy', 'createdAt', 'history'],
      editProperties: [...INCIDENT_FIELDS],
      properties: {
        label: { isVisible: { list: true, show: false, edit: false, filter: false } },
        recordedBy: { isVisible: { list: false, show: true, edit: false, filter: false } },
        recordedById: { isVisible: false },
        followsId: { type: 'number' },
        personsCount: { type: 'number' },
        ...Object.fromEntries(TEXTS.map((field) => [field, { type: 'textarea' }])),
        createdAt: datetime,
        ...history,
      },
      sort: { sortBy: 'id', direction: 'desc' },
    }),
  };
}
