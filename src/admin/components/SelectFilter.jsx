import React from 'react';
import { FormGroup, Select } from '@adminjs/design-system';
import { PropertyLabel, useTranslation } from 'adminjs';
import { selectTexts } from './french.js';

/**
 * AdminJS's filter of a field: a dropdown among its values is drawn here (AdminJS's passes no
 * props to it, so it says « Select… »), any other field is AdminJS's own text box.
 */
const SelectFilter = (props) => {
  const { OriginalComponent, property, filter, onChange } = props;
  const { tl, i18n } = useTranslation();
  if (!property.availableValues) return <OriginalComponent {...props} />;
  const options = property.availableValues.map((v) => ({ ...v, label: tl(`${property.path}.${v.value}`, property.resourceId, { defaultValue: v.label ?? v.value }) }));
  const selected = options.find((option) => option.value === filter[property.path]);
  return (
    <FormGroup variant="filter">
      <PropertyLabel property={property} filter />
      <Select variant="filter" value={selected ?? ''} isClearable options={options} onChange={(s) => onChange(property.path, s ? s.value : '')} {...selectTexts(i18n.language)} />
    </FormGroup>
  );
};

export default SelectFilter;
