import type { Locale } from '../common/locale.js';

/** Why a clerk refuses a dossier-number request; the label is what the applicant reads. */
export const REJECTION_REASONS = {
  duplicate: { fr: 'Un dossier existe déjà pour cette personne', en: 'A dossier already exists for this person' },
  incomplete: { fr: 'Renseignements incomplets', en: 'Incomplete information' },
  not_resident: { fr: 'Adresse hors de la ville', en: 'Address outside the city' },
  other: { fr: 'Autre motif', en: 'Other reason' },
} as const satisfies Record<string, Record<Locale, string>>;

export type RejectionReason = keyof typeof REJECTION_REASONS;

export function isRejectionReason(value: unknown): value is RejectionReason {
  return typeof value === 'string' && Object.hasOwn(REJECTION_REASONS, value);
}
