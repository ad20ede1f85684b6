import { describe, expect, it } from '@jest/globals';
import { nestedDeeperThan } from './json-depth.js';

const nested = (depth: number, array: boolean): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i += 1) value = array ? [value] : { a: value };
  return value;
};

describe('nestedDeeperThan', () => {
  it('counts the levels of arrays and objects, not of scalars', () => {
    expect(nestedDeeperThan(1, 0)).toBe(false);
    expect(nestedDeeperThan(null, 0)).toBe(false);
    expect(nestedDeeperThan({}, 0)).toBe(true);
    expect(nestedDeeperThan(nested(32, false), 32)).toBe(false);
    expect(nestedDeeperThan(nested(33, false), 32)).toBe(true);
    expect(nestedDeeperThan({ members: [{ firstName: 'Zoé' }], email: 'x' }, 3)).toBe(false);
  });

  it('walks a body deeper than any recursion survives', () => {
    expect(nestedDeeperThan(nested(200_000, true), 32)).toBe(true);
    expect(nestedDeeperThan(JSON.parse('['.repeat(50_000) + ']'.repeat(50_000)), 32)).toBe(true);
  });
});
