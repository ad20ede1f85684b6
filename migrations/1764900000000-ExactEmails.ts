import { MigrationInterface, QueryRunner } from 'typeorm';
import { canonicalEmail } from '../src/common/email-address.js';
import { Columns } from './support/portable.js';

const TABLES = ['accounts', 'staff'];

/**
 * Addresses compared byte for byte (issue 15, finding 1): on MySQL/MariaDB the email columns take the
 * binary collation, so that no other spelling (accented, with invisible characters, full-width) finds
 * an account; stored addresses are first put in the canonical form that every lookup now uses
 * (only ones with non-ASCII characters can differ: the others were trimmed and lower-cased already).
 * On SQLite, which compares bytes, only the second step has nothing to do. An address whose canonical
 * form another row holds already (possible on SQLite only) is left as it was.
 */
export class ExactEmails1764900000000 implements MigrationInterface {
  name = 'ExactEmails1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = new Columns(queryRunner);
    for (const table of TABLES) {
      const nonAscii = c.mysql ? 'LENGTH(`email`) <> CHAR_LENGTH(`email`)' : 'length(CAST("email" AS BLOB)) <> length("email")';
      const rows: Array<{ id: number; email: string }> = await queryRunner.query(`SELECT id, email FROM ${table} WHERE ${nonAscii}`);
      for (const { id, email } of rows) {
        const canonical = canonicalEmail(email);
        if (canonical === email) continue;
        const taken: unknown[] = await queryRunner.query(`SELECT id FROM ${table} WHERE email = ? AND id <> ?`, [canonical, id]);
        if (!taken.length) await queryRunner.query(`UPDATE ${table} SET email = ? WHERE id = ?`, [canonical, id]);
      }
      if (c.mysql) await queryRunner.query(`ALTER TABLE \`${table}\` MODIFY \`email\` varchar(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (!new Columns(queryRunner).mysql) return;
    // Back to the table's default collation, as the columns were created.
    for (const table of TABLES) await queryRunner.query(`ALTER TABLE \`${table}\` MODIFY \`email\` varchar(254) NOT NULL`);
  }
}
