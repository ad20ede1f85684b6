import { runCsvImportCommand, type CommandIo, type ImportCommand } from '../../csv-import/import-command.js';
import { importDossierCsv, type ImportReport } from './dossier-import.js';
import { formatSummary } from './import-report.js';

export { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CommandIo } from '../../csv-import/import-command.js';

export const USAGE = `Utilisation : npm run import:dossiers -- FICHIER.csv [--report RAPPORT.txt]

Importe les dossiers de l'ancien système (colonnes décrites dans docs/import.md).
  --report CHEMIN  où écrire le rapport (par défaut : FICHIER.csv.report.txt)
Codes de sortie : 0 import effectué (même avec des lignes rejetées), 1 fichier illisible,
en-tête incomplet ou base de données inutilisable, 2 mauvaise utilisation.`;

const DOSSIER_IMPORT: ImportCommand<ImportReport> = {
  usage: USAGE,
  reportTitle: 'Import des dossiers — rapport',
  run: (dataSource, _config, path, onProgress) => importDossierCsv(dataSource, path, { onProgress }),
  summary: formatSummary,
};

/**
 * `npm run import:dossiers -- FILE.csv [--report PATH]`, as a function the tests can call.
 * Returns the exit code: 0 when the import ran (even with rejected lines), 1 when the file, the
 * configuration or the database is unusable, 2 on a usage error.
 */
export function runImportCommand(argv: string[], io: CommandIo = {}): Promise<number> {
  return runCsvImportCommand(DOSSIER_IMPORT, argv, io);
}
