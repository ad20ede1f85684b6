import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { Columns } from './support/portable.js';

/**
 * The audit log (SPEC S2): an append-only table. Triggers refuse any UPDATE or DELETE of a line,
 * whoever asks, on MySQL/MariaDB and on SQLite; production also grants the service's database user
 * only SELECT and INSERT on it (README).
 */
export class AuditLog1764600000000 implements MigrationInterface {
  name = 'AuditLog1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = new Columns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          c.id(),
          c.timestamp('occurredAt'),
          c.enum('actorKind', ['staff', 'resident', 'system', 'anonymous']),
          c.integer('staffId', { isNullable: true }),
          c.varchar('action', 40),
          c.varchar('resource', 40),
          c.varchar('recordId', 40),
          c.text('changes', { isNullable: true }),
          c.text('note', { isNullable: true }),
        ],
        indices: [
          new TableIndex({ name: 'IDX_audit_log_record', columnNames: ['resource', 'recordId', 'id'] }),
          new TableIndex({ name: 'IDX_audit_log_staff', columnNames: ['staffId', 'id'] }),
          new TableIndex({ name: 'IDX_audit_log_occurredAt', columnNames: ['occurredAt'] }),
        ],
      }),
    );
    for (const event of ['UPDATE', 'DELETE']) {
      const name = `audit_log_no_${event.toLowerCase()}`;
      await queryRunner.query(
        c.mysql
          ? `CREATE TRIGGER ${name} BEFORE ${event} ON audit_log FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only'`
          : `CREATE TRIGGER ${name} BEFORE ${event} ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER IF EXISTS audit_log_no_update');
    await queryRunner.query('DROP TRIGGER IF EXISTS audit_log_no_delete');
    await queryRunner.dropTable('audit_log');
  }
}
