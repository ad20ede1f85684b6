import { describe, expect, it } from '@jest/globals';
import { isCrossSite } from './same-origin.js';

const OWN = 'https://guichet.ville.test';
const request = (headers: Record<string, string>) => ({ headers });

describe('isCrossSite', () => {
  it('lets the service’s own pages through, and a request without browser headers', () => {
    expect(isCrossSite(request({ origin: OWN, 'sec-fetch-site': 'same-origin' }), OWN)).toBe(false);
    expect(isCrossSite(request({ 'sec-fetch-site': 'none' }), OWN)).toBe(false);
    expect(isCrossSite(request({}), OWN)).toBe(false);
  });

  it('refuses another site by either header, and another host behind the same proxy', () => {
    expect(isCrossSite(request({ 'sec-fetch-site': 'cross-site' }), OWN)).toBe(true);
    expect(isCrossSite(request({ 'sec-fetch-site': 'same-site', origin: OWN }), OWN)).toBe(true);
    expect(isCrossSite(request({ origin: 'https://attaquant.example' }), OWN)).toBe(true);
    expect(isCrossSite(request({ origin: 'https://autre.ville.test', host: 'autre.ville.test' }), OWN)).toBe(true);
    expect(isCrossSite(request({ origin: 'null' }), OWN)).toBe(true);
  });
});
