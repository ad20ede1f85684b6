import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { Columns } from './support/portable.js';

/**
 * Each panel session names its staff member, so that a change of role, a deactivation or a new
 * password deletes that member's sessions in the change's own transaction (issue 15). Sessions
 * opened before have none and still die by the member's session version.
 */
export class StaffSessionOwner1764905000000 implements MigrationInterface {
  name = 'StaffSessionOwner1764905000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = new Columns(queryRunner);
    await queryRunner.addColumn('staff_sessions', new TableColumn(c.integer('staffId', { isNullable: true })));
    await queryRunner.createIndex('staff_sessions', new TableIndex({ name: 'IDX_staff_sessions_staffId', columnNames: ['staffId'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('staff_sessions', 'IDX_staff_sessions_staffId');
    await queryRunner.dropColumn('staff_sessions', 'staffId');
  }
}
