import { countLines, detectDelimiter, readRecords, type CsvRecord, type Delimiter } from './csv-source.js';

/** One problem of one line of a file; `line` is the physical line, the header being line 1. */
export interface ImportError {
  line: number;
  column?: string;
  code: string;
  message: string;
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

/** A documented column of an import file. */
export interface CsvColumn<C extends string = string> {
  readonly name: C;
  readonly required: boolean;
}

/** One record of the file, each documented column trimmed ('' when absent or empty). */
export type RawRow<C extends string> = Record<C, string>;

/** Where each documented column sits in the records, from the header row. */
export interface HeaderLayout<C extends string = string> {
  positions: Map<C, number>;
  missing: C[];
  ignored: string[];
  width: number;
}

/** Header names compared without case, surrounding spaces or a stray BOM; the first of two equal names wins. */
export function readHeaderOf<C extends string>(columns: readonly CsvColumn<C>[], fields: string[]): HeaderLayout<C> {
  const names: readonly string[] = columns.map((column) => column.name);
  const positions = new Map<C, number>();
  const ignored: string[] = [];
  fields.forEach((field, index) => {
    const name = field.replace(/^\uFEFF/, '').trim().toLowerCase();
    if (names.includes(name) && !positions.has(name as C)) {
      positions.set(name as C, index);
    } else if (name) {
      ignored.push(field.trim());
    }
  });
  const missing = columns.filter((column) => column.required && !positions.has(column.name)).map((column) => column.name);
  return { positions, missing, ignored, width: fields.length };
}

export function rawRowOf<C extends string>(columns: readonly CsvColumn<C>[], layout: HeaderLayout<C>, fields: string[]): RawRow<C> {
  const row = {} as RawRow<C>;
  for (const { name } of columns) {
    const index = layout.positions.get(name);
    row[name] = index === undefined ? '' : (fields[index] ?? '').trim();
  }
  return row;
}

/** A data line: its documented columns, or why it was rejected before any check of its values. */
export type CsvRow<C extends string> = { line: number; raw: RawRow<C>; errors?: undefined } | { line: number; raw?: undefined; errors: ImportError[] };

function unreadable(filePath: string, error: unknown): ImportFileError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ENOENT' ? 'fichier introuvable' : code === 'EISDIR' ? "c'est un dossier" : (code ?? String(error));
  return new ImportFileError('file_unreadable', `Impossible de lire le fichier ${filePath} : ${reason}`);
}

const isBlank = (fields: string[]) => fields.every((field) => !field.trim());

/**
 * An import file (UTF-8 CSV, comma or semicolon, a header naming the columns in any order): its
 * data lines, streamed, with the problems of the file itself (an unreadable record, extra values)
 * already reported per line. Empty lines are skipped. `rows()` throws ImportFileError, before its
 * first row, when the header is unreadable or lacks a required column.
 */
export class CsvImportFile<C extends string> {
  /** Header names that are not documented columns (a typo in an optional column shows here); known once `rows()` started. */
  ignoredColumns: string[] = [];

  private constructor(
    private readonly filePath: string,
    private readonly columns: readonly CsvColumn<C>[],
    private readonly delimiter: Delimiter,
    private readonly total: number,
    private readonly onProgress?: (done: number, total: number) => void,
  ) {}

  /** Throws ImportFileError `file_unreadable` when the file cannot be read. */
  static async open<C extends string>(filePath: string, columns: readonly CsvColumn<C>[], onProgress?: (done: number, total: number) => void): Promise<CsvImportFile<C>> {
    try {
      const delimiter = await detectDelimiter(filePath);
      const total = onProgress ? Math.max((await countLines(filePath)) - 1, 0) : 0;
      return new CsvImportFile(filePath, columns, delimiter, total, onProgress);
    } catch (error) {
      throw unreadable(filePath, error);
    }
  }

  async *rows(): AsyncGenerator<CsvRow<C>> {
    let layout: HeaderLayout<C> | undefined;
    for await (const record of readRecords(this.filePath, this.delimiter)) {
      if (!layout) {
        layout = this.header(record);
        continue;
      }
      if (!record.fields) {
        yield { line: record.line, errors: [{ line: record.line, code: 'csv_invalid', message: `Ligne illisible : ${record.problem}` }] };
      } else if (!isBlank(record.fields)) {
        yield this.row(layout, record.line, record.fields);
      }
    }
    if (!layout) throw new ImportFileError('header_invalid', "Le fichier est vide : la ligne d'en-tête est absente");
  }

  /** Reports progress up to a line of the file (the header excluded). */
  progress(line: number): void {
    this.onProgress?.(Math.min(line - 1, this.total), this.total);
  }

  finished(): void {
    this.onProgress?.(this.total, this.total);
  }

  private header(record: CsvRecord): HeaderLayout<C> {
    if (!record.fields) throw new ImportFileError('header_invalid', `La ligne d'en-tête est illisible : ${record.problem}`);
    const layout = readHeaderOf(this.columns, record.fields);
    if (layout.missing.length) {
      throw new ImportFileError('header_invalid', `Colonnes obligatoires absentes de l'en-tête : ${layout.missing.join(', ')}`, layout.missing);
    }
    this.ignoredColumns = layout.ignored;
    return layout;
  }

  private row(layout: HeaderLayout<C>, line: number, fields: string[]): CsvRow<C> {
    if (fields.slice(layout.width).some((field) => field.trim())) {
      const message = `La ligne compte ${fields.length} champs alors que l'en-tête en compte ${layout.width}`;
      return { line, errors: [{ line, code: 'column_count', message }] };
    }
    return { line, raw: rawRowOf(this.columns, layout, fields) };
  }
}
