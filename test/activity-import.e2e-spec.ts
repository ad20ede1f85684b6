import { randomInt } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { In, Like } from 'typeorm';
import { Activity } from '../src/activities/activity.entity.js';
import { CatalogueWriter } from '../src/activities/catalogue-writer.service.js';
import { ACTIVITY_COLUMN_NAMES, type ActivityRawRow } from '../src/activities/import/activity-columns.js';
import { importActivityCsv, type ActivityImportReport } from '../src/activities/import/activity-import.js';
import { runActivityImportCommand } from '../src/activities/import/import-activities-command.js';
import { Offering } from '../src/activities/offering.entity.js';
import { ImportFileError } from '../src/csv-import/csv-rows.js';
import { Account } from '../src/accounts/account.entity.js';
import { OutboxMessage } from '../src/notifications/outbox-message.entity.js';
import { Registration } from '../src/registrations/registration.entity.js';
import { WaitlistEntry } from '../src/registrations/waitlist-entry.entity.js';
import { startApp, type TestApp } from './support/app.js';
import { ACTIVITY_SAMPLE, activityCsvLine, sampleActivityLine } from './support/activity-lines.js';
import { catalogueRunPrefix, offeringInput } from './support/catalogue.js';
import { linkedFamily } from './support/registrations.js';
import { runCommand } from './support/streams.js';

const SAMPLE_CODES = [
  'NAT-ETOILE-SAM9',
  'NAT-ETOILE-SAM10',
  'NAT-JUNIOR1-MER18',
  'SOC-U8-MAR18',
  'SOC-U10-JEU18',
  'PAT-INIT-DIM13',
  'CAMP-RELACHE-2027',
  'ART-DESSIN-LUN1830',
  'ADU-AQUAFORME-MAR10',
  'ADU-BADMINTON-VEN19',
];

const HEADER = ACTIVITY_COLUMN_NAMES.join(',');

type Line = Partial<ActivityRawRow> & { code: string; activity: string };

/** A line of the file: the sample's first line with these values instead. */
const line = (fields: Line) => activityCsvLine({ ...sampleActivityLine(), ...fields });

const someId = () => randomInt(1_000_000, 2_000_000_000);

