import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { Columns } from './support/portable.js';

/** Staff accounts of the panel (SPEC S1) and their sessions, shared by every instance. */
export class Staff1764500000000 implements MigrationInterface {
  name = 'Staff1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = new Columns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'staff',
        columns: [
          c.id(),
          c.varchar('email', 254),
          c.varchar('displayName', 100),
          c.enum('role', ['clerk', 'supervisor', 'administrator']),
          c.varchar('passwordHash', 255),
          c.boolean('active', true),
          c.varchar('locale', 2, { default: c.string('fr') }),
          c.timestamp('lastLoginAt', { isNullable: true }),
          c.integer('sessionVersion', { default: 1 }),
          c.timestamp('passwordChangedAt', { isNullable: true }),
          c.varchar('totpSecret', 255, { isNullable: true }),
          c.timestamp('totpEnrolledAt', { isNullable: true }),
          c.integer('totpLastStep', { isNullable: true }),
          c.text('recoveryCodeHashes', { isNullable: true }),
          c.createdAt(),
          c.updatedAt(),
        ],
        indices: [new TableIndex({ name: 'UQ_staff_email', columnNames: ['email'], isUnique: true })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'staff_sessions',
        columns: [c.varchar('id', 64, { isPrimary: true }), c.text('data'), c.timestamp('expiresAt')],
        indices: [new TableIndex({ name: 'IDX_staff_sessions_expiresAt', columnNames: ['expiresAt'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('staff_sessions');
    await queryRunner.dropTable('staff');
  }
}
