/**
 * Other spellings of an ASCII address that MariaDB's utf8mb4_unicode_ci takes for it (issue 15,
 * finding 1), by name. `canonical` ones fold onto the address itself (the service treats them as it);
 * `other` ones are other addresses that the collation used to match all the same.
 */
export function spellingsOf(address: string): { canonical: Record<string, string>; other: Record<string, string> } {
  const [local, domain] = address.split('@');
  const at = (text: string) => `${text}@${domain}`;
  const fullWidth = (text: string) => text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  // An acute accent on the first vowel: precomposed (NFC), or as a combining mark after it (NFD).
  const accent = (text: string, form: 'NFC' | 'NFD' = 'NFC') => text.replace(/[aeiou]/, (vowel) => `${vowel}\u0301`.normalize(form));
  const canonical: Record<string, string> = {
    'upper case': address.toUpperCase(),
    'leading and trailing spaces': `  ${address}\t`,
    'full-width letters': at(fullWidth(local.toUpperCase())),
    'full-width address': fullWidth(address),
    'zero-width space': at(`${local.slice(0, 3)}\u200b${local.slice(3)}`),
    'zero-width non-joiner': at(`${local}\u200c`),
    'zero-width joiner': `\u200d${address}`,
    'word joiner': at(`${local.slice(0, 2)}\u2060${local.slice(2)}`),
    'byte order mark': `\ufeff${address}`,
    'soft hyphen': at(`${local.slice(0, 4)}\u00ad${local.slice(4)}`),
    'invisible in the domain': `${local}@${domain.replace('.', '\u200b.')}`,
    'variation selector': at(`${local}\ufe0f`),
    'full-width at sign': `${local}\uff20${domain}`,
    'upper-case domain': `${local}@${domain.toUpperCase()}`,
    'full-width domain': `${local}@${fullWidth(domain)}`,
    'soft hyphen in the domain': `${local}@${domain.slice(0, 2)}\u00ad${domain.slice(2)}`,
    'mathematical letters': at([...local].map((c) => (/[a-z]/.test(c) ? String.fromCodePoint(0x1d41a + c.charCodeAt(0) - 97) : c)).join('')),
  };
  const other: Record<string, string> = {
    accented: at(accent(local)),
    'accent as a combining mark (NFD)': at(accent(local, 'NFD')),
    'accented, upper case': at(accent(local)).toUpperCase(),
    'accented domain': `${local}@${accent(domain)}`,
  };
  return { canonical, other };
}
