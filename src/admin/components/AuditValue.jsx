import React from 'react';
import { Link, ValueGroup } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';
import { parseParam } from './post-action.js';
import { ChangeList } from './History.jsx';

/**
 * An audit entry as the server words it (src/admin/audit-view.ts): its title « Approbation — demande
 * de dossier D-2026-000123 » with a link to the record, and its changes « champ : avant → après ».
 */
const AuditValue = (props) => {
  const { property, record, where } = props;
  const { translateProperty } = useTranslation();
  const entry = parseParam(record.params.entry, null);
  if (!entry) return null;
  // A link inside a row of the list opens the record, not the entry.
  const toRecord = entry.record.href ? (
    <Link href={entry.record.href} onClick={(event) => event.stopPropagation()}>{entry.record.text}</Link>
  ) : entry.record.text;
  let content;
  if (property.path === 'summary') content = <span>{entry.action} — {toRecord}</span>;
  else if (property.path === 'record') content = toRecord;
  else content = entry.changes.length ? <ChangeList changes={entry.changes} /> : '—';
  if (where === 'list') return content;
  return <ValueGroup label={translateProperty(property.label, property.resourceId)}>{content}</ValueGroup>;
};

export default AuditValue;
