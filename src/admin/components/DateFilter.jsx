import React from 'react';
import { DatePicker, FormGroup, Label } from '@adminjs/design-system';
import { PropertyLabel, useTranslation } from 'adminjs';
import { pickerProps } from './french.js';

/**
 * AdminJS's « from / to » date filter (which passes no props to its pickers), with the pickers of
 * the edit forms: the API's date format, French months and weekdays. Each input is named by its
 * field and its side (« Reçue le — de »), for a screen reader as for a sighted clerk.
 */
const DateFilter = ({ property, filter, onChange }) => {
  const { translateProperty, i18n } = useTranslation();
  const props = pickerProps(property.type, i18n.language);
  const bound = (side) => {
    const key = `${property.path}~~${side}`;
    const id = `filter-${property.path}-${side}`;
    return (
      <>
        <Label id={`${id}-label`} htmlFor={id} mt={side === 'to' ? 'default' : undefined}>{`- ${translateProperty(side)} : `}</Label>
        <DatePicker id={id} ariaLabelledBy={`filter-${property.path}-label ${id}-label`} value={filter[key]} onChange={(date) => onChange(key, date)} propertyType={property.type} {...props} />
      </>
    );
  };
  return (
    <FormGroup variant="filter">
      <PropertyLabel property={property} filter props={{ id: `filter-${property.path}-label` }} />
      {bound('from')}
      {bound('to')}
    </FormGroup>
  );
};

export default DateFilter;
