import { describe, expect, it } from '@jest/globals';
import { isCrossSite } from './same-origin.js';

const OWN = ['https://guichet.ville.test'];
const LOOPBACK = ['http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000'];
const request = (headers: Record<string, string>) => ({ headers });

describe('isCrossSite', () => {
  it('lets the service’s own pages through, and a request without browser headers', () => {
    expect(isCrossSite(request({ origin: OWN[0], 'sec-fetch-site': 'same-origin' }), OWN)).toBe(false);
    expect(isCrossSite(request({ 'sec-fetch-site': 'none' }), OWN)).toBe(false);
    expect(isCrossSite(request({}), OWN)).toBe(false);
  });

  it('refuses another site by either header, and another host behind the same proxy', () => {
    expect(isCrossSite(request({ 'sec-fetch-site': 'cross-site' }), OWN)).toBe(true);
    expect(isCrossSite(request({ 'sec-fetch-site': 'same-site', origin: OWN[0] }), OWN)).toBe(true);
    expect(isCrossSite(request({ origin: 'https://attaquant.example' }), OWN)).toBe(true);
    expect(isCrossSite(request({ origin: 'https://autre.ville.test', host: 'autre.ville.test' }), OWN)).toBe(true);
    expect(isCrossSite(request({ origin: 'null' }), OWN)).toBe(true);
  });

  it('takes every origin the service calls its own, and no other port or host', () => {
    for (const origin of LOOPBACK) expect(isCrossSite(request({ origin }), LOOPBACK)).toBe(false);
    expect(isCrossSite(request({ origin: 'http://127.0.0.1:4000' }), LOOPBACK)).toBe(true);
    expect(isCrossSite(request({ origin: 'http://127.0.0.2:3000' }), LOOPBACK)).toBe(true);
    expect(isCrossSite(request({ origin: 'http://127.0.0.1:3000' }), OWN)).toBe(true);
  });
});
