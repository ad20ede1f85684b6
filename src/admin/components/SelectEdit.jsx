import React from 'react';
import { useTranslation } from 'adminjs';
import { selectTexts } from './french.js';

/** AdminJS's field editor; a dropdown among its values gets its placeholder and messages in the staff member's language. */
const SelectEdit = (props) => {
  const { OriginalComponent, property } = props;
  const { i18n } = useTranslation();
  if (!property.availableValues) return <OriginalComponent {...props} />;
  return <OriginalComponent {...props} property={{ ...property, props: { ...selectTexts(i18n.language), ...property.props } }} />;
};

export default SelectEdit;
