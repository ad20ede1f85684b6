import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { Columns } from './support/portable.js';

/**
 * The email intake trusts a sender only when the city's mail server vouches for it: a thread opened
 * by any other email is marked « Expéditeur non vérifié »; a reply is matched by a Message-ID the
 * city sent, looked up in the outbox.
 */
export class UnverifiedEmailSenders1764815000000 implements MigrationInterface {
  name = 'UnverifiedEmailSenders1764815000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = new Columns(queryRunner);
    await queryRunner.addColumn('threads', new TableColumn(c.boolean('unverifiedSender', false)));
    await queryRunner.createIndex('outbox_messages', new TableIndex({ name: 'IDX_outbox_messages_messageId', columnNames: ['messageId'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('outbox_messages', 'IDX_outbox_messages_messageId');
    await queryRunner.dropColumn('threads', 'unverifiedSender');
  }
}
