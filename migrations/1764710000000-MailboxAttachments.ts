import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { Columns } from './support/portable.js';

/** The attachments of the emails the inscriptions mailbox receives (IMAP), kept as bytes and served to staff only. */
export class MailboxAttachments1764710000000 implements MigrationInterface {
  name = 'MailboxAttachments1764710000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = new Columns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'thread_attachments',
        columns: [
          c.id(),
          c.integer('threadId'),
          c.integer('messageId'),
          c.varchar('filename', 255),
          c.varchar('contentType', 100),
          c.integer('size'),
          c.blob('content'),
          c.createdAt(),
        ],
        indices: [
          new TableIndex({ name: 'IDX_thread_attachments_thread', columnNames: ['threadId', 'id'] }),
          new TableIndex({ name: 'IDX_thread_attachments_message', columnNames: ['messageId'] }),
        ],
        foreignKeys: [c.foreignKey('thread_attachments', 'threadId', 'threads', 'CASCADE'), c.foreignKey('thread_attachments', 'messageId', 'thread_messages', 'CASCADE')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('thread_attachments');
  }
}
