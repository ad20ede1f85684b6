import '../../problems.js';
import { describe, expect, it } from '@jest/globals';
import { IMPORT_COLUMN_NAMES, readHeader, toRawRow, type RawRow } from './import-columns.js';
import { validateRow } from './row-validation.js';

const TODAY = '2026-11-26';

function raw(overrides: Partial<RawRow> = {}): RawRow {
  return {
    dossier_number: '100234',
    first_name: 'Isabelle',
    last_name: 'Lavoie',
    birth_date: '1985-04-12',
    household_key: 'FAM-1130',
    relationship: 'titulaire',
    dependent: '',
    civic_number: '915',
    street: 'rue Bossé',
    apartment: '',
    city: 'Baie-Comeau',
    postal_code: 'G5C 1L7',
    phone: '',
    phone2: '',
    email: '',
    ...overrides,
  };
}

const codes = (overrides: Partial<RawRow>) => (validateRow(7, raw(overrides), TODAY).errors ?? []).map((e) => `${e.line} ${e.column} ${e.code}`);

describe('validateRow', () => {
  it('normalises a valid line', () => {
    const { row } = validateRow(2, raw({ dossier_number: ' 100-234 ', postal_code: 'g5c1l7', phone: '(418) 555-0150', phone2: '418.555.0151', email: ' Isa@Exemple.CA ', household_key: 'fam-1130', street: '  rue   Bossé ' }), TODAY);
    expect(row).toMatchObject({
      line: 2,
      dossierNumber: '100234',
      lastNameKey: 'lavoie',
      birthDate: '1985-04-12',
      email: 'isa@exemple.ca',
      householdKey: 'FAM-1130',
      role: 'holder',
      dependent: false,
      address: { civicNumber: '915', street: 'rue Bossé', apartment: null, city: 'Baie-Comeau', postalCode: 'G5C 1L7' },
      phones: [
        { kind: 'home', number: '418-555-0150' },
        { kind: 'mobile', number: '418-555-0151' },
      ],
    });
  });

  it.each([
    ['holder', 'holder'],
    ['Titulaire', 'holder'],
    ['adulte', 'adult'],
    ['conjoint', 'spouse'],
    ['Conjointe', 'spouse'],
    ['spouse', 'spouse'],
    ['ENFANT', 'child'],
  ])('reads the relationship %s as %s', (relationship, role) => {
    expect(validateRow(2, raw({ relationship }), TODAY).row?.role).toBe(role);
  });

  it('makes a child dependent unless the file says otherwise, and nobody else', () => {
    expect(validateRow(2, raw({ relationship: 'enfant' }), TODAY).row?.dependent).toBe(true);
    expect(validateRow(2, raw({ relationship: 'enfant', dependent: 'non' }), TODAY).row?.dependent).toBe(false);
    expect(validateRow(2, raw({ relationship: 'adulte', dependent: 'OUI' }), TODAY).row?.dependent).toBe(true);
    for (const dependent of ['yes', '1', 'true']) expect(validateRow(2, raw({ dependent }), TODAY).row?.dependent).toBe(true);
    for (const dependent of ['no', '0', 'false']) expect(validateRow(2, raw({ relationship: 'child', dependent }), TODAY).row?.dependent).toBe(false);
  });

  it('accepts AAAA/MM/JJ and refuses impossible or future dates', () => {
    expect(validateRow(2, raw({ birth_date: '1985/04/12' }), TODAY).row?.birthDate).toBe('1985-04-12');
    expect(codes({ birth_date: '1985-02-29' })).toEqual(['7 birth_date date_invalid']);
    expect(codes({ birth_date: '12/04/1985' })).toEqual(['7 birth_date date_invalid']);
    expect(codes({ birth_date: '2026-11-27' })).toEqual(['7 birth_date date_invalid']);
  });

  it('lists every problem of a line', () => {
    expect(codes({ dossier_number: 'N° 12', first_name: ' ', relationship: 'cousin', postal_code: 'G5C', phone2: '911', email: 'isa@', dependent: 'peut-être' })).toEqual([
      '7 dossier_number dossier_number_invalid',
      '7 first_name required',
      '7 relationship role_invalid',
      '7 dependent dependent_invalid',
      '7 postal_code postal_code_invalid',
      '7 phone2 phone_invalid',
      '7 email email_invalid',
    ]);
  });

  it('refuses a dossier number over 20 characters, a household key with accents and overlong text', () => {
    expect(codes({ dossier_number: '1'.repeat(21) })).toEqual(['7 dossier_number dossier_number_invalid']);
    expect(codes({ household_key: 'FAMILLE-CÔTÉ' })).toEqual(['7 household_key household_key_invalid']);
    expect(codes({ civic_number: '12345678901' })).toEqual(['7 civic_number too_long']);
  });

  it('holds names to the API\'s rule and counts lengths as the database does, after lower-casing', () => {
    expect(codes({ first_name: 'Isa\u0000belle', last_name: 'Lavoie\u202E' })).toEqual(['7 first_name characters_invalid', '7 last_name characters_invalid']);
    expect(codes({ first_name: 'Isabelle http://x.test', last_name: 'L4voie' })).toEqual(['7 first_name name_invalid', '7 last_name name_invalid']);
    expect(codes({ first_name: "Marie-Ève O'Neil-D’Amours", last_name: 'St. Pierre' })).toEqual([]);
    expect(codes({ first_name: 'a\uFE0F'.repeat(51) })).toEqual(['7 first_name too_long']);
    expect(codes({ email: `isa@${'İ'.repeat(127)}.ca` })).toEqual(['7 email email_invalid']);
    expect(validateRow(7, raw({ relationship: 'cousin' }), TODAY).errors?.[0].message).toBe(
      'Le lien doit être titulaire, adulte, conjoint ou enfant (holder, adult, spouse, child)',
    );
  });

  it('flags text garbled by a non-UTF-8 export', () => {
    expect(codes({ last_name: 'B\uFFFDrub\uFFFD' })).toEqual(['7 last_name encoding_invalid']);
  });
});

describe('readHeader', () => {
  it('finds the columns in any order and case, and lists the missing and unknown ones', () => {
    const layout = readHeader(['\uFEFFDossier_Number', ' first_name ', 'notes', ...IMPORT_COLUMN_NAMES.slice(2).filter((name) => name !== 'city')]);
    expect(layout.missing).toEqual(['city']);
    expect(layout.ignored).toEqual(['notes']);
    expect(toRawRow(layout, ['100234', ' Isabelle ', 'x']).first_name).toBe('Isabelle');
    expect(toRawRow(layout, ['100234']).email).toBe('');
  });
});
