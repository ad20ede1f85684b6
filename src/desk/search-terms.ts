import { canonicalEmail } from '../common/email-address.js';
import { nameKey, normalizeDossierNumber, normalizePhone } from '../dossiers/dossier-rules.js';

/**
 * What a clerk typed in the panel's search box, read as each thing it may be: a request or thread
 * reference (`DR-2026-000123`, « dr 2026 123 »), an email (an @), a phone number (10 digits, however
 * written: « 418 555-1234 », « (418) 555-1234 », « 4185551234 », « +1 418… »), a dossier number (a
 * digit), or a name (accents, case and hyphens ignored; « Marie Tremblay » as well as « Tremblay »).
 */
export interface SearchTerms {
  /** A reference's start, upper-cased and hyphenated (`DR-2026-000123`, `DM-2026`). */
  reference: string | null;
  /** The start of a canonical address. */
  email: string | null;
  /** A phone number in its one spelling (`418-555-1234`). */
  phone: string | null;
  /** The start of a dossier number as stored (spaces and hyphens removed, letters upper-cased). */
  dossierNumber: string | null;
  /** Last-name keys to look up, each with the first-name key the person must start with (or ''). */
  names: Array<{ lastName: string; firstName: string }>;
}

const NOTHING: SearchTerms = { reference: null, email: null, phone: null, dossierNumber: null, names: [] };

/** The shortest text searched: one letter would list a city. */
export const MIN_SEARCH_LENGTH = 2;

export function searchTerms(raw: string): SearchTerms {
  const text = raw.normalize('NFC').replace(/\s+/g, ' ').trim().slice(0, 100);
  if (text.length < MIN_SEARCH_LENGTH) return NOTHING;
  const reference = /^(DR|DM)(?:[\s-]*(\d{1,4})(?:[\s-]+(\d{1,6}))?)?$/i.exec(text);
  if (reference) {
    const [, kind, year, number] = reference;
    const full = year?.length === 4 && number ? `${kind}-${year}-${number.padStart(6, '0')}` : [kind, year].filter(Boolean).join('-');
    return { ...NOTHING, reference: full.toUpperCase() };
  }
  if (text.includes('@')) {
    const email = canonicalEmail(text);
    return email ? { ...NOTHING, email } : NOTHING;
  }
  if (/\d/.test(text)) {
    // Only what a phone number is written with: digits, spaces, ( ) . - + and an extension.
    const phone = /^[\d\s().+-]+(?:\s*(?:poste|ext\.?|x|#)\s*\d+)?$/i.test(text) ? normalizePhone(text) : null;
    const dossierNumber = /^[\p{L}\d\s-]+$/u.test(text) ? normalizeDossierNumber(text) : '';
    return { ...NOTHING, phone: phone?.replace(/ poste \d+$/, '') ?? null, dossierNumber: dossierNumber || null };
  }
  const words = text.split(' ').map(nameKey).filter(Boolean);
  if (!words.length) return NOTHING;
  const names = [{ lastName: words.join(''), firstName: '' }];
  // « Marie Tremblay », « Tremblay Marie », « Marie-Ève Côté-Roy »: each cut between first and last names, both orders.
  for (let cut = 1; cut < words.length; cut++) {
    const [before, after] = [words.slice(0, cut).join(''), words.slice(cut).join('')];
    names.push({ lastName: after, firstName: before }, { lastName: before, firstName: after });
  }
  return { ...NOTHING, names };
}
