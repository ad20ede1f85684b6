/**
 * The bad-input corpus: the strings and values every form and route of the service is fed (the API's
 * fuzz and property tests, the panel's forms, the browser's pages). One list, so that a case found
 * once is tried everywhere; a bug found by any of them stays here.
 */

/** A payload that would run if stored text were ever written as HTML: it sets `window.__xss` and opens a dialog. */
export const SCRIPT_PAYLOADS = [
  '<script>window.__xss=1;alert(1)</script>',
  '<img src=x onerror="window.__xss=1;alert(1)">',
  '"><svg onload="window.__xss=1;alert(1)">',
  "'><iframe srcdoc=\"<script>parent.__xss=1</script>\"></iframe>",
  '</script><script>window.__xss=1</script>',
  '</textarea><img src=x onerror=window.__xss=1>',
  'javascript:window.__xss=1',
  '<a href="javascript:window.__xss=1">clic</a>',
  '{{constructor.constructor("window.__xss=1")()}}',
  '${window.__xss=1}',
] as const;

/** SQL that would change a query if it were ever concatenated instead of bound. */
export const SQL_PAYLOADS = ["'; DROP TABLE accounts; --", '" OR 1=1 --', "' OR '1'='1", '1; SELECT SLEEP(5)', "\\'; --", '%_%', 'admin\'--'] as const;

/** Line breaks that would add a header to an email or a line to a log. */
export const CRLF_PAYLOADS = ['a\r\nBcc: x@y.test', 'a\nSubject: injecté', 'a\rb', '\r\n\r\n<html>', 'x@exemple.ca\r\nBcc: victime@exemple.ca'] as const;

/** Unicode that storage, length checks, comparisons or a clerk's screen may get wrong. */
export const UNICODE_PAYLOADS = [
  '\ud800', // a lone high surrogate
  'a\udc00b', // a lone low surrogate
  'x\u0000y', // NUL
  '\u0000',
  '\u202Eevil\u202C', // right-to-left override
  '\u2066isolé\u2069', // bidi isolates
  'a\u200Db\u200Cc\u200Bd\uFEFF', // joiners, zero-width space, BOM
  '👨‍👩‍👧‍👦', // a ZWJ family: 7 code points, one glyph
  '❤️‍🔥', // variation selector and ZWJ
  '☺︎☺️', // text and emoji presentation selectors
  'é', // e + combining acute (NFD): not the same string as é
  'Z̷̢̛̖̗a̶̡̛͓l̴̨̛g̸̛̳o̵̢̜', // stacked combining marks
  '𝒜𝓁𝑒𝓍', // 4-byte letters (utf8mb4 only)
  '😀'.repeat(30),
  '𠜎𠜱𠝹', // CJK extension B: 4 bytes each
  'İı', // case mapping that changes length
  'ß', // uppercases to SS
  '\u00A0\u2007\u202F', // non-breaking spaces
  '\u2028\u2029', // line and paragraph separators
  '\u001B[31mrouge', // a terminal escape
  '\uFFFD\uFFFF', // the replacement character and a non-character
] as const;

/** Strings long enough to overflow a column, a buffer or a regular expression. */
export const LONG_PAYLOADS = ['x'.repeat(5000), 'é'.repeat(101), '😀'.repeat(101), `${'a'.repeat(64)}@${'b'.repeat(250)}.ca`, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'.repeat(3)] as const;

/** What a path, a number or a date field is tried with. */
export const SHAPE_PAYLOADS = [
  '',
  ' ',
  '\t',
  '%',
  '%E0%A4%A',
  '../../etc/passwd',
  '1e308',
  '-0',
  '9'.repeat(40),
  'NaN',
  '0x1F',
  '9999/99/99',
  '2020-02-30',
  '0000/01/01',
  '1985/04/12\u0000',
  '__proto__',
  'constructor',
] as const;

/**
 * Names of fields, filters and query keys that reach an object's prototype where a program looks a
 * key up or unflattens `a.b` keys (AdminJS's forms and filters did).
 */
export const PROTOTYPE_KEYS = ['toString', 'constructor', 'valueOf', 'hasOwnProperty', '__proto__', '__proto__.x', 'constructor.prototype.x', 'x.__proto__.y', 'prototype'] as const;

/** Every nasty string of the corpus. */
export const NASTY_STRINGS: readonly string[] = [...SCRIPT_PAYLOADS, ...SQL_PAYLOADS, ...CRLF_PAYLOADS, ...UNICODE_PAYLOADS, ...LONG_PAYLOADS, ...SHAPE_PAYLOADS];

/** Values of the wrong JSON type for any field: huge and odd numbers, booleans, deep and odd containers. */
export const NASTY_VALUES: readonly unknown[] = [
  null,
  0,
  -1,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  0.1,
  true,
  false,
  [],
  [[]],
  [1],
  [null],
  ['a', 'b'],
  nested([], 64),
  {},
  { a: 1 },
  { $gt: '' },
  { toString: 'x' },
  nested({}, 64),
];

/** A value wrapped `depth` times in arrays (`[]`) or objects (`{}`, under the key `a`). */
export function nested(shape: [] | object, depth: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i += 1) value = Array.isArray(shape) ? [value] : { a: value };
  return value;
}

/**
 * One or two of each kind of the corpus (about 40 values): what the fuzz test puts in each field of
 * each route, every one of them. The property tests draw from the whole corpus.
 */
export const HOSTILE: readonly unknown[] = [
  null,
  0,
  -1,
  1e308,
  true,
  [],
  [[]],
  [1],
  [null],
  nested([], 64),
  {},
  { a: 1 },
  { $gt: '' },
  '',
  ' ',
  'x'.repeat(5000),
  '\ud800',
  'a\ud800b',
  'a\uFE0F'.repeat(100),
  'a\uFE0E'.repeat(60),
  '😀'.repeat(60),
  'İ'.repeat(200),
  `${'a'.repeat(60)}@${Array(4).fill('İ'.repeat(30)).join('.')}.ca`,
  '418-296-8100 poste 12345678901234567890',
  'x@exemple.ca\u0000',
  'a\r\nb',
  'x@exemple.ca\r\nBcc: victime@exemple.ca',
  '\u202Eabc',
  '\u2066isolé\u2069',
  '👨‍👩‍👧‍👦',
  'Z̷̢̛̖̗a̶̡̛͓l̴̨̛g̸̛̳o̵̢̜',
  '𝒜𝓁𝑒𝓍',
  '%',
  '%E0%A4%A',
  '../../etc/passwd',
  "' OR 1=1 --",
  "'; DROP TABLE accounts; --",
  '<img src=x onerror="window.__xss=1;alert(1)">',
  '9999/99/99',
  '2020-02-30',
  '0000/01/01',
  '1985/04/12\u0000',
];

/** JSON texts a body parser must refuse (or read) without falling over. */
export const NASTY_JSON_TEXTS = [
  '',
  '{',
  '{"a":}',
  '[1,]',
  'null',
  '"x"',
  '1e999',
  '{"email":1e999}',
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"admin":true}}}',
  `{"a":"\\ud800"}`,
  '{"a":"x"}\u0000',
  '['.repeat(5000) + ']'.repeat(5000),
  '{"a":'.repeat(3000) + '1' + '}'.repeat(3000),
  `{"a":"${'x'.repeat(120_000)}"}`,
] as const;

/** A string as UTF-8 carries it (a form, a multipart field): each lone surrogate becomes U+FFFD. */
export function asSentInUtf8(value: string): string {
  return value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
