import type { AuditLog } from '../../audit/audit-log.js';
import type { Actor } from '../../common/actor.js';
import type { Viewer } from '../audit-view.js';
import type { DataSource, EntityMetadata, ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** A form's writable fields as text, or null for a field left empty. */
export type FormValues = Record<string, string | null>;

/**
 * The one writer of a resource's records (its feature's service) behind the panel's new, edit and
 * delete: it checks the rules and the actor's role and writes with its audit line, or throws a
 * ValidationFailed with field codes. An action without its method is not offered.
 */
export interface RecordWriter {
  create?: (values: FormValues, actor: Actor) => Promise<number>;
  update?: (id: number, values: FormValues, actor: Actor) => Promise<void>;
  delete?: (id: number, actor: Actor) => Promise<void>;
}

/** How a list filter or the search box narrows a query; every rule here is served by an index. */
export type FilterRule =
  /** `column = value`. */
  | { kind: 'exact'; column: string; normalize?: (raw: string) => string | null }
  /** `column LIKE 'value%'` (a range on SQLite): the column's index serves it. */
  | { kind: 'prefix'; column: string; normalize: (raw: string) => string | null }
  /** `from`/`to` bounds of a timestamp or a date. */
  | { kind: 'range'; column: string }
  /** Anything else an index serves: a sub-query on another table. */
  | { kind: 'custom'; apply: (qb: SelectQueryBuilder<ObjectLiteral>, value: string, alias: string) => void };

/** A property the adapter computes from the row (a label, a masked address, a list of members). */
export interface VirtualProperty {
  path: string;
  type: 'string' | 'textarea';
  /** Filled on show only (it may need another query). */
  showOnly?: boolean;
}

/**
 * What the panel's adapter needs to know of one resource: the entity, which columns it may never
 * read (hashes, bodies), which filters and sorts are index-backed, and how a row is presented.
 */
export interface PanelSourceOptions<T extends ObjectLiteral = ObjectLiteral> {
  dataSource: DataSource;
  /** The entity class, or null for a placeholder without a table (the audit log before its issue). */
  entity: (new () => T) | null;
  id: string;
  /** Columns never selected, so that they cannot reach the browser (password hashes, email bodies). */
  hidden?: string[];
  /** Filter rules by property path; a filter on any other property is refused. */
  filters?: Record<string, FilterRule>;
  /**
   * Filters applied when the list does not give one on that path (the clerks' queue shows the open
   * requests unless another status, or `all`, is chosen). The rule of the path must accept the value.
   */
  defaultFilters?: Record<string, string>;
  /** Filters that name one record (a reference): given one, the default filters step aside. */
  keyFilters?: string[];
  /**
   * The search box's own query on one path: the ids of a page in its order, when the search is the
   * list's only filter (households by their members' names: the persons' index drives it).
   */
  search?: { path: string; ids: (dataSource: DataSource, value: string, limit: number, offset: number) => Promise<number[]> };
  /** Sortable property paths and the indexed column each sorts on. */
  sorts?: Record<string, string>;
  defaultSort: { column: string; direction: 'asc' | 'desc' };
  /** Property paths that reference another resource (`accountId` → `accounts`). */
  references?: Record<string, string>;
  /** Property path of the record's title (the first string column otherwise). */
  title?: string;
  virtuals?: VirtualProperty[];
  /** Values of the virtual properties and masked columns, from the row. */
  present?: (row: T, mode: 'list' | 'show', dataSource: DataSource, staff: Map<number, string>, viewer: Viewer) => Promise<Record<string, unknown>> | Record<string, unknown>;
  /**
   * The same as `present`, for a whole page of rows at once (in their order): a list of 20 offerings
   * counts their seats in one query, not twenty. A source gives one or the other.
   */
  presentMany?: (rows: T[], mode: 'list' | 'show', dataSource: DataSource, staff: Map<number, string>, viewer: Viewer) => Promise<Array<Record<string, unknown>>>;
  /** The staff members a row names (an assignee, an author): their names reach `present`, read once per page. */
  staffOf?: (row: T) => Array<number | null>;
  /** Columns the panel's forms send to the writer, by property path (everything else is read-only). */
  writable?: string[];
  /** Who writes the records (new, edit, delete); none: the resource is read-only. */
  writer?: RecordWriter;
  /** The audit log (S2): the record's page shows its history (`history`, newest first), written by the writers. */
  audit?: AuditLog;
  /** The city's time zone, the instants' of the values shown (`values.ts`). */
  timeZone?: string;
}

/** The raw resource handed to AdminJS; `PanelResource.isAdapterFor` recognises it. */
export class PanelSource<T extends ObjectLiteral = ObjectLiteral> {
  constructor(readonly options: PanelSourceOptions<T>) {}

  get metadata(): EntityMetadata | null {
    return this.options.entity ? this.options.dataSource.getMetadata(this.options.entity) : null;
  }
}
