import type { ImportReport } from './dossier-import.js';
import type { ImportError } from './row-validation.js';

/** `ligne 12, birth_date: date_invalid — La date de naissance n'est pas valide` */
export function formatError(error: ImportError): string {
  const where = error.column ? `ligne ${error.line}, ${error.column}` : `ligne ${error.line}`;
  return `${where}: ${error.code} — ${error.message}`;
}

function plural(count: number, singular: string, pluralForm: string): string {
  return `${count} ${count <= 1 ? singular : pluralForm}`;
}

export function formatSummary(report: ImportReport): string[] {
  const { created } = report;
  const lines = [
    `Lignes lues : ${report.rows}`,
    `Créés : ${plural(created.persons, 'personne', 'personnes')}, ${plural(created.households, 'famille', 'familles')}, ` +
      `${plural(created.memberships, 'appartenance', 'appartenances')} à une famille, ${plural(created.phones, 'téléphone', 'téléphones')}`,
    `Lignes déjà importées (aucun changement) : ${report.unchanged}`,
    `Lignes rejetées : ${report.rejected}`,
  ];
  if (report.ignoredColumns.length) lines.push(`Colonnes ignorées (inconnues) : ${report.ignoredColumns.join(', ')}`);
  return lines;
}

export interface ReportContext {
  file: string;
  database: string;
  startedAt: Date;
  seconds: number;
}

/** The report file: the summary, then one line per error in line order. */
export function formatReportFile(report: ImportReport, context: ReportContext): string {
  const lines = [
    'Import des dossiers — rapport',
    `Fichier : ${context.file}`,
    `Base de données : ${context.database}`,
    `Début : ${context.startedAt.toISOString()} (durée : ${context.seconds.toFixed(1)} s)`,
    '',
    ...formatSummary(report),
    '',
    report.errors.length ? `Erreurs (${report.errors.length}) :` : 'Aucune erreur.',
    ...report.errors.map(formatError),
  ];
  return `${lines.join('\n')}\n`;
}
