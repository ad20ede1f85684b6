import React from 'react';
import { FormGroup, Select } from '@adminjs/design-system';
import { PropertyLabel, useTranslation } from 'adminjs';
import { selectTexts } from './french.js';

/** AdminJS's yes/no filter with its placeholder and messages in the staff member's language (« Choisir… »). */
const BooleanFilter = (props) => {
  const { property, filter = {}, onChange } = props;
  const { tl, tb, i18n } = useTranslation();
  const raw = filter[property.path];
  const value = raw === undefined || raw === '' ? '' : /true/i.test(String(raw));
  const options = [true, false].map((v) => ({ value: v, label: tl(`${property.path}.${v}`, property.resourceId, { defaultValue: tb(v ? 'yes' : 'no', property.resourceId, { defaultValue: v ? 'Oui' : 'Non' }) }) }));
  const selected = options.find((o) => o.value === value);
  return (
    <FormGroup variant="filter">
      <PropertyLabel property={property} filter />
      <Select variant="filter" value={selected ?? ''} isClearable options={options} onChange={(s) => onChange(property.path, s ? s.value : undefined)} {...selectTexts(i18n.language)} />
    </FormGroup>
  );
};

export default BooleanFilter;
