import { ColumnOptions } from 'typeorm';

/** Millisecond timestamps: without a precision MariaDB drops the milliseconds (STACK.md). */
export const timestamp = (options: ColumnOptions = {}): ColumnOptions => ({ type: 'datetime', precision: 6, ...options });
