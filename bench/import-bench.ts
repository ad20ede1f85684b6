// Legacy-import benchmark: a generated file of 100 000 lines (about 35 000 households) imported
// into a fresh database, then imported again (the idempotent re-run). A report, not a test: it exits
// 0 whatever the time. SQLite in a temporary folder by default; DATABASE_URL names a MySQL/MariaDB
// database instead. Run with `npm run build && node dist/bench/import-bench.js [ROWS]`. See docs/import.md.
import 'reflect-metadata';
import '../src/problems.js';
import { randomInt } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/app-config.js';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { IMPORT_COLUMN_NAMES, importDossierCsv, type ImportReport } from '../src/dossiers/import/dossier-import.js';
import { generator, pad } from './random.js';

const ROWS = Number(process.argv[2] ?? 100_000);
const TARGET_SECONDS = 60;

const FIRST_NAMES = ['Léa', 'Émile', 'Zoé', 'Gabriel', 'Chloé', 'Félix', 'Juliette', 'Éloïse', 'Thomas', 'Noémie', 'Mathis', 'Rosalie', 'Olivier', 'Florence', 'Samuel', 'Béatrice', 'Jérôme', 'Geneviève', 'François', 'Hélène', 'André', 'Josée', 'Stéphane', 'Mélanie', 'Sébastien', 'Valérie', 'Réjean', 'Thérèse', 'Gaétan', 'Ginette'];
const LAST_NAMES = ['Tremblay', 'Gagnon', 'Roy', 'Côté', 'Bouchard', 'Gauthier', 'Morin', 'Lavoie', 'Fortin', 'Gagné', 'Ouellet', 'Pelletier', 'Bélanger', 'Lévesque', 'Bérubé', 'Bergeron', 'Leblanc', 'Paquette', 'Girard', 'Simard', 'Boucher', 'Caron', 'Beaulieu', 'Cloutier', 'Dubé', 'Poirier', 'Fournier', 'Lapointe', 'St-Pierre', 'Thériault'];
const STREETS = ['boulevard Lasalle', 'boulevard Blanche', 'boulevard Jolliet', 'avenue Cartier', 'rue de Puyjalon', 'rue Bossé', 'avenue Laval', 'rue Mance', 'avenue Le Gardeur', 'rue de Bretagne', 'boulevard Laflèche', 'rue Lestrat', 'avenue Marquette', 'rue des Érables', 'rue Champlain'];
const LETTERS = [...'ABCEGHJKLMNPRSTVWXYZ'];

const { random, pick, between } = generator(20261126);

interface Member {
  dossierNumber: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  relationship: string;
  email: string;
  mobile: string;
}

interface HouseholdRows {
  key: string;
  address: string[];
  phone: string;
  members: Member[];
}

// Keys unique to the run, so that a reused MySQL database does not turn the run into a re-run.
const RUN = randomInt(36 ** 3, 36 ** 4).toString(36).toUpperCase();
let nextDossier = 100_000;
let nextHousehold = 1;

function birthDate(fromYear: number, toYear: number): string {
  return `${between(fromYear, toYear)}-${pad(between(1, 12))}-${pad(between(1, 28))}`;
}

function phone(): string {
  return `418 ${between(200, 999)}-${pad(between(0, 9999), 4)}`;
}

function person(lastName: string, relationship: string, adult: boolean): Member {
  const firstName = pick(FIRST_NAMES);
  const dossierNumber = `${RUN}${nextDossier++}`;
  return {
    dossierNumber,
    firstName,
    lastName,
    birthDate: adult ? birthDate(1945, 2006) : birthDate(2009, 2025),
    relationship,
    email: adult && random() < 0.6 ? `${dossierNumber.toLowerCase()}@exemple.ca` : '',
    mobile: adult && random() < 0.5 ? phone() : '',
  };
}

function household(members: Member[]): HouseholdRows {
  const sector = random() < 0.5 ? 'G4Z' : 'G5C';
  const postalCode = `${sector} ${between(0, 9)}${pick(LETTERS)}${between(0, 9)}`;
  const apartment = random() < 0.2 ? String(between(1, 12)) : '';
  return { key: `F${RUN}-${nextHousehold++}`, address: [String(between(1, 2999)), pick(STREETS), apartment, 'Baie-Comeau', postalCode], phone: phone(), members };
}

