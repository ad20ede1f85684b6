import type { DataSource } from 'typeorm';
import { inTransaction } from '../../database/transaction.js';
import { writeBatch, type BatchOutcome, type CreatedCounts } from './batch-writer.js';
import { FileConsistency } from './conflicts.js';
import { CsvImportFile, type ImportError } from '../../csv-import/csv-rows.js';
import { importLines, LineImport } from '../../csv-import/line-import.js';
import type { ImportOutcome } from '../../csv-import/import-report.js';
import { IMPORT_COLUMNS, type ImportColumn, type RawRow } from './import-columns.js';
import { validateRow, type ImportRow } from './row-validation.js';

export { IMPORT_COLUMNS, IMPORT_COLUMN_NAMES, REQUIRED_COLUMNS, type ImportColumn } from './import-columns.js';
export { ImportFileError, type ImportError } from '../../csv-import/csv-rows.js';

export interface ImportReport extends ImportOutcome {
  created: CreatedCounts;
  /** Valid lines whose person, household, membership and phones were all there already. */
  unchanged: number;
}

export interface ImportOptions {
  onProgress?: (done: number, total: number) => void;
  /** Lines per transaction. */
  batchSize?: number;
  /** YYYY-MM-DD: dates of birth after it are refused. Defaults to today (UTC). */
  today?: string;
}

const DEFAULT_BATCH_SIZE = 1000;

/** Lines of one import: validation in file order, then batches written one transaction each. */
class DossierImport extends LineImport<ImportColumn, ImportRow, ImportReport> {
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

  constructor(
    private readonly dataSource: DataSource,
    private readonly today: string,
  ) {
    super();
  }

  protected accept(line: number, raw: RawRow): ImportError[] {
    const result = validateRow(line, raw, this.today);
    const errors = result.errors ?? this.consistency.check(result.row);
    if (!errors.length) this.queue(result.row!);
    return errors;
  }

  protected async write(rows: ImportRow[]): Promise<void> {
    const known = { households: this.households, persons: this.persons };
    this.apply(await inTransaction(this.dataSource, (manager) => writeBatch(manager, rows, known)));
  }

  private apply(outcome: BatchOutcome): void {
    for (const [key, id] of outcome.households) this.households.set(key, id);
    for (const [number, id] of outcome.persons) this.persons.set(number, id);
    for (const name of ['persons', 'households', 'memberships', 'phones'] as const) this.report.created[name] += outcome.created[name];
    this.reject(outcome.errors);
    this.report.unchanged += outcome.accepted - outcome.changedLines.size;
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
  const file = await CsvImportFile.open(filePath, IMPORT_COLUMNS, options.onProgress);
  return importLines(file, new DossierImport(dataSource, today), batchSize);
}
