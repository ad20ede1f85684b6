import type { DataSource } from 'typeorm';
import { inTransaction } from '../../database/transaction.js';
import { writeBatch, type BatchOutcome, type CreatedCounts } from './batch-writer.js';
import { FileConsistency } from './conflicts.js';
import { countLines, detectDelimiter, readRecords, type CsvRecord } from './csv-source.js';
import { readHeader, toRawRow, type HeaderLayout } from './import-columns.js';
import { validateRow, type ImportError, type ImportRow } from './row-validation.js';

export { IMPORT_COLUMNS, IMPORT_COLUMN_NAMES, REQUIRED_COLUMNS, type ImportColumn } from './import-columns.js';
export type { ImportError } from './row-validation.js';

export interface ImportReport {
  /** Data lines read (empty lines not counted). */
  rows: number;
  created: CreatedCounts;
  /** Valid lines whose person, household, membership and phones were all there already. */
  unchanged: number;
  /** Lines left out, each with at least one entry in `errors`. */
  rejected: number;
  /** Sorted by line; a line may have several. */
  errors: ImportError[];
  /** Header names that are not documented columns (a typo in an optional column shows here). */
  ignoredColumns: string[];
}

export interface ImportOptions {
  onProgress?: (done: number, total: number) => void;
  /** Lines per transaction. */
  batchSize?: number;
  /** YYYY-MM-DD: dates of birth after it are refused. Defaults to today (UTC). */
  today?: string;
}

/** The file as a whole cannot be imported: nothing was written. */
export class ImportFileError extends Error {
  constructor(
    readonly code: 'file_unreadable' | 'header_invalid',
    message: string,
    readonly missingColumns: string[] = [],
  ) {
    super(message);
    this.name = 'ImportFileError';
  }
}

const DEFAULT_BATCH_SIZE = 1000;

function unreadable(filePath: string, error: unknown): ImportFileError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ENOENT' ? 'fichier introuvable' : code === 'EISDIR' ? "c'est un dossier" : (code ?? String(error));
  return new ImportFileError('file_unreadable', `Impossible de lire le fichier ${filePath} : ${reason}`);
}

function headerOf(record: CsvRecord): HeaderLayout {
  if (!record.fields) throw new ImportFileError('header_invalid', `La ligne d'en-tête est illisible : ${record.problem}`);
  const layout = readHeader(record.fields);
  if (layout.missing.length) {
    throw new ImportFileError('header_invalid', `Colonnes obligatoires absentes de l'en-tête : ${layout.missing.join(', ')}`, layout.missing);
  }
  return layout;
}

const isBlank = (fields: string[]) => fields.every((field) => !field.trim());

/** Lines of one import: validation in file order, then batches written one transaction each. */
class DossierImport {
  readonly report: ImportReport = {
    rows: 0,
    created: { persons: 0, households: 0, memberships: 0, phones: 0 },
    unchanged: 0,
    rejected: 0,
    errors: [],
    ignoredColumns: [],
  };
  private readonly households = new Map<string, number>();
  private readonly persons = new Map<string, number>();
  private readonly consistency = new FileConsistency();
  private batch: ImportRow[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly layout: HeaderLayout,
    private readonly today: string,
  ) {
    this.report.ignoredColumns = layout.ignored;
  }

  get pending(): number {
    return this.batch.length;
  }

  reject(errors: ImportError[]): void {
    this.report.errors.push(...errors);
    this.report.rejected += new Set(errors.map((error) => error.line)).size;
  }

  read(record: CsvRecord): void {
    if (!record.fields) {
      this.report.rows++;
      this.reject([{ line: record.line, code: 'csv_invalid', message: `Ligne illisible : ${record.problem}` }]);
      return;
    }
    if (isBlank(record.fields)) return;
    this.report.rows++;
    const extra = record.fields.slice(this.layout.width);
    if (extra.some((field) => field.trim())) {
      const message = `La ligne compte ${record.fields.length} champs alors que l'en-tête en compte ${this.layout.width}`;
      this.reject([{ line: record.line, code: 'column_count', message }]);
      return;
    }
    const result = validateRow(record.line, toRawRow(this.layout, record.fields), this.today);
    const errors = result.errors ?? this.consistency.check(result.row);
    if (errors.length) this.reject(errors);
    else this.batch.push(result.row!);
  }

  async flush(): Promise<void> {
    if (!this.batch.length) return;
    const rows = this.batch;
    this.batch = [];
    const known = { households: this.households, persons: this.persons };
    const outcome = await inTransaction(this.dataSource, (manager) => writeBatch(manager, rows, known));
    this.apply(outcome);
  }

  private apply(outcome: BatchOutcome): void {
    for (const [key, id] of outcome.households) this.households.set(key, id);
    for (const [number, id] of outcome.persons) this.persons.set(number, id);
    for (const name of ['persons', 'households', 'memberships', 'phones'] as const) this.report.created[name] += outcome.created[name];
    this.reject(outcome.errors);
    this.report.unchanged += outcome.accepted - outcome.changedLines.size;
  }

  finish(): ImportReport {
    this.report.errors.sort((a, b) => a.line - b.line);
    return this.report;
  }
}

/**
 * Imports the legacy dossier file (docs/import.md): every line validated, the invalid ones reported
 * by line and skipped, the valid ones written in batches. Importing the same file again changes
 * nothing. Throws ImportFileError, before writing anything, when the file cannot be read or its
 * header lacks a required column. One import at a time: two running together may collide on keys.
 */
export async function importDossierCsv(dataSource: DataSource, filePath: string, options: ImportOptions = {}): Promise<ImportReport> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  let delimiter: Awaited<ReturnType<typeof detectDelimiter>>;
  let total = 0;
  try {
    delimiter = await detectDelimiter(filePath);
    if (options.onProgress) total = Math.max((await countLines(filePath)) - 1, 0);
  } catch (error) {
    throw unreadable(filePath, error);
  }
  const progress = (line: number) => options.onProgress?.(Math.min(line - 1, total), total);

  let work: DossierImport | undefined;
  for await (const record of readRecords(filePath, delimiter)) {
    if (!work) {
      work = new DossierImport(dataSource, headerOf(record), today);
      continue;
    }
    work.read(record);
    if (work.pending >= batchSize) {
      await work.flush();
      progress(record.line);
    }
  }
  if (!work) throw new ImportFileError('header_invalid', "Le fichier est vide : la ligne d'en-tête est absente");
  await work.flush();
  options.onProgress?.(total, total);
  return work.finish();
}
