import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { Columns } from './support/portable.js';

/** When an account linked its dossier (issue 15): the panel lists the recent links for the clerks. */
export class AccountLinkTime1764910000000 implements MigrationInterface {
  name = 'AccountLinkTime1764910000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = new Columns(queryRunner);
    await queryRunner.addColumn('accounts', new TableColumn(c.timestamp('dossierLinkedAt', { isNullable: true })));
    await queryRunner.createIndex('accounts', new TableIndex({ name: 'IDX_accounts_dossierLinkedAt', columnNames: ['dossierLinkedAt'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('accounts', 'IDX_accounts_dossierLinkedAt');
    await queryRunner.dropColumn('accounts', 'dossierLinkedAt');
  }
}
