import type { CsvImportFile, CsvRow, ImportError, RawRow } from './csv-rows.js';
import type { ImportOutcome } from './import-report.js';

/**
 * The lines of one import: each validated in file order (`accept`: its problems, or none and the
 * line joins the batch), then the batches written (`write`), one at a time.
 */
export abstract class LineImport<C extends string, Line, R extends ImportOutcome> {
  abstract readonly report: R;
  private batch: Line[] = [];

  get pending(): number {
    return this.batch.length;
  }

  protected reject(errors: ImportError[]): void {
    this.report.errors.push(...errors);
    this.report.rejected += new Set(errors.map((error) => error.line)).size;
  }

  /** The problems of a valid line of the file; none: the line is added to the batch (`queue`). */
  protected abstract accept(line: number, raw: RawRow<C>): ImportError[];

  /** Writes a batch and reports what became of its lines. */
  protected abstract write(lines: Line[]): Promise<void>;

  protected queue(line: Line): void {
    this.batch.push(line);
  }

  read(row: CsvRow<C>): void {
    this.report.rows++;
    const errors = row.errors ?? this.accept(row.line, row.raw);
    if (errors.length) this.reject(errors);
  }

  async flush(): Promise<void> {
    if (!this.batch.length) return;
    const lines = this.batch;
    this.batch = [];
    await this.write(lines);
  }

  finish(ignoredColumns: string[]): R {
    this.report.ignoredColumns = ignoredColumns;
    this.report.errors.sort((a, b) => a.line - b.line);
    return this.report;
  }
}

/** Reads the whole file into `work`, `batchSize` lines per write, reporting progress after each. */
export async function importLines<C extends string, R extends ImportOutcome>(file: CsvImportFile<C>, work: LineImport<C, unknown, R>, batchSize: number): Promise<R> {
  for await (const row of file.rows()) {
    work.read(row);
    if (work.pending >= batchSize) {
      await work.flush();
      file.progress(row.line);
    }
  }
  await work.flush();
  file.finished();
  return work.finish(file.ignoredColumns);
}
