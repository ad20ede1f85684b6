import React from 'react';
import { ValueGroup } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

/**
 * An audit line's action and section by their names (« Approuver », « Demandes de numéro de
 * dossier »), as the records' « Historique » shows them, not their codes (approve, dossier_requests).
 */
const AuditValue = (props) => {
  const { property, record, where } = props;
  const { translateAction, translateLabel, translateProperty } = useTranslation();
  const value = record.params[property.path];
  const text = !value ? '' : property.path === 'action' ? translateAction(value, record.params.resource) : translateLabel(value, value);
  if (where === 'list') return <span title={value}>{text}</span>;
  return <ValueGroup label={translateProperty(property.label, property.resourceId)}>{text}</ValueGroup>;
};

export default AuditValue;
