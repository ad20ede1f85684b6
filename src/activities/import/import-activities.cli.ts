// npm run import:activities -- FILE.csv [--report PATH] (README, « Activities »)
import '../../problems.js';
import { runActivityImportCommand } from './import-activities-command.js';

try {
  process.exitCode = await runActivityImportCommand(process.argv.slice(2));
} catch (error) {
  console.error('Import interrompu par une erreur inattendue :', error);
  process.exitCode = 1;
}
