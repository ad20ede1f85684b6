// The one locale's module: `date-fns/locale` would make the bundler read all ninety (seconds at each start).
import frCA from 'date-fns/esm/locale/fr-CA/index.js';

const DIGIT = { regex: '\\d' };
const DATE_MASK = [DIGIT, DIGIT, DIGIT, DIGIT, '-', DIGIT, DIGIT, '-', DIGIT, DIGIT];

/**
 * The date picker's props in the staff member's language: dates written and read as the API does
 * (2015-06-01; 2026-11-30 14:05 with a time, AdminJS shows 2015/06/01), and the calendar's months,
 * weekdays and time label in French (date-fns's fr-CA) unless the panel is in English.
 */
export function pickerProps(propertyType, language) {
  const en = language === 'en';
  const format = propertyType === 'date'
    ? { dateFormat: 'yyyy-MM-dd', placeholderText: en ? 'YYYY-MM-DD' : 'AAAA-MM-JJ', inputMask: { mask: DATE_MASK } }
    : { dateFormat: 'yyyy-MM-dd HH:mm', placeholderText: en ? 'YYYY-MM-DD HH:MM' : 'AAAA-MM-JJ HH:MM', inputMask: { mask: [...DATE_MASK, ' ', DIGIT, DIGIT, ':', DIGIT, DIGIT] } };
  return en ? { ...format, timeInputLabel: 'Time:' } : { ...format, locale: frCA, timeInputLabel: 'Heure :' };
}

/** A dropdown's own sentences (react-select says « Select… », « No options », « Loading… »). */
export function selectTexts(language) {
  const en = language === 'en';
  return {
    placeholder: en ? 'Choose…' : 'Choisir…',
    noOptionsMessage: () => (en ? 'No options' : 'Aucun choix'),
    loadingMessage: () => (en ? 'Loading…' : 'Chargement…'),
  };
}

