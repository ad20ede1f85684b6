import { formatSummaryLines, plural } from '../../csv-import/import-report.js';
import type { ImportReport } from './dossier-import.js';

export function formatSummary(report: ImportReport): string[] {
  const { created } = report;
  return formatSummaryLines(report, [
    `Créés : ${plural(created.persons, 'personne', 'personnes')}, ${plural(created.households, 'famille', 'familles')}, ` +
      `${plural(created.memberships, 'appartenance', 'appartenances')} à une famille, ${plural(created.phones, 'téléphone', 'téléphones')}`,
    `Lignes déjà importées (aucun changement) : ${report.unchanged}`,
  ]);
}
