import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { Columns } from './support/portable.js';

export class InitialAccounts1764150000000 implements MigrationInterface {
  name = 'InitialAccounts1764150000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = new Columns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'accounts',
        columns: [
          c.id(),
          c.varchar('email', 254),
          c.varchar('firstName', 100),
          c.varchar('lastName', 100),
          c.varchar('passwordHash', 255),
          c.varchar('locale', 2, { default: c.string('fr') }),
          c.timestamp('emailVerifiedAt', { isNullable: true }),
          c.createdAt(),
          c.updatedAt(),
        ],
        indices: [new TableIndex({ name: 'UQ_accounts_email', columnNames: ['email'], isUnique: true })],
      }),
    );

    for (const [table, spentColumn, extra] of [
      ['email_tokens', 'usedAt', [c.enum('purpose', ['verify_email', 'reset_password'])]],
      ['refresh_tokens', 'spentAt', [c.varchar('familyId', 36)]],
    ] as const) {
      await queryRunner.createTable(
        new Table({
          name: table,
          columns: [
            c.id(),
            c.integer('accountId'),
            ...extra,
            c.varchar('tokenHash', 64),
            c.timestamp('expiresAt'),
            c.timestamp(spentColumn, { isNullable: true }),
            c.timestamp('revokedAt', { isNullable: true }),
            c.createdAt(),
          ],
          indices: [
            new TableIndex({ name: `UQ_${table}_tokenHash`, columnNames: ['tokenHash'], isUnique: true }),
            table === 'email_tokens'
              ? new TableIndex({ name: 'IDX_email_tokens_account_purpose', columnNames: ['accountId', 'purpose'] })
              : new TableIndex({ name: 'IDX_refresh_tokens_family', columnNames: ['familyId'] }),
          ],
          foreignKeys: [
            new TableForeignKey({
              name: `FK_${table}_account`,
              columnNames: ['accountId'],
              referencedTableName: 'accounts',
              referencedColumnNames: ['id'],
              onDelete: 'CASCADE',
              onUpdate: 'NO ACTION',
            }),
          ],
        }),
      );
    }

    await queryRunner.createTable(
      new Table({
        name: 'outbox_messages',
        columns: [
          c.id(),
          c.varchar('template', 64),
          c.varchar('recipient', 254),
          c.varchar('locale', 2),
          c.varchar('subject', 255),
          c.text('textBody', { isNullable: true }),
          c.text('htmlBody', { isNullable: true }),
          c.enum('status', ['pending', 'sending', 'sent', 'failed'], { default: c.string('pending') }),
          c.integer('attempts', { default: 0 }),
          c.timestamp('nextAttemptAt'),
          c.varchar('lockedBy', 64, { isNullable: true }),
          c.timestamp('lockedUntil', { isNullable: true }),
          c.varchar('lastError', 500, { isNullable: true }),
          c.timestamp('sentAt', { isNullable: true }),
          c.createdAt(),
        ],
        indices: [new TableIndex({ name: 'IDX_outbox_messages_due', columnNames: ['status', 'nextAttemptAt'] })],
      }),
    );

    // Counters of rate-limiter-flexible (throttling shared by every instance), in its own layout.
    await queryRunner.createTable(
      new Table({
        name: 'rate_limits',
        columns: [
          c.varchar('key', 255, { isPrimary: true }),
          c.integer('points', { default: 0 }),
          { name: 'expire', type: 'bigint', isNullable: true, unsigned: c.mysql },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['rate_limits', 'outbox_messages', 'refresh_tokens', 'email_tokens', 'accounts']) {
      await queryRunner.dropTable(table);
    }
  }
}
