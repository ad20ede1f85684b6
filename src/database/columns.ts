import { ColumnOptions } from 'typeorm';

/** Millisecond timestamps: without a precision MariaDB drops the milliseconds (STACK.md). */
export const timestamp = (options: ColumnOptions = {}): ColumnOptions => ({ type: 'datetime', precision: 6, ...options });

/**
 * Bytes (an email's attachment): BLOB on SQLite, and LONGBLOB on MySQL/MariaDB, where a BLOB stops
 * at 64 KB. TypeORM knows no type valid on both: the entity says `blob` and MigratingDataSource
 * reads it as `longblob` on MySQL/MariaDB, as the migrations create it (`Columns.blob`).
 */
export const blob = (options: ColumnOptions = {}): ColumnOptions => ({ type: 'blob', ...options });
