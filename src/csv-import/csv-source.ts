import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse, type CsvError } from 'csv-parse';

export type Delimiter = ',' | ';';

/** One record of the file: its fields, or why it could not be read (in French). `line` is where it starts. */
export type CsvRecord = { line: number; fields: string[]; problem?: undefined } | { line: number; fields?: undefined; problem: string };

const HEAD_BYTES = 64 * 1024;

/** The start of the file; throws (ENOENT, EACCES, EISDIR…) when it cannot be read. */
async function readHead(filePath: string): Promise<string> {
  const handle = await open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** Semicolons when the header has more of them than commas (French spreadsheets export so); quoted text ignored. */
export async function detectDelimiter(filePath: string): Promise<Delimiter> {
  const header = (await readHead(filePath)).replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0].replace(/"[^"]*"/g, '');
  const count = (char: string) => header.split(char).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

/** Physical lines of the file (a last line without a newline counts), for the progress total. */
export async function countLines(filePath: string): Promise<number> {
  let lines = 0;
  let last = 0x0a;
  for await (const chunk of createReadStream(filePath) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) lines++;
    if (chunk.length) last = chunk[chunk.length - 1];
  }
  return last === 0x0a ? lines : lines + 1;
}

const CSV_PROBLEMS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: "un guillemet ouvert n'est jamais fermé (la suite du fichier a été lue comme un seul champ)",
  CSV_INVALID_CLOSING_QUOTE: "un guillemet fermant est suivi d'autre chose que le séparateur",
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: "un guillemet fermant est suivi d'autre chose que le séparateur",
};

function describe(error: CsvError): string {
  return CSV_PROBLEMS[error.code] ?? `format CSV non valide (${error.code})`;
}

function newlinesIn(fields: string[]): number {
  let count = 0;
  for (const field of fields) {
    for (let i = field.indexOf('\n'); i !== -1; i = field.indexOf('\n', i + 1)) count++;
  }
  return count;
}

/**
 * The records of a CSV file, streamed: empty lines skipped, a record with an unreadable quote
 * reported instead of ending the whole import. The parser counts the line where a record ends;
 * a quoted field may hold newlines, hence the start line computed back from them. A broken record
 * starts after the last good one and the empty lines read since.
 */
export async function* readRecords(filePath: string, delimiter: Delimiter): AsyncGenerator<CsvRecord> {
  const skipped: CsvRecord[] = [];
  let lastEnd = 0;
  let emptyBefore = 0;
  const parser = parse({
    bom: true,
    delimiter,
    info: true,
    relax_column_count: true,
    // Legacy names hold quotes mid-field (Jean "Johnny" Roy): kept as text.
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_record: (record, context) => {
      lastEnd = context.lines;
      emptyBefore = context.empty_lines;
      return record;
    },
    on_skip: (error) => {
      if (error) skipped.push({ line: lastEnd + 1 + Number(error.empty_lines) - emptyBefore, problem: describe(error) });
      return undefined;
    },
  });
  const source = createReadStream(filePath);
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield* skipped.splice(0);
      yield { line: info.lines - newlinesIn(record), fields: record };
    }
    yield* skipped.splice(0);
  } finally {
    // The reader may stop early (a bad header): close the file too, not only the parser.
    source.destroy();
  }
}
