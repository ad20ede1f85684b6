import React from 'react';
import { useTranslation } from 'adminjs';
import { pickerProps } from './french.js';

/**
 * AdminJS's date picker, in the API's date format and the staff member's language (see french.js),
 * its input named by the field's label (AdminJS's label points at `property.path`, which no input had).
 */
const DateEdit = (props) => {
  const { OriginalComponent, property } = props;
  const { i18n } = useTranslation();
  return <OriginalComponent {...props} property={{ ...property, props: { ...pickerProps(property.type, i18n.language), id: property.path, ...property.props } }} />;
};

export default DateEdit;
