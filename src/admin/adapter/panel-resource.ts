import { BaseRecord, BaseResource, Filter, ForbiddenError, ValidationError, type ActionContext, type ParamsType } from 'adminjs';
import { QueryFailedError, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import type { Actor, StaffRole } from '../../common/actor.js';
import { DomainError, type FieldError } from '../../common/domain-error.js';
import { fieldMessage } from '../../common/messages.js';
import { staffNames } from '../../staff/staff-names.js';
import { describeEntries, type Viewer } from '../audit-view.js';
import { panelLocale } from '../values.js';
import { PanelProperty, propertyType } from './panel-property.js';
import { PanelSource, type FilterRule, type FormValues, type RecordWriter } from './panel-source.js';
import { prefixCondition } from './prefix.js';

/** A list never counts past this: the pager shows « 10 000+ » pages rather than scanning a whole table. */
export const COUNT_CAP = 10_000;

const ALIAS = 'e';

interface FindOptions {
  limit?: number;
  offset?: number;
  sort?: { sortBy?: string; direction?: 'asc' | 'desc' };
}

/**
 * AdminJS's resource over one entity of the app's own DataSource: only the columns it may show are
 * selected, filters and sorts are the index-backed ones the source declares, counts are capped.
 * It writes nothing itself: new, edit and delete call the source's writer, the feature's service.
 */
export class PanelResource extends BaseResource {
  private readonly source: PanelSource;
  private readonly props: PanelProperty[];
  private readonly columns: ColumnMetadata[];

  static override isAdapterFor(raw: unknown): boolean {
    return raw instanceof PanelSource;
  }

  constructor(source: PanelSource) {
    super(source);
    this.source = source;
    const { options } = source;
    const metadata = source.metadata;
    const hidden = new Set(options.hidden ?? []);
    this.columns = metadata ? metadata.columns.filter((c) => !hidden.has(c.propertyName)) : [];
    const writable = new Set(options.writable ?? []);
    const sortable = new Set(Object.keys(options.sorts ?? {}));
    const titlePath = options.title ?? this.columns.find((c) => c.type === 'varchar')?.propertyName;
    this.props = this.columns.map((column, position) => {
      const reference = options.references?.[column.propertyName] ?? null;
      return new PanelProperty({
        path: column.propertyName,
        column,
        type: propertyType(column, reference !== null),
        isId: column.isPrimary,
        isSortable: sortable.has(column.propertyName),
        isTitle: column.propertyName === titlePath,
        isEditable: writable.has(column.propertyName),
        isRequired: writable.has(column.propertyName) && !column.isNullable && column.default === undefined,
        reference,
        availableValues: column.enum ? column.enum.map(String) : null,
        position,
      });
    });
    const virtuals = [...(options.virtuals ?? []), ...(options.audit ? [{ path: 'history', type: 'textarea' as const }] : [])];
    for (const [index, virtual] of virtuals.entries()) {
      this.props.push(
        new PanelProperty({
          path: virtual.path,
          type: virtual.type,
          isSortable: sortable.has(virtual.path),
          isTitle: virtual.path === titlePath,
          isEditable: false,
          position: this.columns.length + index,
        }),
      );
    }
  }

  override databaseName(): string {
    return 'guichet';
  }

  override databaseType(): string {
    return this.source.options.dataSource.options.type;
  }

  override id(): string {
    return this.source.options.id;
  }

  override properties(): PanelProperty[] {
    return this.props;
  }

  override property(path: string): PanelProperty | null {
    return this.props.find((p) => p.path() === path) ?? null;
  }

  private query(): SelectQueryBuilder<ObjectLiteral> {
    const qb = this.source.options.dataSource.manager.getRepository(this.source.options.entity!).createQueryBuilder(ALIAS);
    return qb.select(this.columns.map((c) => `${ALIAS}.${c.propertyPath}`));
  }

  private applyFilter(qb: SelectQueryBuilder<ObjectLiteral>, filter: Filter): boolean {
    const rules = this.source.options.filters ?? {};
    let index = 0;
    const given: Array<{ path: string; value: unknown }> = Object.values(filter.filters);
    const named = (this.source.options.keyFilters ?? []).some((path) => filter.filters[path]);
    if (!named) for (const [path, value] of Object.entries(this.source.options.defaultFilters ?? {})) if (!filter.filters[path]) given.push({ path, value });
    for (const { path, value } of given) {
      const rule: FilterRule | undefined = rules[path];
      if (!rule) throw new ValidationError({ [path]: { message: 'filter_not_available', type: 'filter' } });
      index += 1;
      const param = `f${index}`;
      if (rule.kind === 'range') {
        const { from, to } = (typeof value === 'object' && value ? value : {}) as { from?: string; to?: string };
        if (from) qb.andWhere(`${ALIAS}.${rule.column} >= :${param}from`, { [`${param}from`]: boundary(from) });
        if (to) qb.andWhere(`${ALIAS}.${rule.column} <= :${param}to`, { [`${param}to`]: boundary(to) });
        continue;
      }
      if (typeof value !== 'string') return false;
      if (rule.kind === 'custom') {
        rule.apply(qb, value, ALIAS);
        continue;
      }
      const normalized = rule.normalize ? rule.normalize(value) : value;
      // A value that cannot match (a last name without a letter): no rows, without asking the database.
      if (!normalized) return false;
      if (rule.kind === 'exact') qb.andWhere(`${ALIAS}.${rule.column} = :${param}`, { [param]: normalized });
      else prefixCondition(qb, `${ALIAS}.${rule.column}`, normalized, param);
    }
    return true;
  }

  /**
   * The sort column, then the other columns of the shortest index that starts with it, then the id
   * (unless that index is unique):
   * the order the index (which ends with the primary key, on InnoDB as on SQLite) holds its rows in,
   * so that a page is read from the index rather than by sorting every row. `lastNameKey, id` alone
   * sorted 300 000 persons for each page, as the index is on (lastNameKey, birthDate).
   */
  private orderColumns(sortColumn: string): string[] {
    if (sortColumn === 'id') return ['id'];
    const indices = (this.source.metadata?.indices ?? []).filter((index) => index.columns[0]?.propertyPath === sortColumn);
    const shortest = indices.sort((a, b) => a.columns.length - b.columns.length)[0];
    if (!shortest) return [sortColumn, 'id'];
    const columns = shortest.columns.map((column) => column.propertyPath);
    // A unique index orders its rows alone; MariaDB then sorts every row for a `, id` it does not need.
    return shortest.isUnique ? columns : [...columns.filter((column) => column !== 'id'), 'id'];
  }

  override async count(filter: Filter): Promise<number> {
    if (!this.source.options.entity) return 0;
    const inner = this.query().select('1', 'one');
    if (!this.applyFilter(inner, filter)) return 0;
    inner.limit(COUNT_CAP + 1);
    const [sql, parameters] = inner.getQueryAndParameters();
    const rows: Array<{ n: number | string }> = await this.source.options.dataSource.query(
      `SELECT COUNT(*) AS n FROM (${sql}) counted`,
      parameters,
    );
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * A page in two reads: the ids of the page, in order, from the index alone (a deep page skips
   * index entries, not rows: MariaDB sorted all 300 000 persons rather than read 10 000 rows
   * through the index for an OFFSET of 2 000 or more), then those rows by primary key.
   */
  override async find(filter: Filter, options: FindOptions = {}, context?: ActionContext): Promise<BaseRecord[]> {
    if (!this.source.options.entity) return [];
    const ranked = this.rankedSearch(filter);
    if (ranked) return this.page(await ranked(pageSize(options.limit), rowOffset(options.offset)), context);
    const qb = this.query().select(`${ALIAS}.id`, 'id');
    if (!this.applyFilter(qb, filter)) return [];
    const { sorts = {}, defaultSort } = this.source.options;
    const sortColumn = (options.sort?.sortBy && sorts[options.sort.sortBy]) || defaultSort.column;
    const direction = (options.sort?.sortBy && sorts[options.sort.sortBy] ? options.sort.direction : defaultSort.direction) === 'asc' ? 'ASC' : 'DESC';
    for (const [index, column] of this.orderColumns(sortColumn).entries()) {
      if (index === 0) qb.orderBy(`${ALIAS}.${column}`, direction);
      else qb.addOrderBy(`${ALIAS}.${column}`, direction);
    }
    qb.limit(pageSize(options.limit)).offset(rowOffset(options.offset));
    return this.page((await qb.getRawMany<{ id: number | string }>()).map((row) => Number(row.id)), context);
  }

  /** The source's own search query, when the search is the only filter given. */
  private rankedSearch(filter: Filter): ((limit: number, offset: number) => Promise<number[]>) | null {
    const { search, dataSource } = this.source.options;
    const given = Object.values(filter.filters);
    if (!search || given.length !== 1 || given[0].path !== search.path || typeof given[0].value !== 'string') return null;
    const value = given[0].value;
    return (limit, offset) => search.ids(dataSource, value, limit, offset);
  }

  /** The rows of a page's ids, by primary key, in the page's order. */
  private async page(ids: number[], context?: ActionContext): Promise<BaseRecord[]> {
    if (!ids.length) return [];
    const rows = new Map((await this.query().where(`${ALIAS}.id IN (:...ids)`, { ids }).getMany()).map((row) => [row.id as number, row]));
    const page = ids.map((id) => rows.get(id)).filter((row) => row !== undefined);
    return this.toRecords(page, 'list', context);
  }

  override async findOne(id: string | number, context?: ActionContext): Promise<BaseRecord | null> {
    if (!this.source.options.entity) return null;
    const key = Number(id);
    if (!Number.isSafeInteger(key)) return null;
    const row = await this.query().where(`${ALIAS}.id = :id`, { id: key }).getOne();
    return row ? (await this.toRecords([row], 'show', context))[0]! : null;
  }

  override async findMany(ids: Array<string | number>, context?: ActionContext): Promise<BaseRecord[]> {
    const keys = ids.map(Number).filter(Number.isSafeInteger);
    if (!this.source.options.entity || !keys.length) return [];
    const rows = await this.query().where(`${ALIAS}.id IN (:...ids)`, { ids: keys }).getMany();
    return this.toRecords(rows, 'list', context);
  }

  /** The rows as AdminJS records, their computed values read for the whole page at once where the source can (`presentMany`), in the reader's words. */
  private async toRecords(rows: ObjectLiteral[], mode: 'list' | 'show', context?: ActionContext): Promise<BaseRecord[]> {
    const staff = await this.staffOf(rows);
    const viewer = this.viewer(context);
    const { presentMany, present, dataSource } = this.source.options;
    const extras = presentMany ? await presentMany(rows as never[], mode, dataSource, staff, viewer) : await Promise.all(rows.map(async (row) => (await present?.(row as never, mode, dataSource, staff, viewer)) ?? {}));
    return Promise.all(rows.map((row, index) => this.toRecord(row, mode, extras[index] ?? {}, viewer)));
  }

  /** The names of the staff members the rows name, in one query (none when the source names none). */
  private staffOf(rows: ObjectLiteral[]): Promise<Map<number, string>> {
    const { staffOf, dataSource } = this.source.options;
    return staffOf ? staffNames(dataSource, rows.flatMap((row) => staffOf(row as never))) : Promise.resolve(new Map());
  }

  /** Who reads: their language and role, and the city's time zone (the values are shown in their words). */
  private viewer(context: ActionContext | undefined): Viewer {
    const admin = context?.currentAdmin as { locale?: string; role?: StaffRole } | undefined;
    return { locale: panelLocale(admin?.locale), role: admin?.role, timeZone: this.source.options.timeZone ?? 'America/Toronto' };
  }

  /** The row as AdminJS params: timestamps as ISO strings, JSON as text, plus the computed values. */
  private async toRecord(row: ObjectLiteral, mode: 'list' | 'show', computed: Record<string, unknown>, viewer: Viewer): Promise<BaseRecord> {
    const params: ParamsType = {};
    for (const column of this.columns) {
      const value = column.getEntityValue(row);
      params[column.propertyName] =
        value instanceof Date ? value.toISOString() : column.type === 'simple-json' ? JSON.stringify(value, null, 2) : (value ?? null);
    }
    const extra = { ...computed };
    if (mode === 'show' && this.source.options.audit) extra.history = await this.history(row.id, viewer);
    return new BaseRecord({ ...params, ...extra }, this);
  }

  /** The record's lines of the audit log, newest first, in the reader's words (`describeEntries`), as JSON for the History component. */
  private async history(id: number, viewer: Viewer): Promise<string> {
    const { audit, dataSource } = this.source.options;
    const entries = await audit!.history(dataSource, this.id(), id);
    return JSON.stringify(await describeEntries(dataSource, entries, viewer));
  }

  /**
   * The writable fields of a form as text for the writer: a day as `YYYY-MM-DD` and an instant as
   * ISO 8601 (AdminJS turns both into a Date; an invalid one into an Invalid Date), an empty field as null.
   */
  private formValues(params: ParamsType): FormValues {
    const values: FormValues = {};
    for (const path of this.source.options.writable ?? []) {
      if (!(path in params)) continue;
      const value: unknown = params[path];
      const day = this.columns.find((column) => column.propertyName === path)?.type === 'date';
      if (value instanceof Date) values[path] = Number.isNaN(value.getTime()) ? 'invalid' : day ? value.toISOString().slice(0, 10) : value.toISOString();
      else values[path] = value === null || value === undefined ? null : String(value);
    }
    return values;
  }

  /** The writer's method of an action; a resource without it is read-only (its action is not offered either). */
  private writer<A extends keyof RecordWriter>(action: A): NonNullable<RecordWriter[A]> {
    const writer = this.source.options.writer;
    const write = writer?.[action];
    if (!write) throw new ForbiddenError(`${this.id()}: no ${action}`);
    return write.bind(writer) as NonNullable<RecordWriter[A]>;
  }

  override async create(params: ParamsType, context?: ActionContext): Promise<ParamsType> {
    const create = this.writer('create');
    const id = await this.refusals('create', context, () => create(this.formValues(params), staffActor(context)));
    return (await this.findOne(id))!.params;
  }

  override async update(id: string | number, params: ParamsType, context?: ActionContext): Promise<ParamsType> {
    const update = this.writer('update');
    const values = this.formValues(params);
    if (Object.keys(values).length) await this.refusals('update', context, () => update(Number(id), values, staffActor(context)));
    return (await this.findOne(id))?.params ?? {};
  }

  override async delete(id: string | number, context?: ActionContext): Promise<void> {
    const remove = this.writer('delete');
    await this.refusals('delete', context, () => remove(Number(id), staffActor(context)));
  }

  /**
   * A refusal of the writer as AdminJS shows it, never a 500: a form's on its fields (a unique
   * index's too), a deletion's as its notice (the rule's name, a key of the locale).
   */
  private async refusals<R>(action: keyof RecordWriter, context: ActionContext | undefined, write: () => Promise<R>): Promise<R> {
    try {
      return await write();
    } catch (error) {
      const locale = context?.currentAdmin?.locale === 'en' ? 'en' : 'fr';
      const duplicate = error instanceof QueryFailedError ? this.duplicateField(error) : null;
      const fields: FieldError[] = duplicate ? [{ field: duplicate, code: 'value_taken' }] : error instanceof DomainError ? (error.extra.errors ?? []) : [];
      // A deletion's refusal, with or without a field: its notice.
      const code = fields[0]?.code ?? (error instanceof DomainError ? error.code : null);
      if (action === 'delete' && code) throw new ValidationError({}, { message: code, type: code });
      if (!fields.length) throw error;
      throw new ValidationError(
        Object.fromEntries(fields.map((f) => [f.field, { message: fieldMessage(f.code, locale), type: f.code }])),
        { message: fieldMessage('form_invalid', locale), type: 'validation_failed' },
      );
    }
  }

  private duplicateField(error: QueryFailedError): string | null {
    const driver = error.driverError as { code?: string; message?: string } | undefined;
    const text = driver?.message ?? error.message;
    const unique = this.source.metadata?.indices.filter((index) => index.isUnique) ?? [];
    if (driver?.code === 'ER_DUP_ENTRY') {
      return unique.find((index) => text.includes(`'${index.name}'`) || text.includes(`.${index.name}'`))?.columns[0]?.propertyName ?? null;
    }
    if (driver?.code === 'SQLITE_CONSTRAINT_UNIQUE') {
      const table = this.source.metadata!.tableName;
      return unique.find((index) => index.columns.every((c) => text.includes(`${table}.${c.databaseName}`)))?.columns[0]?.propertyName ?? null;
    }
    return null;
  }
}

/**
 * The staff member an action runs for (AdminJS's `currentAdmin`), as services receive actors. A call
 * without one is nobody's (anonymous), never the system's: the services let the system past their
 * role checks, and the panel never acts for it.
 */
export function staffActor(context: Pick<ActionContext, 'currentAdmin'> | undefined): Actor {
  const staffId = Number(context?.currentAdmin?.id);
  const role = (context?.currentAdmin as { role?: StaffRole } | undefined)?.role;
  return Number.isSafeInteger(staffId) && staffId > 0 ? { kind: 'staff', staffId, role } : { kind: 'anonymous' };
}

/**
 * AdminJS takes `perPage` and `page` from the URL as `+value` (NaN for text, negative as typed): a
 * page of 1 to 500 rows (10 when the number makes no sense), from a row of 0 or more.
 */
function pageSize(limit: number | undefined): number {
  return limit !== undefined && Number.isSafeInteger(limit) && limit > 0 ? Math.min(limit, 500) : 10;
}

function rowOffset(offset: number | undefined): number {
  return offset !== undefined && Number.isSafeInteger(offset) && offset > 0 ? offset : 0;
}

/** A `from`/`to` of AdminJS's date filter as an instant; a bare day as is (a DATE column). */
function boundary(value: string): Date | string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? value : instant;
}
