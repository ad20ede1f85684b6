import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { Columns } from './support/portable.js';

/**
 * Dossier-number requests as clerks' tasks (issue #8, item 1): who holds a request, the question
 * asked to the applicant, the reason of a refusal; the queue's filters by assignee and by lateness
 * served by indexes that end with the queue's order (oldest first).
 */
export class RequestAssignment1764610000000 implements MigrationInterface {
  name = 'RequestAssignment1764610000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = new Columns(queryRunner);
    await queryRunner.addColumns('dossier_requests', [
      c.integer('assignedToId', { isNullable: true }),
      c.text('infoQuestion', { isNullable: true }),
      c.varchar('rejectionReason', 20, { isNullable: true }),
    ].map((column) => new TableColumn(column)));
    await queryRunner.createForeignKey('dossier_requests', c.foreignKey('dossier_requests', 'assignedToId', 'staff', 'SET NULL'));
    await queryRunner.createIndex('dossier_requests', new TableIndex({ name: 'IDX_dossier_requests_assignee', columnNames: ['assignedToId', 'createdAt'] }));
    await queryRunner.createIndex('dossier_requests', new TableIndex({ name: 'IDX_dossier_requests_late', columnNames: ['late', 'createdAt'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('dossier_requests', 'IDX_dossier_requests_late');
    await queryRunner.dropIndex('dossier_requests', 'IDX_dossier_requests_assignee');
    await queryRunner.dropForeignKey('dossier_requests', 'FK_dossier_requests_staff');
    await queryRunner.dropColumns('dossier_requests', ['rejectionReason', 'infoQuestion', 'assignedToId']);
  }
}
