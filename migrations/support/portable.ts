import { TableForeignKey, type QueryRunner, type TableColumnOptions } from 'typeorm';

/** Column builders that give the same schema as the entities on MySQL/MariaDB and on SQLite. */
export class Columns {
  readonly mysql: boolean;

  constructor(queryRunner: QueryRunner) {
    this.mysql = ['mysql', 'mariadb'].includes(queryRunner.connection.driver.options.type);
  }

  id(): TableColumnOptions {
    return { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
  }

  integer(name: string, options: Partial<TableColumnOptions> = {}): TableColumnOptions {
    return { name, type: 'integer', ...options };
  }

  varchar(name: string, length: number, options: Partial<TableColumnOptions> = {}): TableColumnOptions {
    return { name, type: 'varchar', length: String(length), ...options };
  }

  text(name: string, options: Partial<TableColumnOptions> = {}): TableColumnOptions {
    return { name, type: 'text', ...options };
  }

  /** `simple-enum` in the entities: a native ENUM on MySQL, a CHECK constraint on SQLite. */
  enum(name: string, values: string[], options: Partial<TableColumnOptions> = {}): TableColumnOptions {
    return { name, type: this.mysql ? 'enum' : 'simple-enum', enum: values, ...options };
  }

  /** `boolean` in the entities: TINYINT on MySQL, BOOLEAN on SQLite. */
  boolean(name: string, defaultValue: boolean): TableColumnOptions {
    return { name, type: this.mysql ? 'tinyint' : 'boolean', default: defaultValue ? 1 : 0 };
  }

  /** `blob()` in the entities (src/database/columns.ts): LONGBLOB on MySQL (BLOB stops at 64 KB), BLOB on SQLite. */
  blob(name: string, options: Partial<TableColumnOptions> = {}): TableColumnOptions {
    return { name, type: this.mysql ? 'longblob' : 'blob', ...options };
  }

  date(name: string, options: Partial<TableColumnOptions> = {}): TableColumnOptions {
    return { name, type: 'date', ...options };
  }

  timestamp(name: string, options: Partial<TableColumnOptions> = {}): TableColumnOptions {
    return { name, type: 'datetime', precision: 6, ...options };
  }

  createdAt(name = 'createdAt'): TableColumnOptions {
    return this.timestamp(name, { default: this.mysql ? 'CURRENT_TIMESTAMP(6)' : "datetime('now')" });
  }

  updatedAt(name = 'updatedAt'): TableColumnOptions {
    return this.timestamp(name, {
      default: this.mysql ? 'CURRENT_TIMESTAMP(6)' : "datetime('now')",
      onUpdate: this.mysql ? 'CURRENT_TIMESTAMP(6)' : undefined,
    });
  }

  foreignKey(table: string, column: string, referenced: string, onDelete: 'CASCADE' | 'SET NULL'): TableForeignKey {
    return new TableForeignKey({
      name: `FK_${table}_${referenced.replace(/s$/, '')}`,
      columnNames: [column],
      referencedTableName: referenced,
      referencedColumnNames: ['id'],
      onDelete,
      onUpdate: 'NO ACTION',
    });
  }

  string(value: string): string {
    return `'${value.replace(/'/g, "''")}'`;
  }
}
