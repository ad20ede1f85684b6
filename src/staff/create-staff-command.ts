import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { AuditLog } from '../audit/audit-log.js';
import { Clock } from '../common/clock.js';
import { fieldMessage, isFieldCode } from '../common/messages.js';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { openMigratedDataSource } from '../database/data-source-options.js';
import { createStaff, NewStaffRefused, type NewStaffProblem } from './staff-accounts.service.js';
import { STAFF_ROLES, type StaffRole } from './staff-user.js';

export const EXIT_OK = 0;
export const EXIT_REFUSED = 1;
export const EXIT_USAGE = 2;

export const USAGE = `Utilisation : npm run staff:create -- --email COURRIEL --name "NOM" --role clerk|supervisor|administrator [--locale fr|en] [--password-stdin]

Crée un compte du personnel pour le panneau /admin (DATABASE_URL choisit la base, comme pour npm start).
Le mot de passe est demandé au terminal, sans écho (deux fois), ou lu sur l'entrée standard avec
--password-stdin. Codes de sortie : 0 compte créé, 1 refusé (adresse déjà prise, mot de passe trop
faible, configuration), 2 mauvaise utilisation.`;

export interface StaffCommandIo {
  env?: Record<string, string | undefined>;
  stdin?: NodeJS.ReadStream | NodeJS.ReadableStream;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

const PROBLEM_TEXT: Partial<Record<NewStaffProblem, string>> = {
  email_taken: 'Un compte du personnel existe déjà avec cette adresse courriel.',
  name_required: 'Indiquez le nom affiché (--name) : une ligne, 100 caractères au plus, sans caractères de contrôle.',
  role_invalid: `Le rôle doit être ${STAFF_ROLES.join(', ')}.`,
};

function problemText(problem: NewStaffProblem): string {
  return PROBLEM_TEXT[problem] ?? (isFieldCode(problem) ? fieldMessage(problem, 'fr') : problem);
}

class UsageError extends Error {}

const OPTIONS = {
  email: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string' },
  locale: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parseArguments(argv: string[]) {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return { help: true as const };
  const missing = (['email', 'name', 'role'] as const).filter((name) => !values[name]);
  if (missing.length) throw new UsageError(`Il manque ${missing.map((name) => `--${name}`).join(', ')}.`);
  if (!STAFF_ROLES.includes(values.role as StaffRole)) throw new UsageError(`Le rôle doit être ${STAFF_ROLES.join(', ')}.`);
  const locale = values.locale ?? 'fr';
  if (locale !== 'fr' && locale !== 'en') throw new UsageError('La langue (--locale) doit être fr ou en.');
  return { help: false as const, email: values.email!, name: values.name!, role: values.role as StaffRole, locale: locale as 'fr' | 'en', passwordStdin: values['password-stdin'] ?? false };
}

/** Everything on standard input, without the final line break. */
async function readAll(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** One line typed on the terminal, without echo. */
function askHidden(prompt: string, stdin: NodeJS.ReadStream, out: NodeJS.WritableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    out.write(prompt);
    let typed = '';
    stdin.setRawMode(true);
    stdin.resume();
    const onData = (data: Buffer) => {
      const chars = Array.from(data.toString('utf8'));
      for (const [index, char] of chars.entries()) {
        if (char === '\r' || char === '\n') {
          finish();
          // What was typed ahead (the confirmation, pasted with the password) is for the next question.
          const rest = chars.slice(index + 1).join('').replace(/^\n/, '');
          if (rest) stdin.unshift(Buffer.from(rest));
          out.write('\n');
          return resolve(typed);
        }
        if (char === '\u0003') {
          finish();
          out.write('\n');
          return reject(new UsageError('Interrompu.'));
        }
        if (char === '\u007f' || char === '\b') typed = Array.from(typed).slice(0, -1).join('');
        else typed += char;
      }
    };
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
    };
    stdin.on('data', onData);
  });
}

async function readPassword(passwordStdin: boolean, io: Required<StaffCommandIo>): Promise<string> {
  if (passwordStdin) return readAll(io.stdin);
  const stdin = io.stdin as NodeJS.ReadStream;
  if (!stdin.isTTY) throw new UsageError('Pas de terminal pour demander le mot de passe : utilisez --password-stdin.');
  const password = await askHidden('Mot de passe : ', stdin, io.stderr);
  const again = await askHidden('Confirmez le mot de passe : ', stdin, io.stderr);
  if (password !== again) throw new NewStaffRefused('password_mismatch');
  return password;
}

/**
 * `npm run staff:create -- --email E --name N --role R [--password-stdin]`, as a function the tests
 * can call. Returns the exit code.
 */
export async function runCreateStaffCommand(argv: string[], io: StaffCommandIo = {}): Promise<number> {
  const streams: Required<StaffCommandIo> = {
    env: io.env ?? process.env,
    stdin: io.stdin ?? process.stdin,
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
  };
  try {
    const args = parseArguments(argv);
    if (args.help) {
      streams.stdout.write(`${USAGE}\n`);
      return EXIT_OK;
    }
    const config = loadConfig(streams.env);
    const password = await readPassword(args.passwordStdin, streams);
    const dataSource = await openMigratedDataSource(config.database);
    try {
      // The command line is the system's own act: the creation is audited with no staff member behind it.
      const audit = { log: new AuditLog(new Clock(config.cityTimeZone)), actor: { kind: 'system' } as const };
      const staff = await createStaff(dataSource, { email: args.email, displayName: args.name, role: args.role, password, locale: args.locale }, audit);
      streams.stdout.write(`Compte du personnel créé : ${staff.email} (${staff.role}), numéro ${staff.id}.\n`);
      return EXIT_OK;
    } finally {
      await dataSource.destroy();
    }
  } catch (error) {
    if (error instanceof UsageError) {
      streams.stderr.write(`${error.message}\n\n${USAGE}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof NewStaffRefused) {
      streams.stderr.write(`${problemText(error.problem)}\nAucun compte n'a été créé.\n`);
      return EXIT_REFUSED;
    }
    if (error instanceof ConfigError) {
      streams.stderr.write(`${error.message}\n`);
      return EXIT_REFUSED;
    }
    throw error;
  }
}
