import { isEmail } from 'class-validator';

/**
 * What never belongs in an address and may be slipped into one unseen: format characters (zero-width
 * space and joiners, word joiner, BOM, soft hyphen, bidi marks) and every other default-ignorable
 * code point (variation selectors, fillers).
 */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

/**
 * The one spelling of an email address that the service stores, looks up, and counts attempts and
 * emails under (sign-up, logins, reset, resend, the per-address caps, staff, the mailbox's senders).
 * MariaDB's utf8mb4_unicode_ci once matched `ＰＲＥＰＯＳＥ@…`, `prepose\u200b@…` and `prépose@…` to
 * the stored `prepose@…` while the counters were keyed on what was typed: compatibility forms are
 * folded (NFKC: full-width letters, ligatures), invisible characters dropped, case lowered, and the
 * columns compare the result byte for byte. Accents are kept: `prépose@` is another address.
 */
export function canonicalEmail(raw: string): string {
  return raw.normalize('NFKC').replace(INVISIBLE, '').toLowerCase().normalize('NFKC').trim();
}

/**
 * An address the service will give an account to (sign-up, staff, a person's contact): its canonical
 * form must be a plain ASCII address. An accented or look-alike (Cyrillic `е`) spelling then never
 * owns an account of its own beside the real one, and every stored address is pure ASCII, which no
 * collation can fold onto another. Logins need not check it: such a spelling matches no account.
 */
export function isAcceptableEmail(raw: string): boolean {
  const email = canonicalEmail(raw);
  return /^[\x21-\x7e]+$/.test(email) && isEmail(email, { allow_utf8_local_part: false });
}

/**
 * An address with its accents and other combining marks taken off (`prépose@` → `prepose@`): what
 * MariaDB's accent-insensitive collation took it for. No account holds a spelling with marks
 * (`isAcceptableEmail`), so a login under one counts against the account of its skeleton, if any:
 * past the limit, `prépose@` is refused with the same 429 as `prepose@`, and never signs in.
 */
export function emailSkeleton(canonical: string): string {
  return canonical.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
}
