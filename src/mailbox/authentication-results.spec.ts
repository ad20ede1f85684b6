import { describe, expect, it } from '@jest/globals';
import { aligned, parseAuthenticationResults, vouchedFor } from './authentication-results.js';

const MX = 'mx.ville.example';

describe('Authentication-Results (RFC 8601)', () => {
  it('reads the server, each result and its properties, case-insensitively, without comments', () => {
    expect(parseAuthenticationResults(' MX.Ville.Example 1; DMARC=Pass (p=reject dis=none) header.from=exemple.ca;\r\n\tspf=pass (sender IP is 192.0.2.1) smtp.mailfrom=lea@exemple.ca;\r\n dkim/1 = pass reason="good (signature)" header.d=exemple.ca header.b=AbC/+1=')).toEqual({
      authservId: 'mx.ville.example',
      results: [
        { method: 'dmarc', result: 'pass', properties: { 'header.from': 'exemple.ca' } },
        { method: 'spf', result: 'pass', properties: { 'smtp.mailfrom': 'lea@exemple.ca' } },
        { method: 'dkim', result: 'pass', properties: { 'header.d': 'exemple.ca', 'header.b': 'AbC/+1=' } },
      ],
    });
  });

  it('takes quoted strings whole, with escapes, and nested comments as spaces', () => {
    expect(parseAuthenticationResults('"mx.ville.example" (a (nested) comment \\) still); spf=pass smtp.mailfrom="l\\"a;(x)@exemple.ca"')).toEqual({
      authservId: 'mx.ville.example',
      results: [{ method: 'spf', result: 'pass', properties: { 'smtp.mailfrom': 'l"a;(x)@exemple.ca' } }],
    });
  });

  it('reads a "none" header as no result, and nothing as no header', () => {
    expect(parseAuthenticationResults('mx.ville.example; none')).toEqual({ authservId: 'mx.ville.example', results: [] });
    expect(parseAuthenticationResults('  (only a comment) ')).toBeNull();
    expect(parseAuthenticationResults('mx.ville.example; =pass; spf=')).toEqual({ authservId: 'mx.ville.example', results: [] });
  });

  it('aligns a domain with itself and its subdomains, never with its parent nor a bare top-level domain', () => {
    expect(aligned('exemple.ca', 'exemple.ca')).toBe(true);
    expect(aligned('exemple.ca', 'courriel.exemple.ca')).toBe(true);
    expect(aligned('courriel.exemple.ca', 'exemple.ca')).toBe(false);
    expect(aligned('ca', 'exemple.ca')).toBe(false);
    expect(aligned('autre-exemple.ca', 'exemple.ca')).toBe(false);
    expect(aligned('ple.ca', 'exemple.ca')).toBe(false);
  });

  describe('vouching for a sender', () => {
    const from = 'lea@exemple.ca';

    it('vouches on DMARC pass for the From domain, or an aligned SPF or DKIM pass, from the trusted server', () => {
      expect(vouchedFor([`${MX}; dmarc=pass (p=reject) header.from=exemple.ca`], MX, from)).toBe(true);
      expect(vouchedFor([`${MX}; spf=pass smtp.mailfrom=bounces@exemple.ca`], MX, from)).toBe(true);
      expect(vouchedFor([`${MX}; dkim=pass header.d=exemple.ca`], MX, 'lea@courriel.exemple.ca')).toBe(true);
      expect(vouchedFor([`${MX}; dkim=pass header.i=@exemple.ca`], MX, from)).toBe(true);
      expect(vouchedFor([`${MX}; spf=pass smtp.mailfrom=exemple.ca`], 'MX.VILLE.EXAMPLE', 'Lea@Exemple.CA')).toBe(true);
    });

    it('does not vouch on a failure, another domain, another method, or a DMARC pass for another From', () => {
      expect(vouchedFor([`${MX}; dmarc=fail header.from=exemple.ca; spf=softfail smtp.mailfrom=exemple.ca; dkim=neutral header.d=exemple.ca`], MX, from)).toBe(false);
      expect(vouchedFor([`${MX}; dmarc=pass header.from=pirate.example`], MX, from)).toBe(false);
      expect(vouchedFor([`${MX}; dmarc=pass`], MX, from)).toBe(false);
      expect(vouchedFor([`${MX}; spf=pass smtp.mailfrom=pirate.example; dkim=pass header.d=pirate.example`], MX, from)).toBe(false);
      expect(vouchedFor([`${MX}; dkim=pass header.d=ca`], MX, from)).toBe(false);
      expect(vouchedFor([`${MX}; iprev=pass policy.iprev=192.0.2.1; auth=pass smtp.auth=lea@exemple.ca`], MX, from)).toBe(false);
      expect(vouchedFor([`${MX}; none`], MX, from)).toBe(false);
    });

    it('ignores every other server’s header, and vouches for nothing without a trusted server or a From address', () => {
      expect(vouchedFor(['mx.pirate.example; dmarc=pass header.from=exemple.ca'], MX, from)).toBe(false);
      expect(vouchedFor(['mx.pirate.example; dmarc=pass header.from=exemple.ca', `${MX}; dmarc=fail header.from=exemple.ca`], MX, from)).toBe(false);
      expect(vouchedFor([`${MX}; dmarc=pass header.from=exemple.ca`], null, from)).toBe(false);
      expect(vouchedFor([], MX, from)).toBe(false);
      expect(vouchedFor([`${MX}; dmarc=pass header.from=exemple.ca`], MX, '')).toBe(false);
    });

    it('counts the topmost run of the trusted server’s headers only, not one lower down that the sender wrote', () => {
      const forged = `${MX}; dmarc=pass header.from=exemple.ca`;
      expect(vouchedFor([`${MX}; dmarc=fail header.from=exemple.ca`, 'relay.example; spf=pass smtp.mailfrom=exemple.ca', forged], MX, from)).toBe(false);
      // A server may write its verdicts in several headers, one above the other.
      expect(vouchedFor(['filter.example; none', `${MX}; spf=fail smtp.mailfrom=exemple.ca`, `${MX}; dkim=pass header.d=exemple.ca`], MX, from)).toBe(true);
    });
  });
});
