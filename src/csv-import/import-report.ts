import type { ImportError } from './csv-rows.js';

/** `ligne 12, birth_date: date_invalid — La date de naissance n'est pas valide` */
export function formatError(error: ImportError): string {
  const where = error.column ? `ligne ${error.line}, ${error.column}` : `ligne ${error.line}`;
  return `${where}: ${error.code} — ${error.message}`;
}

/** « 1 personne », « 3 personnes » (French: 0 and 1 take the singular). */
export function plural(count: number, singular: string, pluralForm: string): string {
  return `${count} ${count <= 1 ? singular : pluralForm}`;
}

/** What every import reports, whatever it writes. */
export interface ImportOutcome {
  /** Data lines read (empty lines not counted). */
  rows: number;
  /** Lines left out, each with at least one entry in `errors`. */
  rejected: number;
  /** Sorted by line; a line may have several. */
  errors: ImportError[];
  /** Header names that are not documented columns (a typo in an optional column shows here). */
  ignoredColumns: string[];
}

/** The summary's lines: the lines read, what the import wrote (`written`), the lines rejected, the columns ignored. */
export function formatSummaryLines(report: ImportOutcome, written: string[]): string[] {
  const lines = [`Lignes lues : ${report.rows}`, ...written, `Lignes rejetées : ${report.rejected}`];
  if (report.ignoredColumns.length) lines.push(`Colonnes ignorées (inconnues) : ${report.ignoredColumns.join(', ')}`);
  return lines;
}

export interface ReportContext {
  file: string;
  database: string;
  startedAt: Date;
  seconds: number;
}

/** The report file: its title, where and when, the summary, then one line per error in line order. */
export function formatReportFile(title: string, summary: string[], errors: ImportError[], context: ReportContext): string {
  const lines = [
    title,
    `Fichier : ${context.file}`,
    `Base de données : ${context.database}`,
    `Début : ${context.startedAt.toISOString()} (durée : ${context.seconds.toFixed(1)} s)`,
    '',
    ...summary,
    '',
    errors.length ? `Erreurs (${errors.length}) :` : 'Aucune erreur.',
    ...errors.map(formatError),
  ];
  return `${lines.join('\n')}\n`;
}
