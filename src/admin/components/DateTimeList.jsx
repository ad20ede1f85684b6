import React from 'react';
import { useTranslation } from 'adminjs';
import { formatInstant } from './DateTime.jsx';

/** A date in a list's cell, formatted as on the record's page. */
const DateTimeList = (props) => {
  const { property, record } = props;
  const { i18n } = useTranslation();
  return <span>{formatInstant(record.params[property.path], property, i18n.language)}</span>;
};

export default DateTimeList;