function children(lastName: string, count: number): Member[] {
  return Array.from({ length: count }, () => person(lastName, 'enfant', false));
}

/** One family situation: a single adult, a couple, a family, or separated guardians sharing children. */
function situation(): HouseholdRows[] {
  const lastName = pick(LAST_NAMES);
  const draw = random();
  if (draw < 0.2) return [household([person(lastName, 'titulaire', true)])];
  if (draw < 0.4) return [household([person(lastName, 'titulaire', true), person(pick(LAST_NAMES), 'conjoint', true)])];
  if (draw < 0.92) {
    return [household([person(lastName, 'titulaire', true), person(pick(LAST_NAMES), 'conjointe', true), ...children(lastName, between(1, 3))])];
  }
  // Separated guardians: the children are on the rows of both households.
  const shared = children(lastName, between(1, 2));
  return [household([person(lastName, 'titulaire', true), ...shared]), household([person(pick(LAST_NAMES), 'titulaire', true), ...shared])];
}

function csvLine(household: HouseholdRows, member: Member): string {
  const [civic, street, apartment, city, postalCode] = household.address;
  const fields = [member.dossierNumber, member.firstName, member.lastName, member.birthDate, household.key, member.relationship, '', civic, street, apartment, city, postalCode, household.phone, member.mobile, member.email];
  return `${fields.join(',')}\n`;
}

async function writeFile(path: string, rows: number): Promise<{ households: number; rows: number }> {
  const out = createWriteStream(path);
  let written = 0;
  let households = 0;
  out.write(`${IMPORT_COLUMN_NAMES.join(',')}\n`);
  while (written < rows) {
    for (const rowsOfHousehold of situation()) {
      households++;
      for (const member of rowsOfHousehold.members) {
        if (written === rows) break;
        if (!out.write(csvLine(rowsOfHousehold, member))) await once(out, 'drain');
        written++;
      }
    }
  }
  out.end();
  await once(out, 'finish');
  return { households, rows: written };
}

async function describeDatabase(dataSource: DataSource): Promise<string> {
  if (dataSource.options.type === 'better-sqlite3') {
    const [row] = (await dataSource.query('SELECT sqlite_version() AS version')) as Array<{ version: string }>;
    return `SQLite ${row.version} (better-sqlite3, temporary file)`;
  }
  const [row] = (await dataSource.query('SELECT VERSION() AS version')) as Array<{ version: string }>;
  return `MySQL/MariaDB ${row.version} (mysql2)`;
}

async function timed(dataSource: DataSource, file: string): Promise<{ seconds: number; report: ImportReport }> {
  const started = performance.now();
  const report = await importDossierCsv(dataSource, file);
  return { seconds: (performance.now() - started) / 1000, report };
}

function describeReport(report: ImportReport): string {
  const { created } = report;
  return `created ${created.persons} persons, ${created.households} households, ${created.memberships} memberships, ${created.phones} phones; unchanged ${report.unchanged}; rejected ${report.rejected}`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-import-bench-'));
  try {
    const file = join(dir, 'dossiers.csv');
    const generated = await writeFile(file, ROWS);
    const megabytes = statSync(file).size / 1024 / 1024;
    const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATA_DIR: dir });
    const dataSource = new DataSource(await dataSourceOptions(config.database));
    await dataSource.initialize();
    await dataSource.runMigrations();
    try {
      console.log(`Database: ${await describeDatabase(dataSource)}; machine: ${cpus().length} cores, Node ${process.version}`);
      console.log(`File: ${generated.rows} rows, ${generated.households} households, ${megabytes.toFixed(1)} MB`);
      const first = await timed(dataSource, file);
      const verdict = first.seconds <= TARGET_SECONDS ? 'PASS' : 'BELOW';
      console.log(`First import: ${first.seconds.toFixed(1)} s, ${Math.round(generated.rows / first.seconds)} rows/s — ${verdict} (target ${TARGET_SECONDS} s)`);
      console.log(`  ${describeReport(first.report)}`);
      const second = await timed(dataSource, file);
      console.log(`Re-run (idempotent): ${second.seconds.toFixed(1)} s, ${Math.round(generated.rows / second.seconds)} rows/s`);
      console.log(`  ${describeReport(second.report)}`);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
