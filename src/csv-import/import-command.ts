import 'reflect-metadata';
import { constants } from 'node:fs';
import { access, stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import type { DataSource } from 'typeorm';
import { ConfigError, loadConfig, type AppConfig, type DatabaseConfig } from '../config/app-config.js';
import { openMigratedDataSource } from '../database/data-source-options.js';
import { ImportFileError } from './csv-rows.js';
import { formatReportFile, type ImportOutcome } from './import-report.js';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export interface CommandIo {
  env?: Record<string, string | undefined>;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
}

/** What one import command (`npm run import:…`) brings to the shared one: its words and its work. */
export interface ImportCommand<R extends ImportOutcome> {
  /** The text of `--help` and of a usage error, in French. */
  usage: string;
  /** The report file's first line: « Import des dossiers — rapport ». */
  reportTitle: string;
  /** The import itself, on a migrated database; throws ImportFileError when the file cannot be used. */
  run(dataSource: DataSource, config: AppConfig, path: string, onProgress: (done: number, total: number) => void): Promise<R>;
  /** The summary printed and written at the top of the report. */
  summary(report: R): string[];
}

class UsageError extends Error {}

interface Arguments {
  /** As typed, for messages. */
  file: string;
  path: string;
  reportPath: string;
  help: boolean;
}

const OPTIONS = { report: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

/** `npm run` moves to the package folder: paths are taken from where the command was typed (INIT_CWD). */
function parseArguments(argv: string[], cwd: string): Arguments {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const help = parsed.values.help ?? false;
  if (help) return { file: '', path: '', reportPath: '', help };
  if (parsed.positionals.length !== 1) {
    throw new UsageError(parsed.positionals.length ? 'Un seul fichier à la fois.' : 'Indiquez le fichier CSV à importer.');
  }
  const file = parsed.positionals[0];
  const report = parsed.values.report ?? `${file}.report.txt`;
  if (!report) throw new UsageError('--report demande un chemin.');
  return { file, path: resolve(cwd, file), reportPath: resolve(cwd, report), help };
}

/** Fails early, before connecting to the database, on a file that cannot be read. */
async function checkReadable(file: string, path: string): Promise<string | null> {
  try {
    await access(path, constants.R_OK);
    if (!(await stat(path)).isFile()) return `${file} n'est pas un fichier.`;
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `Fichier introuvable : ${file}` : `Impossible de lire ${file} (${code}).`;
  }
}

/** Where the data went, without the credentials a URL may hold. */
function describeDatabase(database: DatabaseConfig): string {
  return database.type === 'sqlite' ? `SQLite ${database.path}` : `MySQL/MariaDB, base ${database.database}`;
}

function progressBar(stream: NodeJS.WritableStream): { onProgress: (done: number, total: number) => void; stop: () => void } {
  const bar = new SingleBar(
    { stream, format: 'Import {bar} {percentage}% | {value}/{total} lignes | reste {eta_formatted}', hideCursor: true, clearOnComplete: true },
    Presets.shades_classic,
  );
  let started = false;
  return {
    onProgress(done, total) {
      if (!started) bar.start(total, done);
      else bar.update(done);
      started = true;
    },
    stop: () => started && bar.stop(),
  };
}

/** The database cannot be reached or migrated: nothing was imported. */
class DatabaseUnusable extends Error {}

async function openDatabase(config: AppConfig): Promise<DataSource> {
  try {
    return await openMigratedDataSource(config.database);
  } catch (error) {
    throw new DatabaseUnusable(`Base de données inutilisable (${describeDatabase(config.database)}) : ${(error as Error).message}`);
  }
}

async function runImport<R extends ImportOutcome>(command: ImportCommand<R>, args: Arguments, io: Required<CommandIo>): Promise<number> {
  const config = loadConfig(io.env);
  const dataSource = await openDatabase(config);
  const bar = progressBar(io.stderr);
  const startedAt = new Date();
  let report: R;
  try {
    report = await command.run(dataSource, config, args.path, bar.onProgress);
  } finally {
    bar.stop();
    await dataSource.destroy();
  }
  const seconds = (Date.now() - startedAt.getTime()) / 1000;
  const context = { file: args.file, database: describeDatabase(config.database), startedAt, seconds };
  const summary = command.summary(report);
  io.stdout.write(`${[`Import terminé en ${seconds.toFixed(1)} s : ${args.file}`, ...summary.map((line) => `  ${line}`)].join('\n')}\n`);
  try {
    await writeFile(args.reportPath, formatReportFile(command.reportTitle, summary, report.errors, context), 'utf8');
  } catch (error) {
    io.stderr.write(`L'import a eu lieu, mais le rapport n'a pas pu être écrit dans ${args.reportPath} (${(error as NodeJS.ErrnoException).code}).\n`);
    return EXIT_FAILED;
  }
  io.stdout.write(
    report.rejected
      ? `${report.rejected} ligne(s) rejetée(s) : le détail est dans le rapport ${args.reportPath}\n`
      : `Rapport : ${args.reportPath}\n`,
  );
  return EXIT_OK;
}

/**
 * `npm run import:… -- FILE.csv [--report PATH]`, as a function the tests can call. Returns the
 * exit code: 0 when the import ran (even with rejected lines), 1 when the file, the configuration
 * or the database is unusable, 2 on a usage error.
 */
export async function runCsvImportCommand<R extends ImportOutcome>(command: ImportCommand<R>, argv: string[], io: CommandIo = {}): Promise<number> {
  const streams: Required<CommandIo> = { env: io.env ?? process.env, stdout: io.stdout ?? process.stdout, stderr: io.stderr ?? process.stderr };
  let args: Arguments;
  try {
    args = parseArguments(argv, streams.env.INIT_CWD ?? process.cwd());
  } catch (error) {
    streams.stderr.write(`${(error as Error).message}\n\n${command.usage}\n`);
    return EXIT_USAGE;
  }
  if (args.help) {
    streams.stdout.write(`${command.usage}\n`);
    return EXIT_OK;
  }
  const unreadable = await checkReadable(args.file, args.path);
  if (unreadable) {
    streams.stderr.write(`${unreadable}\n`);
    return EXIT_FAILED;
  }
  try {
    return await runImport(command, args, streams);
  } catch (error) {
    if (error instanceof ImportFileError || error instanceof ConfigError || error instanceof DatabaseUnusable) {
      streams.stderr.write(`${error.message}\nRien n'a été importé.\n`);
      return EXIT_FAILED;
    }
    throw error;
  }
}
