import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { Columns } from './support/portable.js';

/** The years whose default closures are seeded; administrators add the next ones in the panel. */
const FIRST_YEAR = 2026;
const LAST_YEAR = 2036;

/**
 * The inscriptions mailbox (M1–M4): the city's closures (calendar entries, seeded with Dec 24, 26,
 * 31 and Jan 2), residents' threads and their messages.
 */
export class Mailbox1764700000000 implements MigrationInterface {
  name = 'Mailbox1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = new Columns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'calendar_entries',
        columns: [c.id(), c.date('date'), c.varchar('name', 100), c.createdAt(), c.updatedAt()],
        indices: [new TableIndex({ name: 'UQ_calendar_entries_date', columnNames: ['date'], isUnique: true })],
      }),
    );
    const closures: Array<[string, string]> = [];
    for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
      closures.push([`${year}-01-02`, 'Fermeture des bureaux (2 janvier)']);
      closures.push([`${year}-12-24`, 'Fermeture des bureaux (veille de Noël)']);
      closures.push([`${year}-12-26`, 'Fermeture des bureaux (lendemain de Noël)']);
      closures.push([`${year}-12-31`, 'Fermeture des bureaux (veille du jour de l’An)']);
    }
    await queryRunner.query(`INSERT INTO calendar_entries (date, name) VALUES ${closures.map(([date, name]) => `(${c.string(date)}, ${c.string(name)})`).join(', ')}`);

    await queryRunner.createTable(
      new Table({
        name: 'threads',
        columns: [
          c.id(),
          c.varchar('reference', 20),
          c.integer('accountId', { isNullable: true }),
          c.varchar('email', 254),
          c.enum('category', ['address_change', 'member_change', 'correction', 'other'], { default: c.string('other') }),
          c.varchar('subject', 200),
          c.enum('status', ['open', 'answered', 'closed'], { default: c.string('open') }),
          c.enum('source', ['api', 'email'], { default: c.string('api') }),
          c.varchar('locale', 2, { default: c.string('fr') }),
          c.timestamp('receivedAt'),
          c.timestamp('dueAt'),
          c.timestamp('firstResponseAt', { isNullable: true }),
          c.integer('responseMinutes', { isNullable: true }),
          c.integer('assignedToId', { isNullable: true }),
          c.timestamp('lastMessageAt'),
          c.createdAt(),
          c.updatedAt(),
        ],
        indices: [
          new TableIndex({ name: 'UQ_threads_reference', columnNames: ['reference'], isUnique: true }),
          new TableIndex({ name: 'IDX_threads_account', columnNames: ['accountId', 'id'] }),
          new TableIndex({ name: 'IDX_threads_status_due', columnNames: ['status', 'dueAt'] }),
          new TableIndex({ name: 'IDX_threads_assignee', columnNames: ['assignedToId', 'status'] }),
        ],
        foreignKeys: [c.foreignKey('threads', 'accountId', 'accounts', 'SET NULL')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'thread_messages',
        columns: [
          c.id(),
          c.integer('threadId'),
          c.enum('author', ['resident', 'staff']),
          c.integer('staffId', { isNullable: true }),
          c.enum('visibility', ['public', 'internal'], { default: c.string('public') }),
          c.text('body'),
          c.varchar('messageId', 255, { isNullable: true }),
          c.createdAt(),
        ],
        indices: [
          new TableIndex({ name: 'IDX_thread_messages_thread', columnNames: ['threadId', 'id'] }),
          new TableIndex({ name: 'UQ_thread_messages_messageId', columnNames: ['messageId'], isUnique: true }),
        ],
        foreignKeys: [c.foreignKey('thread_messages', 'threadId', 'threads', 'CASCADE')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('thread_messages');
    await queryRunner.dropTable('threads');
    await queryRunner.dropTable('calendar_entries');
  }
}
