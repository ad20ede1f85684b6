import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { Columns } from './support/portable.js';

/** Households, persons, memberships, registration periods, dossier-number requests and sequences (D1–D6). */
export class Dossiers1764200000000 implements MigrationInterface {
  name = 'Dossiers1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = new Columns(queryRunner);
    const address = [
      c.varchar('civicNumber', 10),
      c.varchar('street', 150),
      c.varchar('apartment', 20, { isNullable: true }),
      c.varchar('city', 100),
      c.varchar('postalCode', 7),
    ];

    await queryRunner.createTable(
      new Table({
        name: 'sequences',
        columns: [c.varchar('name', 64, { isPrimary: true }), c.integer('value')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'households',
        columns: [c.id(), c.varchar('legacyKey', 64, { isNullable: true }), ...address, c.createdAt(), c.updatedAt()],
        indices: [new TableIndex({ name: 'UQ_households_legacyKey', columnNames: ['legacyKey'], isUnique: true })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'household_phones',
        columns: [
          c.id(),
          c.integer('householdId'),
          c.enum('kind', ['home', 'mobile', 'work', 'other'], { default: c.string('home') }),
          c.varchar('number', 32),
        ],
        indices: [new TableIndex({ name: 'IDX_household_phones_household', columnNames: ['householdId'] })],
        foreignKeys: [c.foreignKey('household_phones', 'householdId', 'households', 'CASCADE')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'persons',
        columns: [
          c.id(),
          c.varchar('dossierNumber', 20),
          c.varchar('firstName', 100),
          c.varchar('lastName', 100),
          c.varchar('lastNameKey', 100),
          c.date('birthDate'),
          c.varchar('email', 254, { isNullable: true }),
          c.varchar('phone', 32, { isNullable: true }),
          c.integer('accountId', { isNullable: true }),
          c.createdAt(),
          c.updatedAt(),
        ],
        indices: [
          new TableIndex({ name: 'UQ_persons_dossierNumber', columnNames: ['dossierNumber'], isUnique: true }),
          new TableIndex({ name: 'UQ_persons_accountId', columnNames: ['accountId'], isUnique: true }),
          new TableIndex({ name: 'IDX_persons_email', columnNames: ['email'] }),
          new TableIndex({ name: 'IDX_persons_lastNameKey_birthDate', columnNames: ['lastNameKey', 'birthDate'] }),
        ],
        foreignKeys: [c.foreignKey('persons', 'accountId', 'accounts', 'SET NULL')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'household_members',
        columns: [
          c.id(),
          c.integer('householdId'),
          c.integer('personId'),
          c.enum('role', ['holder', 'adult', 'spouse', 'child']),
          c.boolean('dependent', false),
        ],
        indices: [
          new TableIndex({ name: 'UQ_household_members_household_person', columnNames: ['householdId', 'personId'], isUnique: true }),
          new TableIndex({ name: 'IDX_household_members_person', columnNames: ['personId'] }),
        ],
        foreignKeys: [
          c.foreignKey('household_members', 'householdId', 'households', 'CASCADE'),
          c.foreignKey('household_members', 'personId', 'persons', 'CASCADE'),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'registration_periods',
        columns: [c.id(), c.varchar('name', 100), c.timestamp('opensAt'), c.timestamp('closesAt'), c.createdAt()],
        indices: [new TableIndex({ name: 'IDX_registration_periods_opensAt', columnNames: ['opensAt'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'dossier_requests',
        columns: [
          c.id(),
          c.varchar('reference', 20),
          c.integer('accountId', { isNullable: true }),
          c.enum('status', ['submitted', 'in_review', 'needs_info', 'approved', 'rejected'], { default: c.string('submitted') }),
          c.varchar('applicantFirstName', 100),
          c.varchar('applicantLastName', 100),
          c.date('applicantBirthDate'),
          c.varchar('email', 254),
          c.varchar('phone', 32),
          ...address,
          c.text('members'),
          c.text('possibleDuplicates'),
          c.timestamp('consentedAt'),
          c.varchar('consentVersion', 20),
          c.varchar('locale', 2, { default: c.string('fr') }),
          c.boolean('late', false),
          c.integer('householdId', { isNullable: true }),
          c.text('decisionNote', { isNullable: true }),
          c.timestamp('decidedAt', { isNullable: true }),
          c.createdAt(),
          c.updatedAt(),
        ],
        indices: [
          new TableIndex({ name: 'UQ_dossier_requests_reference', columnNames: ['reference'], isUnique: true }),
          new TableIndex({ name: 'IDX_dossier_requests_status', columnNames: ['status', 'createdAt'] }),
          new TableIndex({ name: 'IDX_dossier_requests_account', columnNames: ['accountId'] }),
        ],
        foreignKeys: [
          c.foreignKey('dossier_requests', 'accountId', 'accounts', 'SET NULL'),
          c.foreignKey('dossier_requests', 'householdId', 'households', 'SET NULL'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['dossier_requests', 'registration_periods', 'household_members', 'persons', 'household_phones', 'households', 'sequences']) {
      await queryRunner.dropTable(table);
    }
  }
}
