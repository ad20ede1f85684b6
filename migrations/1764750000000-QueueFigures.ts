import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { Columns } from './support/portable.js';

/**
 * The supervisors' queues (SPEC §4b): a request's first response and its time in business minutes,
 * like a thread's, and the threads' receipt date indexed for the 30-day response figures.
 */
export class QueueFigures1764750000000 implements MigrationInterface {
  name = 'QueueFigures1764750000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = new Columns(queryRunner);
    await queryRunner.addColumn('dossier_requests', new TableColumn(c.timestamp('firstResponseAt', { isNullable: true })));
    await queryRunner.addColumn('dossier_requests', new TableColumn(c.integer('responseMinutes', { isNullable: true })));
    await queryRunner.createIndex('threads', new TableIndex({ name: 'IDX_threads_received', columnNames: ['receivedAt'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('threads', 'IDX_threads_received');
    await queryRunner.dropColumn('dossier_requests', 'responseMinutes');
    await queryRunner.dropColumn('dossier_requests', 'firstResponseAt');
  }
}
