import { describe, expect, it } from '@jest/globals';
import { preferredEncoding } from './panel-assets.js';

describe('the encoding of a panel bundle', () => {
  const both = { br: Buffer.from('b'), gzip: Buffer.from('g') };

  it('prefers brotli among equal weights, whatever order the browser lists them in', () => {
    expect(preferredEncoding('gzip, deflate, br, zstd', both)).toBe('br');
    expect(preferredEncoding('br', both)).toBe('br');
    expect(preferredEncoding('*', both)).toBe('br');
  });

  it('follows the weights, and a weight of 0 refuses', () => {
    expect(preferredEncoding('br;q=0.5, gzip', both)).toBe('gzip');
    expect(preferredEncoding('br;q=0, gzip;q=0.2', both)).toBe('gzip');
    expect(preferredEncoding('*;q=0, identity', both)).toBeNull();
    expect(preferredEncoding('gzip;q=0, *', both)).toBe('br');
  });

  it('answers identity when nothing is asked, or nothing asked is there', () => {
    expect(preferredEncoding(undefined, both)).toBeNull();
    expect(preferredEncoding('', both)).toBeNull();
    expect(preferredEncoding('identity', both)).toBeNull();
    expect(preferredEncoding('deflate', both)).toBeNull();
    expect(preferredEncoding('br, gzip', {})).toBeNull();
    expect(preferredEncoding('br, gzip', { gzip: both.gzip })).toBe('gzip');
  });
});
