import { randomInt } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { In } from 'typeorm';
import { Household } from '../src/dossiers/household.entity.js';
import { HouseholdPhone } from '../src/dossiers/household-phone.entity.js';
import { Membership } from '../src/dossiers/membership.entity.js';
import { Person } from '../src/dossiers/person.entity.js';
import { IMPORT_COLUMN_NAMES, importDossierCsv, ImportFileError, type ImportReport } from '../src/dossiers/import/dossier-import.js';
import { runImportCommand } from '../src/dossiers/import/import-command.js';
import { startApp, type TestApp } from './support/app.js';
import { runCommand } from './support/streams.js';

const SAMPLE = 'samples/dossiers-exemple.csv';
const SAMPLE_NUMBERS = ['100118', '100119', '100120', '100121', '100156', '100157', '100158', '100171', '100172', '100173', '100089', '100234', '100235', '100236', '100237', '100301', '100302', '100303'];
const SAMPLE_KEYS = ['FAM-1041', 'FAM-1077', 'FAM-1102', 'FAM-0988', 'FAM-1130', 'FAM-1164'];

/** Dossier numbers and household keys of this run only: on MariaDB every test file shares the database. */
function runPrefix(): string {
  return `T${randomInt(36 ** 5, 36 ** 6).toString(36).toUpperCase()}`;
}

const HEADER = IMPORT_COLUMN_NAMES.join(',');

interface Line {
  dossier: string;
  first?: string;
  last?: string;
  birth?: string;
  household: string;
  relationship?: string;
  dependent?: string;
  civic?: string;
  street?: string;
  postal?: string;
  phone?: string;
  phone2?: string;
  email?: string;
}

/** One CSV line in the documented column order, with sensible values for what the test leaves out. */
function line(fields: Line, delimiter = ','): string {
  const values = [
    fields.dossier,
    fields.first ?? 'Camille',
    fields.last ?? 'Tremblay',
    fields.birth ?? '1980-01-15',
    fields.household,
    fields.relationship ?? 'titulaire',
    fields.dependent ?? '',
    fields.civic ?? '12',
    fields.street ?? 'rue Mance',
    '',
    'Baie-Comeau',
    fields.postal ?? 'G4Z 1A1',
    fields.phone ?? '418 555-0100',
    fields.phone2 ?? '',
    fields.email ?? '',
  ];
  return values.map((value) => (value.includes(delimiter) || value.includes('\n') ? `"${value}"` : value)).join(delimiter);
}

