import { AuditEntry } from '../../audit/audit-entry.entity.js';
import { describeEntries, staffOfEntry } from '../audit-view.js';
import type { FilterRule } from '../adapter/panel-source.js';
import { PanelSource } from '../adapter/panel-source.js';
import { RESOURCE_IDS } from '../../staff/roles.js';
import { options, type PanelKit, type PanelResourceEntry } from './shared.js';

/**
 * Changes and consultations apart (Law 25's access review): `changes` (the default) leaves the
 * readings out, `views` keeps them only, `all` both.
 */
const entryKind: FilterRule = {
  kind: 'custom',
  apply: (qb, value, alias) => {
    if (value === 'changes') qb.andWhere(`${alias}.action <> 'view'`);
    else if (value === 'views') qb.andWhere(`${alias}.action = 'view'`);
    else if (value !== 'all') qb.andWhere('1 = 0');
  },
};

/** The audit log, read-only: who did what to which record, in the reader's words, each entry linked to its record. */
export function auditLog(kit: PanelKit): PanelResourceEntry {
  const { dataSource, components, datetime, timeZone } = kit;
  const entryView = { components: { list: components.auditValue, show: components.auditValue } };
  return {
    source: new PanelSource<AuditEntry>({
      dataSource,
      entity: AuditEntry,
      id: 'audit_log',
      title: 'summary',
      timeZone,
      filters: {
        kind: entryKind,
        staffId: { kind: 'exact', column: 'staffId', normalize: (raw) => (/^\d{1,9}$/.test(raw.trim()) ? raw.trim() : null) },
        resource: { kind: 'exact', column: 'resource' },
        recordId: { kind: 'exact', column: 'recordId', normalize: (raw) => raw.trim() || null },
        occurredAt: { kind: 'range', column: 'occurredAt' },
      },
      defaultFilters: { kind: 'changes' },
      sorts: { id: 'id', occurredAt: 'id' },
      defaultSort: { column: 'id', direction: 'desc' },
      virtuals: [
        { path: 'kind', type: 'string' },
        { path: 'staffName', type: 'string' },
        { path: 'summary', type: 'string' },
        { path: 'record', type: 'string' },
        { path: 'entry', type: 'textarea' },
      ],
      staffOf: staffOfEntry,
      present: async (row, _mode, ds, staff, viewer) => {
        const [entry] = await describeEntries(ds, [row], viewer, staff);
        return { staffName: entry.who, summary: entry.title, record: entry.record.text, entry: JSON.stringify(entry) };
      },
    }),
    options: options('audit_log', {
      navigation: { name: 'Configuration', icon: 'Settings' },
      listProperties: ['occurredAt', 'staffName', 'summary'],
      filterProperties: ['kind', 'staffId', 'resource', 'recordId', 'occurredAt'],
      showProperties: ['id', 'occurredAt', 'staffName', 'summary', 'record', 'changes', 'note'],
      properties: {
        occurredAt: datetime,
        kind: { isVisible: { list: false, show: false, edit: false, filter: true }, availableValues: ['changes', 'views', 'all'].map((value) => ({ value, label: value })) },
        entry: { isVisible: false },
        summary: entryView,
        record: entryView,
        changes: entryView,
        resource: { availableValues: RESOURCE_IDS.map((value) => ({ value, label: value })) },
      },
      sort: { sortBy: 'id', direction: 'desc' },
    }),
  };
}
