import React from 'react';
import { ValueGroup } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

/**
 * Dates as a Québec clerk reads them: « 30 novembre 2026, 14 h 05 » in the city's time zone
 * (property.custom.timeZone), "November 30, 2026, 2:05 p.m." in English; dates of birth as stored
 * (2015-06-01), never shifted by the browser's time zone.
 */
export function formatInstant(value, property, language) {
  if (!value) return '';
  if (property.type === 'date' || /^\d{4}-\d{2}-\d{2}$/.test(value)) return String(value).slice(0, 10);
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return String(value);
  const timeZone = (property.custom && property.custom.timeZone) || 'America/Toronto';
  if (language === 'en') {
    return new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'long', timeStyle: 'short' }).format(instant);
  }
  const date = new Intl.DateTimeFormat('fr-CA', { timeZone, day: 'numeric', month: 'long', year: 'numeric' }).format(instant);
  const time = new Intl.DateTimeFormat('fr-CA', { timeZone, hour: 'numeric', minute: '2-digit', hourCycle: 'h23' }).format(instant);
  return `${date}, ${time}`;
}

const DateTime = (props) => {
  const { property, record } = props;
  const { translateProperty, i18n } = useTranslation();
  const text = formatInstant(record.params[property.path], property, i18n.language);
  return <ValueGroup label={translateProperty(property.label, property.resourceId)}>{text}</ValueGroup>;
};

export default DateTime;
