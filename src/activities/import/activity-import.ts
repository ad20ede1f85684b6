import { fieldMessage } from '../../common/messages.js';
import { CsvImportFile, type ImportError } from '../../csv-import/csv-rows.js';
import { importLines, LineImport } from '../../csv-import/line-import.js';
import type { ImportOutcome } from '../../csv-import/import-report.js';
import { foldText } from '../../database/text-search.js';
import type { CatalogueWriter } from '../catalogue-writer.service.js';
import type { OfferingInput } from '../offering-input.js';
import { ACTIVITY_COLUMNS, type ActivityColumn, type ActivityRawRow } from './activity-columns.js';
import { validateActivityRow } from './activity-row.js';

export interface ActivityImportReport extends ImportOutcome {
  created: { offerings: number; activities: number };
  /** Offerings that were there and changed (their row, or their activity's name or category), and activities changed. */
  updated: { offerings: number; activities: number };
  /** Lines whose offering and activity were there exactly as the line says. */
  unchanged: number;
}

export interface ActivityImportOptions {
  /** The city's time zone: the file's date-times are its wall clock. */
  timeZone: string;
  onProgress?: (done: number, total: number) => void;
  /** Lines per transaction. */
  batchSize?: number;
}

const DEFAULT_BATCH_SIZE = 200;

export const activityImportMessages = {
  codeRepeated: (code: string, line: number) => `Le code ${code} figure déjà à la ligne ${line}`,
  categoryConflict: (activity: string, category: string, line: number) => `L'activité « ${activity} » figure à la ligne ${line} sous la catégorie « ${category} »`,
  capacityBelowTaken: (capacity: number, taken: number) => `${fieldMessage('capacity_below_taken', 'fr')} : capacité ${capacity}, ${taken} place(s) prise(s)`,
};

interface ActivityLine {
  line: number;
  input: OfferingInput;
}

/** Lines of one import: validated in file order, checked against the earlier lines, written in batches through the catalogue's writer. */
class ActivityImport extends LineImport<ActivityColumn, ActivityLine, ActivityImportReport> {
  readonly report: ActivityImportReport = { rows: 0, created: { offerings: 0, activities: 0 }, updated: { offerings: 0, activities: 0 }, unchanged: 0, rejected: 0, errors: [], ignoredColumns: [] };
  /** The first line of each code, and of each activity (by folded name) with its category. */
  private readonly codes = new Map<string, number>();
  private readonly activities = new Map<string, { category: string; line: number }>();

  constructor(
    private readonly writer: CatalogueWriter,
    private readonly timeZone: string,
  ) {
    super();
  }

  protected accept(line: number, raw: ActivityRawRow): ImportError[] {
    const result = validateActivityRow(line, raw, this.timeZone);
    const errors = result.errors ?? this.consistency(line, result.input);
    if (!errors.length) this.queue({ line, input: result.input! });
    return errors;
  }

  /** A code is one offering of the file, an activity has one category: the first line of each decides. */
  private consistency(line: number, input: OfferingInput): ImportError[] {
    const errors: ImportError[] = [];
    const codeLine = this.codes.get(input.code);
    if (codeLine !== undefined) errors.push({ line, column: 'code', code: 'code_repeated', message: activityImportMessages.codeRepeated(input.code, codeLine) });
    const activity = this.activities.get(foldText(input.activity));
    if (activity && activity.category !== input.category) {
      errors.push({ line, column: 'category', code: 'category_conflict', message: activityImportMessages.categoryConflict(input.activity, activity.category, activity.line) });
    }
    if (!errors.length) {
      this.codes.set(input.code, line);
      if (!activity) this.activities.set(foldText(input.activity), { category: input.category, line });
    }
    return errors;
  }

  protected async write(lines: ActivityLine[]): Promise<void> {
    const written = await this.writer.save(lines.map(({ input }) => input));
    this.report.created.activities += written.activitiesCreated;
    this.report.updated.activities += written.activitiesUpdated;
    written.offerings.forEach((outcome, index) => {
      const { line, input } = lines[index];
      if (outcome.status === 'rejected') {
        this.reject([{ line, column: 'capacity', code: outcome.reason, message: activityImportMessages.capacityBelowTaken(input.capacity, outcome.taken) }]);
      } else if (outcome.status === 'unchanged') this.report.unchanged++;
      else this.report[outcome.status].offerings++;
    });
  }
}

/**
 * Imports the season's catalogue (SPEC R1, columns in activity-columns.ts): every line validated,
 * the invalid ones reported by line and column and skipped, the valid ones written through the
 * catalogue's writer, idempotent by code (a new line creates, a changed line updates, the same
 * file again changes nothing). Throws ImportFileError, before writing anything, when the file
 * cannot be read or its header lacks a column.
 */
export async function importActivityCsv(writer: CatalogueWriter, filePath: string, options: ActivityImportOptions): Promise<ActivityImportReport> {
  const file = await CsvImportFile.open(filePath, ACTIVITY_COLUMNS, options.onProgress);
  return importLines(file, new ActivityImport(writer, options.timeZone), options.batchSize ?? DEFAULT_BATCH_SIZE);
}
