import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { Columns } from './support/portable.js';

/**
 * D6: a dossier-number request is due 72 business hours after its submission (M2), fixed then, for
 * the queues and the dashboard. Requests received before this migration have none (null).
 */
export class RequestDueAt1764730000000 implements MigrationInterface {
  name = 'RequestDueAt1764730000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = new Columns(queryRunner);
    await queryRunner.addColumn('dossier_requests', new TableColumn(c.timestamp('dueAt', { isNullable: true })));
    await queryRunner.createIndex('dossier_requests', new TableIndex({ name: 'IDX_dossier_requests_due', columnNames: ['status', 'dueAt'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('dossier_requests', 'IDX_dossier_requests_due');
    await queryRunner.dropColumn('dossier_requests', 'dueAt');
  }
}
