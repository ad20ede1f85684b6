import { FieldCheck, type FormText } from '../common/field-check.js';
import { fieldMessage, type FieldCode } from '../common/messages.js';
import type { ImportError } from './csv-rows.js';

/** The report is in French, with the API's messages (one table: `src/common/messages.ts`). */
const message = (code: FieldCode) => fieldMessage(code, 'fr');

/**
 * The API's field checks on a line of an import file: the problems land on the file's columns, in
 * the file's column order, each with its French sentence. Text garbled by a non-UTF-8 export
 * (`encoding_invalid`) hides the column's other problems.
 */
export class ImportRowCheck<C extends string> extends FieldCheck {
  /** What the report adds to a column's sentence: the longest text, the bounds of a number. */
  private readonly precisions = new Map<string, string>();

  constructor(
    raw: Record<C, string>,
    private readonly columns: readonly C[],
  ) {
    super();
    for (const column of columns) if (raw[column].includes('\uFFFD')) this.fail(column, 'encoding_invalid');
  }

  /** The file's column of a field the shared checkers name otherwise (`birthDate` → `birth_date`). */
  protected columnOf(field: string): string {
    return field;
  }

  override fail(field: string, code: FieldCode): void {
    super.fail(this.columnOf(field), code);
  }

  /** A problem whose sentence gets a precision in the report (`(entre 0 et 120)`). */
  failWith(field: string, code: FieldCode, precision: string): void {
    if (!this.problems.some((problem) => problem.field === this.columnOf(field))) this.precisions.set(this.columnOf(field), precision);
    this.fail(field, code);
  }

  override text(field: string, raw: FormText, max: number, options?: { required?: boolean; name?: boolean }): string | null {
    if (max < Number.MAX_SAFE_INTEGER) this.precisions.set(this.columnOf(field), `(${max} caractères au plus)`);
    return super.text(field, raw, max, options);
  }

  /** A column of the file's own kind: present if `required`, read by `parse` (null: `code`). */
  parsed<T>(column: C, raw: string, required: boolean, code: FieldCode, parse: (value: string) => T | null): T | null {
    const value = this.text(column, raw, Number.MAX_SAFE_INTEGER, { required });
    if (value === null) return null;
    const result = parse(value);
    if (result === null) this.fail(column, code);
    return result;
  }

  /** The problems as the report lists them. */
  report(line: number): ImportError[] {
    const order = (field: string) => this.columns.indexOf(field as C);
    return [...this.problems]
      .sort((a, b) => order(a.field) - order(b.field))
      .map(({ field, code }) => {
        const precision = code === 'too_long' || code === 'whole_number_invalid' || code === 'price_invalid' ? this.precisions.get(field) : undefined;
        return { line, column: field, code, message: precision ? `${message(code)} ${precision}` : message(code) };
      });
  }
}
