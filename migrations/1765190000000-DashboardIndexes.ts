import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * The panel's home at city scale (issue 18, `npm run bench:panel`): every figure read from an index
 * alone. The open items by status, then assignee (each clerk's load is a walk of the index in
 * order) with their due time (late, due soon); the items by receipt with what judges them (due
 * time, first response, its length): the twelve weeks, the 30-day share and the percentiles. The
 * threads' index on the receipt alone is the new one's first column: dropped.
 */
export class DashboardIndexes1765190000000 implements MigrationInterface {
  name = 'DashboardIndexes1765190000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('threads', new TableIndex({ name: 'IDX_threads_queue_load', columnNames: ['status', 'assignedToId', 'dueAt'] }));
    await queryRunner.dropIndex('threads', 'IDX_threads_received');
    await queryRunner.createIndex('threads', new TableIndex({ name: 'IDX_threads_received_sla', columnNames: ['receivedAt', 'dueAt', 'firstResponseAt', 'responseMinutes'] }));
    await queryRunner.createIndex('dossier_requests', new TableIndex({ name: 'IDX_dossier_requests_queue_load', columnNames: ['status', 'assignedToId', 'dueAt'] }));
    await queryRunner.createIndex('dossier_requests', new TableIndex({ name: 'IDX_dossier_requests_created_sla', columnNames: ['createdAt', 'dueAt', 'firstResponseAt', 'responseMinutes'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('dossier_requests', 'IDX_dossier_requests_created_sla');
    await queryRunner.dropIndex('dossier_requests', 'IDX_dossier_requests_queue_load');
    await queryRunner.dropIndex('threads', 'IDX_threads_received_sla');
    await queryRunner.createIndex('threads', new TableIndex({ name: 'IDX_threads_received', columnNames: ['receivedAt'] }));
    await queryRunner.dropIndex('threads', 'IDX_threads_queue_load');
  }
}
