import { ColumnOptions } from 'typeorm';

/** Millisecond timestamps: without a precision MariaDB drops the milliseconds (STACK.md). */
export const timestamp = (options: ColumnOptions = {}): ColumnOptions => ({ type: 'datetime', precision: 6, ...options });

/**
 * Bytes (an email's attachment): BLOB on SQLite, and LONGBLOB on MySQL/MariaDB, where a BLOB stops
 * at 64 KB. TypeORM knows no type valid on both: the entity says `blob` and MigratingDataSource
 * reads it as `longblob` on MySQL/MariaDB, as the migrations create it (`Columns.blob`).
 */
export const blob = (options: ColumnOptions = {}): ColumnOptions => ({ type: 'blob', ...options });

/**
 * MariaDB's default collation (utf8mb4_unicode_ci) takes `prépose@`, `prepose\u200b@` and
 * `ＰＲＥＰＯＳＥ@` for `prepose@`: columns that identify someone by a canonical value (an email
 * address, see src/common/email-address.ts) compare bytes instead. SQLite compares bytes already:
 * MigratingDataSource drops the collation there, as the migrations never set it.
 */
export const BINARY_COLLATION = 'utf8mb4_bin';
export const exactText = (length: number, options: ColumnOptions = {}): ColumnOptions => ({ type: 'varchar', length, collation: BINARY_COLLATION, ...options });
