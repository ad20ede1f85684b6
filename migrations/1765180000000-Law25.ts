import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { Columns } from './support/portable.js';

/** The kinds of records the retention job purges or anonymises, with their default periods (README, « Conservation »). */
const DEFAULT_PERIODS: Array<[kind: string, days: number]> = [
  ['rejected_requests', 365],
  ['closed_thread_attachments', 180],
  ['closed_threads', 730],
  ['expired_tokens', 30],
  ['staff_sessions', 1],
  ['audit_entries', 2555],
];

/** Lines of the audit log younger than this are never deleted, whoever asks (the retention job's floor). */
const AUDIT_FLOOR_DAYS = 365;

const RUN_COUNTS = ['rejectedRequests', 'threadAttachments', 'closedThreads', 'emailLinks', 'residentSessions', 'staffSessions', 'auditEntries'];

/**
 * Law 25 (issue 18): the retention periods administrators set and the runs of the daily purge, the
 * confidentiality incidents register (append-only, as the audit log), when a rejected request or a
 * closed thread was anonymised, and an audit log whose lines past the legal floor may be purged.
 */
export class Law251765180000000 implements MigrationInterface {
  name = 'Law251765180000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = new Columns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'retention_settings',
        columns: [c.id(), c.varchar('kind', 40), c.integer('days'), c.updatedAt()],
        indices: [new TableIndex({ name: 'UQ_retention_settings_kind', columnNames: ['kind'], isUnique: true })],
      }),
    );
    for (const [kind, days] of DEFAULT_PERIODS) await queryRunner.query(`INSERT INTO retention_settings (kind, days) VALUES (${c.string(kind)}, ${days})`);

    await queryRunner.createTable(
      new Table({
        name: 'retention_runs',
        columns: [c.id(), c.varchar('day', 10), c.timestamp('ranAt'), c.varchar('instance', 100), ...RUN_COUNTS.map((name) => c.integer(name, { default: 0 }))],
        indices: [new TableIndex({ name: 'IDX_retention_runs_ranAt', columnNames: ['ranAt'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'privacy_incidents',
        columns: [
          c.id(),
          // The entry this one follows up (no foreign key: the register is append-only, its lines never go).
          c.integer('followsId', { isNullable: true }),
          c.date('occurredOn'),
          c.date('discoveredOn'),
          c.text('description'),
          c.text('informationConcerned'),
          c.text('personsConcerned'),
          c.integer('personsCount'),
          c.boolean('seriousRisk', false),
          c.text('riskAssessment'),
          c.date('commissionNotifiedOn', { isNullable: true }),
          c.text('commissionNote', { isNullable: true }),
          c.date('personsNotifiedOn', { isNullable: true }),
          c.text('personsNote', { isNullable: true }),
          c.text('measures'),
          c.integer('recordedById', { isNullable: true }),
          c.createdAt(),
        ],
        indices: [new TableIndex({ name: 'IDX_privacy_incidents_follows', columnNames: ['followsId'] })],
      }),
    );
    for (const event of ['UPDATE', 'DELETE']) {
      const name = `privacy_incidents_no_${event.toLowerCase()}`;
      await queryRunner.query(
        c.mysql
          ? `CREATE TRIGGER ${name} BEFORE ${event} ON privacy_incidents FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'privacy_incidents is append-only'`
          : `CREATE TRIGGER ${name} BEFORE ${event} ON privacy_incidents BEGIN SELECT RAISE(ABORT, 'privacy_incidents is append-only'); END`,
      );
    }

    await queryRunner.addColumn('dossier_requests', new TableColumn(c.timestamp('anonymizedAt', { isNullable: true })));
    await queryRunner.addColumn('threads', new TableColumn(c.timestamp('anonymizedAt', { isNullable: true })));

    // The audit log stays append-only for updates; a delete passes only for lines past the floor (the retention job's).
    await queryRunner.query('DROP TRIGGER IF EXISTS audit_log_no_delete');
    await queryRunner.query(
      c.mysql
        ? `CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW BEGIN IF OLD.occurredAt > UTC_TIMESTAMP(6) - INTERVAL ${AUDIT_FLOOR_DAYS} DAY THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only'; END IF; END`
        : `CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log WHEN OLD.occurredAt > datetime('now', '-${AUDIT_FLOOR_DAYS} days') BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const c = new Columns(queryRunner);
    await queryRunner.query('DROP TRIGGER IF EXISTS audit_log_no_delete');
    await queryRunner.query(
      c.mysql
        ? "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only'"
        : "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    );
    await queryRunner.dropColumn('threads', 'anonymizedAt');
    await queryRunner.dropColumn('dossier_requests', 'anonymizedAt');
    await queryRunner.query('DROP TRIGGER IF EXISTS privacy_incidents_no_update');
    await queryRunner.query('DROP TRIGGER IF EXISTS privacy_incidents_no_delete');
    await queryRunner.dropTable('privacy_incidents');
    await queryRunner.dropTable('retention_runs');
    await queryRunner.dropTable('retention_settings');
  }
}
