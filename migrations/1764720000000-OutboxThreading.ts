import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { Columns } from './support/portable.js';

/** An email's own Message-ID and the thread it answers (In-Reply-To, References), so that mail clients thread the mailbox's replies. */
export class OutboxThreading1764720000000 implements MigrationInterface {
  name = 'OutboxThreading1764720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = new Columns(queryRunner);
    await queryRunner.addColumns('outbox_messages', [
      new TableColumn(c.varchar('messageId', 255, { isNullable: true })),
      new TableColumn(c.varchar('inReplyTo', 255, { isNullable: true })),
      new TableColumn(c.text('threadReferences', { isNullable: true })),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumns('outbox_messages', ['messageId', 'inReplyTo', 'threadReferences']);
  }
}
