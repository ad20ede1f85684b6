import React from 'react';
import { useTranslation } from 'adminjs';

const DIGIT = { regex: '\\d' };
const DATE_MASK = [DIGIT, DIGIT, DIGIT, DIGIT, '-', DIGIT, DIGIT, '-', DIGIT, DIGIT];

/**
 * AdminJS's date picker, writing and reading dates as the API does: 2015-06-01 (AdminJS shows
 * 2015/06/01), and 2026-11-30 14:05 for a date and time.
 */
const DateEdit = (props) => {
  const { OriginalComponent, property } = props;
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  const format = property.type === 'date'
    ? { dateFormat: 'yyyy-MM-dd', placeholderText: en ? 'YYYY-MM-DD' : 'AAAA-MM-JJ', inputMask: { mask: DATE_MASK } }
    : { dateFormat: 'yyyy-MM-dd HH:mm', placeholderText: en ? 'YYYY-MM-DD HH:MM' : 'AAAA-MM-JJ HH:MM', inputMask: { mask: [...DATE_MASK, ' ', DIGIT, DIGIT, ':', DIGIT, DIGIT] } };
  return <OriginalComponent {...props} property={{ ...property, props: { ...format, ...property.props } }} />;
};

export default DateEdit;
