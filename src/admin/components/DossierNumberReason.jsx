import React, { useRef } from 'react';
import { FormGroup, FormMessage, Input, Label, Text } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

/** A dossier number as the server compares it: no spaces or dashes, capitals. */
const comparable = (value) => String(value ?? '').replace(/[\s-]/g, '').toUpperCase();

/**
 * « Raison du changement » on a person's form, shown once the dossier number differs from the
 * record's: a clerk's change needs it (HouseholdsService.updatePerson), the audit line keeps it.
 */
const DossierNumberReason = ({ property, record, onChange }) => {
  const { translateProperty, translateMessage } = useTranslation();
  const initial = useRef(record.params.dossierNumber);
  if (comparable(record.params.dossierNumber) === comparable(initial.current)) return null;
  const error = record.errors && record.errors[property.path];
  const id = `field-${property.path}`;
  return (
    <FormGroup error={Boolean(error)}>
      <Label htmlFor={id}>{translateProperty(property.label, property.resourceId)}</Label>
      <Input id={id} value={record.params[property.path] ?? ''} onChange={(event) => onChange(property.path, event.target.value)} />
      <Text variant="sm" mt="sm">{translateMessage('dossierNumberReasonHelp', property.resourceId)}</Text>
      <FormMessage>{error && error.message}</FormMessage>
    </FormGroup>
  );
};

export default DossierNumberReason;