describe('the catalogue import (npm run import:activities)', () => {
  let t: TestApp;
  let dir: string;
  let writer: CatalogueWriter;
  beforeAll(async () => {
    t = await startApp();
    writer = t.app.get(CatalogueWriter);
    dir = mkdtempSync(join(tmpdir(), 'guichet-activities-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function write(name: string, lines: string[]): string {
    const path = join(dir, name);
    writeFileSync(path, `${lines.join('\n')}\n`, 'utf8');
    return path;
  }

  const importFile = (path: string) => importActivityCsv(writer, path, { timeZone: t.config.cityTimeZone });
  const offerings = (codes: string[]) => t.dataSource.getRepository(Offering).find({ where: { code: In(codes) }, relations: { activity: true }, order: { code: 'ASC' } });
  const errorsOf = (report: ActivityImportReport) => report.errors.map(({ line, column, code }) => ({ line, column, code }));

  describe('the sample file', () => {
    let first: ActivityImportReport;
    beforeAll(async () => {
      // On MariaDB an earlier run may have imported the sample: start without its offerings.
      await t.dataSource.getRepository(Offering).delete({ code: In(SAMPLE_CODES) });
      first = await importFile(ACTIVITY_SAMPLE);
    });

    it('imports every line', () => {
      expect(first.errors).toEqual([]);
      expect(first).toMatchObject({ rows: 10, rejected: 0, updated: { offerings: 0 }, unchanged: 0, created: { offerings: 10 } });
    });

    it('stores the offerings with their activity, ISO weekday, cents and instants of the city', async () => {
      const found = await offerings(SAMPLE_CODES);
      expect(found).toHaveLength(10);
      const etoile = found.find((o) => o.code === 'NAT-ETOILE-SAM9')!;
      expect(etoile).toMatchObject({
        groupName: 'Samedi 9 h',
        site: 'Piscine Henri-L.-Bernier',
        startsOn: '2027-01-09',
        endsOn: '2027-03-27',
        weekday: 6,
        startTime: '09:00',
        endTime: '09:45',
        capacity: 8,
        ageMin: 3,
        ageMax: 5,
        ageOn: '2027-01-09',
        priceResident: 8500,
        priceNonResident: 12750,
        rl24: false,
      });
      expect(etoile.activity).toMatchObject({ name: 'Natation — Étoile de mer', category: 'Natation' });
      expect(etoile.residentsOpenAt.toISOString()).toBe('2026-12-08T00:00:00.000Z');
      expect(etoile.closesAt.toISOString()).toBe('2027-01-09T04:59:00.000Z');
      const soccer = found.find((o) => o.code === 'SOC-U8-MAR18')!;
      expect(soccer).toMatchObject({ site: 'Centre Henri-L.-Bernier, gymnase', ageOn: '2026-09-30', weekday: 2 });
      expect(found.find((o) => o.code === 'CAMP-RELACHE-2027')).toMatchObject({ rl24: true, weekday: 1, priceResident: 16000 });
      // Two groups, one activity.
      expect(found.find((o) => o.code === 'NAT-ETOILE-SAM10')!.activityId).toBe(etoile.activityId);
    });

    it('shows them in the catalogue', async () => {
      const res = await t.http().get('/api/v1/activities/nat-etoile-sam9').expect(200);
      expect(res.body).toMatchObject({ activity: 'Natation — Étoile de mer', opensAt: { residents: '2026-12-07T19:00:00.000-05:00' }, closesAt: '2027-01-08T23:59:00.000-05:00' });
    });

    it('changes nothing when the same file is imported again', async () => {
      const again = await importFile(ACTIVITY_SAMPLE);
      expect(again).toMatchObject({ rows: 10, rejected: 0, updated: { offerings: 0, activities: 0 }, unchanged: 10, created: { offerings: 0, activities: 0 }, errors: [] });
    });
  });

  it('updates the offerings and activities of a file imported again with changes', async () => {
    const p = catalogueRunPrefix();
    const path = write(`${p}-a.csv`, [
      HEADER,
      line({ code: `${p}-1`, activity: `Plongeon ${p}` }),
      line({ code: `${p}-2`, activity: `Plongeon ${p}`, group: 'Samedi 10 h' }),
      line({ code: `${p}-3`, activity: `Yoga ${p}`, category: 'Mise en forme' }),
    ]);
    expect(await importFile(path)).toMatchObject({ created: { offerings: 3, activities: 2 }, rejected: 0 });
    const changed = write(`${p}-b.csv`, [
      HEADER,
      line({ code: `${p}-1`, activity: `PLONGEON ${p}`, category: 'Aquatique', capacity: '12', price_resident: '90', site: 'Piscine du Cégep' }),
      line({ code: `${p}-2`, activity: `Plongeon ${p}`, category: 'Aquatique', group: 'Samedi 10 h' }),
      line({ code: `${p}-3`, activity: `Plongeon ${p}`, category: 'Aquatique', closes_at: '2027-01-09 12:00' }),
    ]);
    const report = await importFile(changed);
    // Line 2 changes only its activity's category: its offering counts as updated too.
    expect(report).toMatchObject({ rows: 3, created: { offerings: 0, activities: 0 }, updated: { offerings: 3, activities: 1 }, unchanged: 0, rejected: 0 });
    const [one, two, three] = await offerings([`${p}-1`, `${p}-2`, `${p}-3`]);
    expect(one).toMatchObject({ capacity: 12, priceResident: 9000, site: 'Piscine du Cégep' });
    expect(one.activity).toMatchObject({ name: `PLONGEON ${p}`, category: 'Aquatique' });
    expect(two.activityId).toBe(one.activityId);
    expect(three.activityId).toBe(one.activityId);
    expect(three.closesAt.toISOString()).toBe('2027-01-09T17:00:00.000Z');
    // Accents and case aside, the activity is found again: one row per name.
    expect(await t.dataSource.getRepository(Activity).countBy({ name: Like(`%${p}`) })).toBe(2);
  });

  it('reports each rejected line by its number, column and reason, and imports the others', async () => {
    const p = catalogueRunPrefix();
    const path = write(`${p}.csv`, [
      HEADER,
      line({ code: `${p}-1`, activity: `Karaté ${p}`, category: 'Arts martiaux' }),
      line({ code: `${p}-2`, activity: `Karaté ${p}`, weekday: 'samedy', price_resident: 'gratuit' }),
      line({ code: `${p}-1`, activity: `Judo ${p}` }),
      line({ code: `${p}-3`, activity: `Karaté ${p}`, category: 'Sports' }),
      '',
      line({ code: `${p}-4`, activity: `Judo ${p}`, ends_on: '2026-12-01' }),
      `${line({ code: `${p}-5`, activity: `Judo ${p}` })},en trop`,
      line({ code: `${p} 6`, activity: `Judo ${p}`, closes_at: '8 janvier', capacity: '-2' }),
      line({ code: `${p}-7`, activity: `Judo ${p}`, group: '"Samedi' }),
      line({ code: `${p}-8`, activity: `Judo ${p}` }),
    ]);
    const report = await importFile(path);
    expect(errorsOf(report)).toEqual([
      { line: 3, column: 'weekday', code: 'weekday_invalid' },
      { line: 3, column: 'price_resident', code: 'price_invalid' },
      { line: 4, column: 'code', code: 'code_repeated' },
      { line: 5, column: 'category', code: 'category_conflict' },
      { line: 7, column: 'ends_on', code: 'end_before_start' },
      { line: 8, column: undefined, code: 'column_count' },
      { line: 9, column: 'code', code: 'code_invalid' },
      { line: 9, column: 'capacity', code: 'whole_number_invalid' },
      { line: 9, column: 'closes_at', code: 'datetime_invalid' },
      { line: 10, column: undefined, code: 'csv_invalid' },
    ]);
    // The quote never closed took the rest of the file (line 11) into one field.
    expect(report).toMatchObject({ rows: 8, rejected: 7, created: { offerings: 1 } });
    const messages = report.errors.map((error) => error.message);
    expect(messages).toContain(`Le code ${p}-1 figure déjà à la ligne 2`);
    expect(messages).toContain(`L'activité « Karaté ${p} » figure à la ligne 2 sous la catégorie « Arts martiaux »`);
    expect(messages).toContain('Inscrivez un jour de la semaine en lettres, de lundi à dimanche');
    expect(messages).toContain('Inscrivez un nombre entier dans les limites permises (de 0 à 10000)');
    expect((await offerings([1, 2, 3, 4, 5, 6, 7, 8].map((n) => `${p}-${n}`))).map((o) => o.code)).toEqual([`${p}-1`]);
  });

  it('refuses a capacity below the seats already taken, and takes one equal to them', async () => {
    const p = catalogueRunPrefix();
    const code = `${p}-PLEIN`;
    await importFile(write(`${p}-a.csv`, [HEADER, line({ code, activity: `Escalade ${p}`, capacity: '5' })]));
    const [offering] = await offerings([code]);
    await t.dataSource
      .getRepository(Registration)
      .insert([1, 2, 3].map(() => ({ offeringId: offering.id, personId: someId(), householdId: someId(), amount: 8500, status: 'confirmed' as const })));
    const lowered = await importFile(write(`${p}-b.csv`, [HEADER, line({ code, activity: `Escalade ${p}`, capacity: '2', site: 'Mur du Cégep' }), line({ code: `${p}-AUTRE`, activity: `Escalade ${p}` })]));
    expect(errorsOf(lowered)).toEqual([{ line: 2, column: 'capacity', code: 'capacity_below_taken' }]);
    expect(lowered.errors[0].message).toBe('La capacité est inférieure aux places déjà prises : capacité 2, 3 place(s) prise(s)');
    expect(lowered).toMatchObject({ rejected: 1, created: { offerings: 1 } });
    expect((await offerings([code]))[0]).toMatchObject({ capacity: 5, site: 'Piscine Henri-L.-Bernier' });
    const equal = await importFile(write(`${p}-c.csv`, [HEADER, line({ code, activity: `Escalade ${p}`, capacity: '3' })]));
    expect(equal).toMatchObject({ rejected: 0, updated: { offerings: 1 } });
    expect((await t.http().get(`/api/v1/activities/${code}`).expect(200)).body).toMatchObject({ capacity: 3, remaining: 0 });
  });

  it('offers the seats of a capacity raised to the first waiting entry at once, with its email', async () => {
    const p = catalogueRunPrefix();
    const code = `${p}-HAUSSE`;
    await importFile(write(`${p}-a.csv`, [HEADER, line({ code, activity: `Yoga ${p}`, capacity: '1' })]));
    const [offering] = await offerings([code]);
    await t.dataSource.getRepository(Registration).insert({ offeringId: offering.id, personId: someId(), householdId: someId(), amount: 8500, status: 'confirmed' });
    const family = await linkedFamily(t);
    const email = (await t.dataSource.getRepository(Account).findOneByOrFail({ id: family.accountId })).email;
    const entry = { offeringId: offering.id, amount: 8500, seats: 1, status: 'waiting' as const };
    await t.dataSource.getRepository(WaitlistEntry).insert([
      { ...entry, householdId: family.householdId, accountId: family.accountId, rank: 1 },
      { ...entry, householdId: someId(), accountId: null, rank: 2 },
    ]);
    const entries = () => t.dataSource.getRepository(WaitlistEntry).find({ where: { offeringId: offering.id }, order: { rank: 'ASC' } });

    const raised = await importFile(write(`${p}-b.csv`, [HEADER, line({ code, activity: `Yoga ${p}`, capacity: '2' })]));
    expect(raised).toMatchObject({ rejected: 0, updated: { offerings: 1 } });
    const [first, second] = await entries();
    expect(first).toMatchObject({ status: 'offered', householdId: family.householdId });
    expect(first!.offerExpiresAt!.getTime() - t.clock.now().getTime()).toBeGreaterThan(47 * 3_600_000);
    expect(second).toMatchObject({ status: 'waiting' });
    expect(await t.dataSource.getRepository(OutboxMessage).countBy({ recipient: email, template: 'waitlist_offer' })).toBe(1);
    // The offer holds the seat: nothing left for the public, and a re-import changes nothing more.
    expect((await t.http().get(`/api/v1/activities/${code}`).expect(200)).body).toMatchObject({ capacity: 2, remaining: 0, waitlist: 1 });
    await importFile(write(`${p}-c.csv`, [HEADER, line({ code, activity: `Yoga ${p}`, capacity: '2' })]));
    expect((await entries()).map((e) => e.status)).toEqual(['offered', 'waiting']);
  });

  it('writes the same new codes from two writers at once: one creates them, the other finds them locked and changes nothing', async () => {
    const p = catalogueRunPrefix();
    const inputs = [1, 2, 3].map((n) => offeringInput(t, { code: `${p}-DUO${n}`, activity: `Duo ${p}`, category: `Duo ${p}` }));
    const both = await Promise.all([writer.save(inputs), writer.save(inputs)]);
    const statuses = both.map((write) => write.offerings.map((o) => o.status).join(','));
    expect(statuses.sort()).toEqual(['created,created,created', 'unchanged,unchanged,unchanged']);
    expect(await offerings(inputs.map((input) => input.code))).toHaveLength(3);
  });

  it('offers a capacity raised by the command too (outside Nest)', async () => {
    const p = catalogueRunPrefix();
    const code = `${p}-CLI`;
    await importFile(write(`${p}-a.csv`, [HEADER, line({ code, activity: `Yoga ${p}`, capacity: '1' })]));
    const [offering] = await offerings([code]);
    await t.dataSource.getRepository(Registration).insert({ offeringId: offering.id, personId: someId(), householdId: someId(), amount: 8500, status: 'confirmed' });
    await t.dataSource.getRepository(WaitlistEntry).insert({ offeringId: offering.id, householdId: someId(), accountId: null, amount: 8500, seats: 1, rank: 1, status: 'waiting' });
    const result = await runCommand(runActivityImportCommand, [write(`${p}-b.csv`, [HEADER, line({ code, activity: `Yoga ${p}`, capacity: '3' })])], { DATA_DIR: t.config.dataDir });
    expect(result.code).toBe(0);
    expect(await t.dataSource.getRepository(WaitlistEntry).findOneByOrFail({ offeringId: offering.id })).toMatchObject({ status: 'offered' });
  });

  it('refuses a file whose header lacks columns, writing nothing', async () => {
    const p = catalogueRunPrefix();
    const header = ACTIVITY_COLUMN_NAMES.filter((name) => name !== 'capacity' && name !== 'rl24' && name !== 'age_on').join(',');
    const error = await importFile(write(`${p}.csv`, [header, `${p}-1,Judo`])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFileError);
    expect(error).toMatchObject({ code: 'header_invalid', missingColumns: ['capacity', 'rl24'] });
  });

  describe('the command', () => {
    const run = (args: string[], env: Record<string, string> = {}) => runCommand(runActivityImportCommand, args, { DATA_DIR: t.config.dataDir, ...env });

    it('imports, writes the report where --report says and exits 0, even with rejected lines', async () => {
      const p = catalogueRunPrefix();
      const path = write(`${p}.csv`, [HEADER, line({ code: `${p}-1`, activity: `Tennis ${p}` }), line({ code: `${p}-2`, activity: `Tennis ${p}`, start_time: '9h75' })]);
      const reportPath = join(dir, `${p}-rapport.txt`);
      const result = await run([path, '--report', reportPath]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Lignes lues : 2');
      expect(result.stdout).toContain('Créés : 1 groupe, 1 activité');
      expect(result.stdout).toContain('Mis à jour : 0 groupe, 0 activité');
      expect(result.stdout).toContain(`1 ligne(s) rejetée(s) : le détail est dans le rapport ${reportPath}`);
      const report = readFileSync(reportPath, 'utf8');
      expect(report).toContain('Import du catalogue des activités — rapport');
      expect(report).toContain("ligne 3, start_time: time_invalid — Inscrivez l'heure sous la forme HH:MM, de 00:00 à 23:59");
      expect(existsSync(`${path}.report.txt`)).toBe(false);
      expect(await offerings([`${p}-1`])).toHaveLength(1);
    });

    it('exits 1 on a missing file, a header without its columns or a database it cannot use', async () => {
      const missing = await run([join(dir, 'absent.csv')]);
      expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('Fichier introuvable') });
      const badHeader = await run([write('entete.csv', ['code,activity,category', 'A,B,C'])]);
      expect(badHeader.code).toBe(1);
      expect(badHeader.stderr).toContain("Colonnes obligatoires absentes de l'en-tête : group, site, starts_on");
      const path = write('base.csv', [HEADER, line({ code: 'BASE-1', activity: 'Base' })]);
      const noDatabase = await run([path], { DATABASE_URL: 'mysql://guichet@127.0.0.1:1/absente' });
      expect(noDatabase.code).toBe(1);
      expect(noDatabase.stderr).toContain('Base de données inutilisable');
      expect(noDatabase.stderr).toContain("Rien n'a été importé.");
    });

    it('exits 2 on a usage error', async () => {
      expect((await run([])).code).toBe(2);
      const unknown = await run(['a.csv', '--dry-run']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('Utilisation : npm run import:activities');
    });
  });
});
