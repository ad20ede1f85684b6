// npm run staff:create -- --email E --name N --role clerk|supervisor|administrator [--password-stdin]
import '../problems.js';
import { runCreateStaffCommand } from './create-staff-command.js';

try {
  process.exitCode = await runCreateStaffCommand(process.argv.slice(2));
} catch (error) {
  console.error('Création interrompue par une erreur inattendue :', error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