describe('legacy dossier import', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await startApp();
    dir = mkdtempSync(join(tmpdir(), 'guichet-import-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function write(name: string, content: string): string {
    const path = join(dir, name);
    writeFileSync(path, content, 'utf8');
    return path;
  }

  const persons = (numbers: string[]) => t.dataSource.getRepository(Person).findBy({ dossierNumber: In(numbers) });
  const households = (keys: string[]) => t.dataSource.getRepository(Household).findBy({ legacyKey: In(keys) });

  async function membershipsOf(numbers: string[]): Promise<Array<Membership & { dossierNumber: string; legacyKey: string }>> {
    const found = await t.dataSource.getRepository(Membership).find({
      where: { person: { dossierNumber: In(numbers) } },
      relations: { person: true, household: true },
    });
    return found.map((m) => Object.assign(m, { dossierNumber: m.person.dossierNumber, legacyKey: m.household.legacyKey! }));
  }

  describe('the sample file', () => {
    let first: ImportReport;
    beforeAll(async () => {
      // On MariaDB another test file (the demo data) may have imported the sample already: start without it.
      await t.dataSource.getRepository(Person).delete({ dossierNumber: In(SAMPLE_NUMBERS) });
      await t.dataSource.getRepository(Household).delete({ legacyKey: In(SAMPLE_KEYS) });
      first = await importDossierCsv(t.dataSource, SAMPLE);
    });

    it('imports every line of the sample', () => {
      expect(first.errors).toEqual([]);
      expect(first.rows).toBe(19);
      expect(first.rejected).toBe(0);
      expect(first.created).toEqual({ persons: 18, households: 6, memberships: 19, phones: 13 });
    });

    it('creates the persons with their dossier numbers, name keys, dates and emails', async () => {
      const found = await persons(SAMPLE_NUMBERS);
      expect(found).toHaveLength(18);
      const isabelle = found.find((p) => p.dossierNumber === '100234')!;
      expect(isabelle).toMatchObject({ firstName: 'Isabelle', lastName: 'Lavoie', lastNameKey: 'lavoie', birthDate: '1985-04-12', email: 'isabelle.lavoie@exemple.ca' });
      const julie = found.find((p) => p.dossierNumber === '100119')!;
      expect(julie).toMatchObject({ birthDate: '1984-11-19', email: 'julie.gagnon@exemple.ca' });
      expect(found.find((p) => p.dossierNumber === '100158')!.lastNameKey).toBe('belangerroy');
    });

    it('creates the households with normalised postal codes', async () => {
      const found = await households(SAMPLE_KEYS);
      expect(found).toHaveLength(6);
      const byKey = new Map(found.map((h) => [h.legacyKey, h]));
      expect(byKey.get('FAM-1041')!.address).toEqual({ civicNumber: '1245', street: 'boulevard Lasalle', apartment: null, city: 'Baie-Comeau', postalCode: 'G4Z 2L8' });
      expect(byKey.get('FAM-1130')!.address.postalCode).toBe('G5C 1L7');
      expect(byKey.get('FAM-1077')!.address.apartment).toBe('3');
    });

    it("puts the separated guardians' child in both households, and flags dependents", async () => {
      const memberships = await membershipsOf(SAMPLE_NUMBERS);
      expect(memberships).toHaveLength(19);
      const zoe = memberships.filter((m) => m.dossierNumber === '100157');
      expect(zoe.map((m) => m.legacyKey).sort()).toEqual(['FAM-1077', 'FAM-1102']);
      expect(zoe.every((m) => m.role === 'child' && m.dependent)).toBe(true);
      const of = (number: string) => memberships.find((m) => m.dossierNumber === number)!;
      expect(of('100120')).toMatchObject({ role: 'child', dependent: true });
      expect(of('100121')).toMatchObject({ role: 'child', dependent: true });
      expect(of('100118')).toMatchObject({ role: 'holder', dependent: false });
      expect(of('100119')).toMatchObject({ role: 'spouse', dependent: false });
      expect(of('100302')).toMatchObject({ role: 'adult', dependent: false });
      // Florence is 17: a dependent child all the same.
      expect(of('100236')).toMatchObject({ role: 'child', dependent: true });
    });

    it("gives each household the distinct phones of its lines: 'phone' as home, 'phone2' as mobile", async () => {
      const [tremblay] = await households(['FAM-1041']);
      const phones = await t.dataSource.getRepository(HouseholdPhone).findBy({ householdId: tremblay.id });
      expect(phones.map((p) => `${p.kind} ${p.number}`).sort()).toEqual(['home 418-555-0142', 'mobile 418-555-0187', 'mobile 418-555-0188']);
      const all = await t.dataSource.getRepository(HouseholdPhone).findBy({ householdId: In((await households(SAMPLE_KEYS)).map((h) => h.id)) });
      expect(all).toHaveLength(13);
    });

    it('changes nothing when the same file is imported again', async () => {
      const again = await importDossierCsv(t.dataSource, SAMPLE);
      expect(again).toMatchObject({ rows: 19, unchanged: 19, rejected: 0, errors: [] });
      expect(again.created).toEqual({ persons: 0, households: 0, memberships: 0, phones: 0 });
      expect(await persons(SAMPLE_NUMBERS)).toHaveLength(18);
      expect(await membershipsOf(SAMPLE_NUMBERS)).toHaveLength(19);
    });
  });

  describe('a file with errors', () => {
    /** Lines 1–16 of a file whose problems are known; `p` makes the numbers and keys unique. */
    function malformed(p: string, delimiter: string): string {
      const l = (fields: Line) => line(fields, delimiter);
      return [
        IMPORT_COLUMN_NAMES.join(delimiter),
        l({ dossier: `${p}1`, household: `${p}-A`, phone2: '418-555-0111', email: ' Camille@Exemple.CA ' }),
        l({ dossier: `${p}2`, household: `${p}-A`, birth: '2020-02-30', relationship: 'enfant' }),
        l({ dossier: `${p}3`, household: `${p}-B`, postal: 'Z9Z 9Z9' }),
        l({ dossier: `${p}4`, household: `${p}-A`, relationship: 'cousin' }),
        l({ dossier: `${p}5`, household: `${p}-A`, first: '' }),
        '',
        l({ dossier: `${p}6`, first: 'Léo', household: `${p}-A`, birth: '2015/06/01', relationship: 'child' }),
        l({ dossier: `${p}1`, household: `${p}-C`, birth: '1981-01-15' }),
        l({ dossier: `${p}7`, household: `${p}-A`, street: 'rue Bossé' }),
        l({ dossier: `${p}8`, household: `${p}-A`, phone: '555-01' }),
        l({ dossier: 'ABC_123!', household: `${p}-A` }),
        l({ dossier: `${p}9`, household: `${p}-D`, relationship: 'adulte', dependent: 'non', street: 'rue des\nÉrables' }),
        l({ dossier: `${p}10`, household: `${p}-D`, birth: '15/01/1980' }),
        l({ dossier: `${p}11`, household: `${p}-D`, relationship: 'conjointe', dependent: 'peut-être' }),
      ].join('\n');
    }

    const EXPECTED = [
      { line: 3, column: 'birth_date', code: 'date_invalid' },
      { line: 4, column: 'postal_code', code: 'postal_code_invalid' },
      { line: 5, column: 'relationship', code: 'role_invalid' },
      { line: 6, column: 'first_name', code: 'required' },
      { line: 9, column: 'dossier_number', code: 'conflict' },
      { line: 10, column: 'household_key', code: 'household_conflict' },
      { line: 11, column: 'phone', code: 'phone_invalid' },
      { line: 12, column: 'dossier_number', code: 'dossier_number_invalid' },
      { line: 15, column: 'birth_date', code: 'date_invalid' },
      { line: 16, column: 'dependent', code: 'dependent_invalid' },
    ];

    async function importMalformed(delimiter: string, decorate = (text: string) => text) {
      const p = runPrefix();
      const report = await importDossierCsv(t.dataSource, write(`${p}.csv`, decorate(malformed(p, delimiter))));
      return { p, report };
    }

    function expectKnownErrors(report: ImportReport, p: string): void {
      expect(report.errors.map(({ line, column, code }) => ({ line, column, code }))).toEqual(EXPECTED);
      expect(report.errors.every((error) => error.message.length > 0)).toBe(true);
      expect(report.errors.find((e) => e.code === 'conflict')!.message).toBe(
        `Le numéro de dossier ${p}1 figure déjà à la ligne 2 avec un autre nom ou une autre date de naissance`,
      );
      expect(report.errors[0].message).toBe("La date n'est pas valide : inscrivez-la sous la forme AAAA/MM/JJ");
      expect(report).toMatchObject({ rows: 13, rejected: 10 });
      expect(report.created).toMatchObject({ persons: 3, households: 2, memberships: 3 });
    }

    async function expectValidLinesImported(p: string): Promise<void> {
      const found = await persons([`${p}1`, `${p}6`, `${p}9`]);
      expect(found.map((person) => person.dossierNumber).sort()).toEqual([`${p}1`, `${p}6`, `${p}9`]);
      expect(found.find((person) => person.dossierNumber === `${p}1`)).toMatchObject({ email: 'camille@exemple.ca', birthDate: '1980-01-15' });
      expect(await persons([`${p}2`, `${p}3`, `${p}4`, `${p}5`, `${p}7`, `${p}8`, `${p}10`, `${p}11`])).toEqual([]);
      const memberships = await membershipsOf([`${p}1`, `${p}6`, `${p}9`]);
      expect(memberships.map((m) => `${m.dossierNumber} ${m.legacyKey} ${m.role} ${m.dependent}`).sort()).toEqual(
        [`${p}1 ${p}-A holder false`, `${p}6 ${p}-A child true`, `${p}9 ${p}-D adult false`].sort(),
      );
      const [d] = await households([`${p}-D`]);
      expect(d.address.street).toBe('rue des Érables');
    }

    it('reports each bad line by its line number and imports the valid ones', async () => {
      const { p, report } = await importMalformed(',');
      expectKnownErrors(report, p);
      await expectValidLinesImported(p);
    });

    it('reads a semicolon-separated export with a BOM and Windows line ends the same way', async () => {
      const { p, report } = await importMalformed(';', (text) => `\uFEFF${text.replace(/(?<!rue des)\n/g, '\r\n')}\r\n`);
      expectKnownErrors(report, p);
      await expectValidLinesImported(p);
    });

    it('reports a number already imported under another name or date of birth', async () => {
      const p = runPrefix();
      await importDossierCsv(t.dataSource, write(`${p}-a.csv`, [HEADER, line({ dossier: `${p}1`, household: `${p}-A` })].join('\n')));
      const report = await importDossierCsv(
        t.dataSource,
        write(`${p}-b.csv`, [HEADER, line({ dossier: `${p}1`, household: `${p}-A`, birth: '1999-09-09' }), line({ dossier: `${p}2`, household: `${p}-A`, civic: '14' })].join('\n')),
      );
      expect(report.errors.map(({ line, column, code }) => ({ line, column, code }))).toEqual([
        { line: 2, column: 'dossier_number', code: 'conflict' },
        { line: 3, column: 'household_key', code: 'household_conflict' },
      ]);
      expect(report.errors[0].message).toBe(`Le numéro de dossier ${p}1 est déjà enregistré avec un autre nom ou une autre date de naissance`);
      expect((await persons([`${p}1`]))[0].birthDate).toBe('1980-01-15');
    });

    it('reports extra values and a quote never closed at the line where they start', async () => {
      const p = runPrefix();
      const content = [
        HEADER,
        line({ dossier: `${p}1`, household: `${p}-A` }),
        `${line({ dossier: `${p}2`, household: `${p}-A` })},en trop`,
        '',
        line({ dossier: `${p}3`, household: `${p}-A`, first: '"Camille' }),
        line({ dossier: `${p}4`, household: `${p}-A` }),
      ].join('\n');
      const report = await importDossierCsv(t.dataSource, write(`${p}.csv`, content));
      expect(report.errors.map(({ line, code }) => ({ line, code }))).toEqual([
        { line: 3, code: 'column_count' },
        { line: 5, code: 'csv_invalid' },
      ]);
      expect(report.errors[1].message).toContain("un guillemet ouvert n'est jamais fermé");
      expect(report).toMatchObject({ rows: 3, rejected: 2 });
      expect(await persons([`${p}1`, `${p}2`, `${p}3`, `${p}4`])).toHaveLength(1);
    });

    it('refuses a file whose header lacks a required column, writing nothing', async () => {
      const p = runPrefix();
      const header = IMPORT_COLUMN_NAMES.filter((name) => name !== 'postal_code' && name !== 'city').join(',');
      const path = write(`${p}.csv`, `${header}\n${p}1,Camille,Tremblay,1980-01-15,${p}-A,titulaire,,12,rue Mance,,418 555-0100,,\n`);
      const error = await importDossierCsv(t.dataSource, path).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ImportFileError);
      expect(error).toMatchObject({ code: 'header_invalid', missingColumns: ['city', 'postal_code'] });
      expect((error as Error).message).toContain('city, postal_code');
      expect(await persons([`${p}1`])).toEqual([]);
    });

    it('refuses a file that cannot be read', async () => {
      await expect(importDossierCsv(t.dataSource, join(dir, 'absent.csv'))).rejects.toMatchObject({ code: 'file_unreadable' });
    });
  });

  describe('the command', () => {
    const run = (args: string[]) => runCommand(runImportCommand, args, { DATA_DIR: t.config.dataDir });

    it('imports, writes the report beside the file and exits 0, even with rejected lines', async () => {
      const p = runPrefix();
      const path = write(`${p}.csv`, [HEADER, line({ dossier: `${p}1`, household: `${p}-A` }), line({ dossier: `${p}2`, household: `${p}-A`, birth: '1980-13-01' })].join('\n'));
      const result = await run([path]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Lignes lues : 2');
      expect(result.stdout).toContain(`1 ligne(s) rejetée(s) : le détail est dans le rapport ${path}.report.txt`);
      const report = readFileSync(`${path}.report.txt`, 'utf8');
      expect(report).toContain("ligne 3, birth_date: date_invalid — La date n'est pas valide : inscrivez-la sous la forme AAAA/MM/JJ");
      expect(report).toContain('Créés : 1 personne, 1 famille, 1 appartenance à une famille, 1 téléphone');
      expect(await persons([`${p}1`])).toHaveLength(1);
    });

    it('writes the report where --report says', async () => {
      const p = runPrefix();
      const path = write(`${p}.csv`, [HEADER, line({ dossier: `${p}1`, household: `${p}-A` })].join('\n'));
      const reportPath = join(dir, `${p}-rapport.txt`);
      const result = await run([path, '--report', reportPath]);
      expect(result.code).toBe(0);
      expect(readFileSync(reportPath, 'utf8')).toContain('Aucune erreur.');
      expect(existsSync(`${path}.report.txt`)).toBe(false);
    });

    it('exits 1 on a missing file or a header without the required columns', async () => {
      const missing = await run([join(dir, 'absent.csv')]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('Fichier introuvable');
      const path = write('entete.csv', 'dossier_number,first_name,last_name\n1,A,B\n');
      const badHeader = await run([path]);
      expect(badHeader.code).toBe(1);
      expect(badHeader.stderr).toContain("Colonnes obligatoires absentes de l'en-tête : birth_date, household_key, relationship, civic_number, street, city, postal_code");
    });

    it('exits 2 on a usage error', async () => {
      expect((await run([])).code).toBe(2);
      expect((await run(['a.csv', 'b.csv'])).code).toBe(2);
      const unknown = await run(['a.csv', '--dry-run']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('Utilisation : npm run import:dossiers');
    });
  });
});
