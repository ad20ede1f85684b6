import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/** The panel's lists of requests: newest first, and the search by email, served by indexes (issue #7, item 9). */
export class PanelIndexes1764400000000 implements MigrationInterface {
  name = 'PanelIndexes1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('dossier_requests', new TableIndex({ name: 'IDX_dossier_requests_createdAt', columnNames: ['createdAt'] }));
    await queryRunner.createIndex('dossier_requests', new TableIndex({ name: 'IDX_dossier_requests_email', columnNames: ['email'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('dossier_requests', 'IDX_dossier_requests_email');
    await queryRunner.dropIndex('dossier_requests', 'IDX_dossier_requests_createdAt');
  }
}
