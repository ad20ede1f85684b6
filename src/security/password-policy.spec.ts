import { describe, expect, it } from '@jest/globals';
import { characterClasses, checkPassword, commonPasswordCount } from './password-policy.js';

describe('password policy (A2)', () => {
  it('requires at least 8 characters, counted as characters not bytes', () => {
    expect(checkPassword('Ab1!')).toBe('password_too_short');
    expect(checkPassword('Éé1!Éé1')).toBe('password_too_short');
    expect(checkPassword('Éé1!Éé1x')).toBeNull();
  });

  it('refuses more than 128 characters', () => {
    expect(checkPassword('Aa1!'.repeat(32))).toBeNull();
    expect(checkPassword('Aa1!'.repeat(32) + 'x')).toBe('password_too_long');
  });

  it('needs 3 of the 4 classes', () => {
    expect(checkPassword('abcdefghij')).toBe('password_too_weak');
    expect(checkPassword('abcdefgh12')).toBe('password_too_weak');
    expect(checkPassword('abcdefgh12X')).toBeNull();
    expect(checkPassword('abcdefgh1!')).toBeNull();
    expect(checkPassword('ABCDEFGH1!')).toBeNull();
  });

  it('counts accented letters by their case and anything else as a symbol', () => {
    expect(characterClasses('éàç')).toBe(1);
    expect(characterClasses('ÉÀÇ')).toBe(1);
    expect(characterClasses('éÉ')).toBe(2);
    expect(characterClasses('é É')).toBe(3);
    expect(characterClasses('a1«')).toBe(3);
    expect(characterClasses('€')).toBe(1);
    expect(checkPassword('crème brûlée')).toBe('password_too_weak');
    expect(checkPassword('Crème brûlée')).toBeNull();
    expect(checkPassword('ÉLÉPHANT9')).toBe('password_too_weak');
    expect(checkPassword('Éléphant9')).toBeNull();
  });

  it('refuses common passwords whatever their case', () => {
    expect(commonPasswordCount()).toBeGreaterThanOrEqual(10_000);
    expect(checkPassword('Password1')).toBe('password_common');
    expect(checkPassword('PASSWORD1')).toBe('password_too_weak');
    expect(checkPassword('Qwerty123')).toBe('password_common');
  });
});
