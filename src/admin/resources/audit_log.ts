import { AuditEntry } from '../../audit/audit-entry.entity.js';
import { PanelSource } from '../adapter/panel-source.js';
import { RESOURCE_IDS } from '../../staff/roles.js';
import { options, type PanelKit, type PanelResourceEntry } from './shared.js';

/** The audit log, read-only: who did what to which record (no history of its own). */
export function auditLog(kit: PanelKit): PanelResourceEntry {
  const { dataSource, components, datetime } = kit;
  return {
    source: new PanelSource<AuditEntry>({
      dataSource,
      entity: AuditEntry,
      id: 'audit_log',
      title: 'summary',
      filters: {
        staffId: { kind: 'exact', column: 'staffId', normalize: (raw) => (/^\d{1,9}$/.test(raw.trim()) ? raw.trim() : null) },
        resource: { kind: 'exact', column: 'resource' },
        recordId: { kind: 'exact', column: 'recordId', normalize: (raw) => raw.trim() || null },
        occurredAt: { kind: 'range', column: 'occurredAt' },
      },
      sorts: { id: 'id', occurredAt: 'id' },
      defaultSort: { column: 'id', direction: 'desc' },
      virtuals: [
        { path: 'staffName', type: 'string' },
        { path: 'summary', type: 'string' },
      ],
      staffOf: (row) => [row.staffId],
      present: (row, _mode, _ds, staff) => ({
        staffName: row.staffId === null ? row.actorKind : (staff.get(row.staffId) ?? `#${row.staffId}`),
        summary: `${row.action} ${row.resource} #${row.recordId}`,
      }),
    }),
    options: options('audit_log', {
      navigation: { name: 'Configuration', icon: 'Settings' },
      listProperties: ['occurredAt', 'staffName', 'action', 'resource', 'recordId'],
      filterProperties: ['staffId', 'resource', 'recordId', 'occurredAt'],
      showProperties: ['id', 'occurredAt', 'staffName', 'staffId', 'actorKind', 'action', 'resource', 'recordId', 'changes', 'note'],
      properties: {
        occurredAt: datetime,
        summary: { isVisible: false },
        resource: { availableValues: RESOURCE_IDS.map((value) => ({ value, label: value })), components: { list: components.auditValue, show: components.auditValue } },
        action: { components: { list: components.auditValue, show: components.auditValue } },
      },
      sort: { sortBy: 'id', direction: 'desc' },
    }),
  };
}
