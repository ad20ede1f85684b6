import { parseDay } from '../common/field-check.js';
import type { MemberRole } from './membership.entity.js';

/** Pure rules of dossiers (D1–D4): postal codes, phones, dates of birth, age, dossier numbers. */

const POSTAL_CODE = /^([ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z])\s*-?\s*(\d[ABCEGHJ-NPRSTV-Z]\d)$/;

/** A Canadian postal code, normalised `A1A 1A1`; null when it cannot be one. */
export function normalizePostalCode(raw: string): string | null {
  const match = raw.trim().toUpperCase().match(POSTAL_CODE);
  return match ? `${match[1]} ${match[2]}` : null;
}

/** A North American number, normalised `418-555-0123`; null when it has not 10 digits (after an optional leading 1). */
export function normalizePhone(raw: string): string | null {
  const [main, extension] = raw.split(/\s*(?:ext\.?|poste|#|x)\s*/i);
  let digits = main.replace(/\D/g, '');
  if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
  if (!/^[2-9]\d{2}[2-9]\d{6}$/.test(digits)) return null;
  const number = `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`;
  const ext = extension?.replace(/\D/g, '');
  return ext ? `${number} poste ${ext}` : number;
}

/** A date of birth as the seed shows it (AAAA/MM/JJ) or as ISO (YYYY-MM-DD), normalised to YYYY-MM-DD; null when not a real date. */
export function parseBirthDate(raw: string): string | null {
  return parseDay(raw);
}

/**
 * Age in whole years on a given day. Someone born on February 29 has a birthday on March 1 in
 * common years (they have not reached the anniversary until February has passed).
 */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  let age = ty - by;
  if (tm < bm || (tm === bm && td < bd)) age -= 1;
  return age;
}

export const ADULT_AGE = 18;

/** Luhn check digit: catches a mistyped digit or two swapped digits of a dossier number. */
export function luhnDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** The dossier number the system gives for a sequence value: the value and its Luhn digit. */
export function formatDossierNumber(sequenceValue: number): string {
  const body = String(sequenceValue);
  return `${body}${luhnDigit(body)}`;
}

/** Dossier numbers as residents type them: spaces and dashes ignored, letters upper-cased (legacy numbers keep their form). */
export function normalizeDossierNumber(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

/** Last names compared for duplicates: case, accents, spaces and hyphens ignored. */
export function nameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const ROLE_WORDS: Record<string, MemberRole> = {
  holder: 'holder',
  titulaire: 'holder',
  adult: 'adult',
  adulte: 'adult',
  spouse: 'spouse',
  conjoint: 'spouse',
  conjointe: 'spouse',
  child: 'child',
  enfant: 'child',
};

/** A member's role in English or in French (« conjointe », « enfant »…); null when unknown. */
export function parseRole(raw: string): MemberRole | null {
  return ROLE_WORDS[nameKey(raw)] ?? null;
}

/** Why a household's members break the holder rule (D2): none, two, or one under 18 on `today`. */
export type HolderProblem = 'holder_missing' | 'holder_duplicate' | 'holder_minor';

/**
 * Exactly one holder per household, aged 18 or more on `today` (the city's day). A clerk's change
 * may not bring a household into a problem it did not have: a legacy household imported without a
 * holder can still get a child added, and gets its holder when a clerk names one.
 */
export function holderProblem(members: ReadonlyArray<{ role: MemberRole; birthDate: string }>, today: string): HolderProblem | null {
  const holders = members.filter((m) => m.role === 'holder');
  if (holders.length === 0) return 'holder_missing';
  if (holders.length > 1) return 'holder_duplicate';
  return ageOn(holders[0].birthDate, today) < ADULT_AGE ? 'holder_minor' : null;
}
