import type { DataSource } from 'typeorm';
import { AuditLog } from '../../audit/audit-log.js';
import { Clock } from '../../common/clock.js';
import type { AppConfig } from '../../config/app-config.js';
import { OutboxService } from '../../notifications/outbox.service.js';
import { RegistrationEmails } from '../../registrations/registration-emails.js';
import { WaitlistService } from '../../registrations/waitlist.service.js';
import { plural, formatSummaryLines } from '../../csv-import/import-report.js';
import { runCsvImportCommand, type CommandIo, type ImportCommand } from '../../csv-import/import-command.js';
import { CatalogueWriter } from '../catalogue-writer.service.js';
import { importActivityCsv, type ActivityImportReport } from './activity-import.js';

export const USAGE = `Utilisation : npm run import:activities -- FICHIER.csv [--report RAPPORT.txt]

Importe le catalogue des activités de la saison (colonnes décrites dans le README, « Activities ») :
une ligne par groupe, identifié par son code ; importer de nouveau met à jour.
  --report CHEMIN  où écrire le rapport (par défaut : FICHIER.csv.report.txt)
Codes de sortie : 0 import effectué (même avec des lignes rejetées), 1 fichier illisible,
en-tête incomplet ou base de données inutilisable, 2 mauvaise utilisation.`;

export function formatActivitySummary(report: ActivityImportReport): string[] {
  return formatSummaryLines(report, [
    `Créés : ${plural(report.created.offerings, 'groupe', 'groupes')}, ${plural(report.created.activities, 'activité', 'activités')}`,
    `Mis à jour : ${plural(report.updated.offerings, 'groupe', 'groupes')}, ${plural(report.updated.activities, 'activité', 'activités')}`,
    `Lignes déjà importées (aucun changement) : ${report.unchanged}`,
  ]);
}

/** The catalogue's writer outside Nest, with the waitlist it offers raised capacities to (their emails through the outbox). */
function catalogueWriter(dataSource: DataSource, config: AppConfig): CatalogueWriter {
  const clock = new Clock(config.cityTimeZone);
  const emails = new RegistrationEmails(new OutboxService(config, config, clock), config);
  return new CatalogueWriter(dataSource, clock, new WaitlistService(dataSource, config, clock, emails, new AuditLog(clock)));
}

const ACTIVITY_IMPORT: ImportCommand<ActivityImportReport> = {
  usage: USAGE,
  reportTitle: 'Import du catalogue des activités — rapport',
  run: (dataSource, config, path, onProgress) => importActivityCsv(catalogueWriter(dataSource, config), path, { timeZone: config.cityTimeZone, onProgress }),
  summary: formatActivitySummary,
};

/**
 * `npm run import:activities -- FILE.csv [--report PATH]`, as a function the tests can call.
 * Returns the exit code: 0 when the import ran (even with rejected lines), 1 when the file, the
 * configuration or the database is unusable, 2 on a usage error.
 */
export function runActivityImportCommand(argv: string[], io: CommandIo = {}): Promise<number> {
  return runCsvImportCommand(ACTIVITY_IMPORT, argv, io);
}
