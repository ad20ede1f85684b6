/**
 * Who sent an email, as the city's own mail server saw it: its `Authentication-Results` headers
 * (RFC 8601). `From:` is whatever the sender wrote; only the verdicts of a server we trust say which
 * domain it really came from.
 */

export interface AuthResult {
  /** `dmarc`, `spf`, `dkim`… lower-cased, without a version. */
  method: string;
  /** `pass`, `fail`, `none`… lower-cased. */
  result: string;
  /** `smtp.mailfrom`, `header.d`, `header.from`… (names lower-cased) and their values. */
  properties: Record<string, string>;
}

export interface AuthenticationResults {
  /** The server that added the header, lower-cased. */
  authservId: string;
  results: AuthResult[];
}

/**
 * Splits a header's value into its `;`-separated parts, each a list of words; comments `( … )`
 * (nested, with `\` escapes) count as spaces, a quoted string is one word (even empty), and `=` is a
 * word of its own.
 */
function lex(value: string): string[][] {
  const segments: string[][] = [[]];
  let word: string | null = null;
  const end = () => {
    if (word !== null) segments[segments.length - 1].push(word);
    word = null;
  };
  for (let i = 0; i < value.length; i++) {
    const char = value[i];
    if (char === '(') {
      end();
      for (let depth = 1; depth > 0 && ++i < value.length; ) {
        if (value[i] === '\\') i++;
        else if (value[i] === '(') depth++;
        else if (value[i] === ')') depth--;
      }
    } else if (char === '"') {
      word ??= '';
      while (++i < value.length && value[i] !== '"') word += value[i] === '\\' ? (value[++i] ?? '') : value[i];
    } else if (char === ';') {
      end();
      segments.push([]);
    } else if (char === '=') {
      end();
      segments[segments.length - 1].push('=');
    } else if (/\s/.test(char)) {
      end();
    } else {
      word = (word ?? '') + char;
    }
  }
  end();
  return segments;
}

/** One result, `method[/version]=result [reason=…] [ptype.property=value …]`; null when it is not one. */
function resinfo(words: string[]): AuthResult | null {
  const [method, equals, result] = words;
  if (!method || equals !== '=' || !result || result === '=') return null;
  const properties: Record<string, string> = {};
  for (let i = 3; i + 2 < words.length && words[i + 1] === '='; ) {
    const name = words[i].toLowerCase();
    let value = words[i + 2] ?? '';
    i += 3;
    // A value with `=` in it (base64 padding in header.b) comes back in pieces.
    while (words[i] === '=') value += words[i++];
    if (name !== 'reason') properties[name] = value;
  }
  return { method: method.split('/')[0].toLowerCase(), result: result.toLowerCase(), properties };
}

/** One `Authentication-Results` header's value (without its name); null when it names no server. */
export function parseAuthenticationResults(value: string): AuthenticationResults | null {
  const [head, ...rest] = lex(value);
  const authservId = head[0];
  if (!authservId || authservId === '=') return null;
  const results = rest.map(resinfo).filter((r): r is AuthResult => r !== null);
  return { authservId: authservId.toLowerCase(), results };
}

/** The domain of an address or of a bare domain (`user@Exemple.ca`, `@exemple.ca`, `exemple.ca`), lower-cased. */
function domainOf(value: string | undefined): string {
  if (!value) return '';
  return value.slice(value.lastIndexOf('@') + 1).trim().replace(/\.$/, '').toLowerCase();
}

/**
 * Alignment with the From domain: the same domain, or a parent of it (`exemple.ca` vouches for
 * `mail.exemple.ca`, its owner controls it), never a bare top-level domain. A subdomain does not
 * vouch for its parent (`client.hebergeur.ca` is not `hebergeur.ca`): without the public-suffix list
 * that is stricter than DMARC's relaxed alignment, never looser.
 */
export function aligned(authenticated: string, fromDomain: string): boolean {
  if (!authenticated || !fromDomain || !authenticated.includes('.')) return false;
  return fromDomain === authenticated || fromDomain.endsWith(`.${authenticated}`);
}

/**
 * Whether the server `trustedId` vouches for an email from `from`: among the email's
 * `Authentication-Results` headers (top first), those of other servers are ignored, and only the
 * topmost run of the trusted server's own counts (a receiving server prepends its header above any
 * the sender wrote, and should remove forged ones with its name, RFC 8601 §5). It vouches when DMARC
 * passed for the From domain, or SPF passed for an aligned `smtp.mailfrom`, or DKIM for an aligned
 * `header.d` (or `header.i`).
 */
export function vouchedFor(headers: string[], trustedId: string | null, from: string): boolean {
  const fromDomain = domainOf(from);
  if (!trustedId || !fromDomain || !from.includes('@')) return false;
  const trusted = trustedId.toLowerCase();
  const parsed = headers.map(parseAuthenticationResults);
  const first = parsed.findIndex((header) => header?.authservId === trusted);
  if (first < 0) return false;
  const ours: AuthResult[] = [];
  for (let i = first; i < parsed.length && parsed[i]?.authservId === trusted; i++) ours.push(...parsed[i]!.results);
  return ours.some(({ method, result, properties }) => {
    if (result !== 'pass') return false;
    if (method === 'dmarc') return domainOf(properties['header.from']) === fromDomain;
    if (method === 'spf') return aligned(domainOf(properties['smtp.mailfrom']), fromDomain);
    if (method === 'dkim') return aligned(domainOf(properties['header.d'] ?? properties['header.i']), fromDomain);
    return false;
  });
}
