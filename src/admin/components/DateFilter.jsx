import React from 'react';
import { DatePicker, FormGroup, Label } from '@adminjs/design-system';
import { PropertyLabel, useTranslation } from 'adminjs';
import { pickerProps } from './french.js';

/**
 * AdminJS's « from / to » date filter (which passes no props to its pickers), with the pickers of
 * the edit forms: the API's date format, French months and weekdays.
 */
const DateFilter = ({ property, filter, onChange }) => {
  const { translateProperty, i18n } = useTranslation();
  const props = pickerProps(property.type, i18n.language);
  const bound = (side) => {
    const key = `${property.path}~~${side}`;
    return (
      <>
        <Label mt={side === 'to' ? 'default' : undefined}>{`- ${translateProperty(side)} : `}</Label>
        <DatePicker value={filter[key]} onChange={(date) => onChange(key, date)} propertyType={property.type} {...props} />
      </>
    );
  };
  return (
    <FormGroup variant="filter">
      <PropertyLabel property={property} filter />
      {bound('from')}
      {bound('to')}
    </FormGroup>
  );
};

export default DateFilter;
