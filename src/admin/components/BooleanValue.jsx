import React from 'react';
import { Badge } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

/**
 * A yes/no value on a list or a record's page in the staff member's language (AdminJS writes
 * « Yes » / « No » whatever the language): the property's own words when the locale names them
 * (`late.true`: « Oui »), else « Oui » / « Non ». Nothing for an empty value.
 */
const BooleanValue = ({ record, property, resource }) => {
  const { tl, i18n } = useTranslation();
  const raw = record?.params[property.path];
  if (raw === undefined || raw === null || raw === '') return null;
  const on = raw === true || raw === 'true' || raw === 1 || raw === '1';
  const word = i18n.language === 'en' ? (on ? 'Yes' : 'No') : on ? 'Oui' : 'Non';
  return (
    <Badge outline size="sm">
      {tl(`${property.path}.${on}`, resource.id, { defaultValue: word })}
    </Badge>
  );
};

export default BooleanValue;
