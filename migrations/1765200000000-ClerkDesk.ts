import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { nameKey } from '../src/dossiers/dossier-rules.js';
import { Columns } from './support/portable.js';

/**
 * The clerk's desk (issue 18): reply templates (« réponses types ») that administrators edit, and
 * the indexes of the panel's search box, which finds a person, a household, a request or a thread
 * by a phone number or an email as well as by name, dossier number and reference (a request by its
 * applicant's last name: `applicantLastNameKey`).
 */
export class ClerkDesk1765200000000 implements MigrationInterface {
  name = 'ClerkDesk1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = new Columns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'reply_templates',
        columns: [
          c.id(),
          c.varchar('title', 120),
          c.enum('category', ['address_change', 'member_change', 'correction', 'other'], { isNullable: true }),
          c.text('bodyFr'),
          c.text('bodyEn', { isNullable: true }),
          c.createdAt(),
          c.updatedAt(),
        ],
        indices: [new TableIndex({ name: 'IDX_reply_templates_category', columnNames: ['category', 'title'] })],
      }),
    );
    await queryRunner.createIndex('household_phones', new TableIndex({ name: 'IDX_household_phones_number', columnNames: ['number'] }));
    await queryRunner.createIndex('persons', new TableIndex({ name: 'IDX_persons_phone', columnNames: ['phone'] }));
    await queryRunner.createIndex('dossier_requests', new TableIndex({ name: 'IDX_dossier_requests_phone', columnNames: ['phone'] }));
    await queryRunner.createIndex('threads', new TableIndex({ name: 'IDX_threads_email', columnNames: ['email'] }));
    // A request found by its applicant's last name, accents and case ignored on both engines (the persons' `lastNameKey`).
    await queryRunner.addColumn('dossier_requests', new TableColumn(c.varchar('applicantLastNameKey', 100, { default: c.string('') })));
    const requests: Array<{ id: number; applicantLastName: string }> = await queryRunner.query('SELECT id, applicantLastName FROM dossier_requests');
    for (const request of requests) await queryRunner.query('UPDATE dossier_requests SET applicantLastNameKey = ? WHERE id = ?', [nameKey(request.applicantLastName), request.id]);
    await queryRunner.createIndex('dossier_requests', new TableIndex({ name: 'IDX_dossier_requests_applicantLastNameKey', columnNames: ['applicantLastNameKey'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('dossier_requests', 'IDX_dossier_requests_applicantLastNameKey');
    await queryRunner.dropColumn('dossier_requests', 'applicantLastNameKey');
    await queryRunner.dropIndex('threads', 'IDX_threads_email');
    await queryRunner.dropIndex('dossier_requests', 'IDX_dossier_requests_phone');
    await queryRunner.dropIndex('persons', 'IDX_persons_phone');
    await queryRunner.dropIndex('household_phones', 'IDX_household_phones_number');
    await queryRunner.dropTable('reply_templates');
  }
}
