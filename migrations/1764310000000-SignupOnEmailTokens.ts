import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { Columns } from './support/portable.js';

/**
 * A confirmation link carries the sign-up it confirms (A4): each link activates the password given
 * with its own sign-up, never a later one. Null on reset links and on links sent before this migration.
 */
export class SignupOnEmailTokens1764310000000 implements MigrationInterface {
  name = 'SignupOnEmailTokens1764310000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = new Columns(queryRunner);
    await queryRunner.addColumns(
      'email_tokens',
      [
        c.varchar('firstName', 100, { isNullable: true }),
        c.varchar('lastName', 100, { isNullable: true }),
        c.varchar('passwordHash', 255, { isNullable: true }),
        c.varchar('locale', 2, { isNullable: true }),
      ].map((column) => new TableColumn(column)),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const column of ['locale', 'passwordHash', 'lastName', 'firstName']) await queryRunner.dropColumn('email_tokens', column);
  }
}
