// npm run import:dossiers -- FILE.csv [--report PATH] (docs/import.md)
import '../../problems.js';
import { runImportCommand } from './import-command.js';

try {
  process.exitCode = await runImportCommand(process.argv.slice(2));
} catch (error) {
  console.error('Import interrompu par une erreur inattendue :', error);
  process.exitCode = 1;
}
