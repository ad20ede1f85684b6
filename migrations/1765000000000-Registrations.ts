import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { Columns } from './support/portable.js';

/**
 * Activities and the registration night (issue 17, SPEC R1–R7): the catalogue (activities,
 * offerings), holds and their persons, registrations, checkouts by Idempotency-Key, the waitlist,
 * the waiting room and its draws; a household's residency as a clerk overrides it (R2).
 */
export class Registrations1765000000000 implements MigrationInterface {
  name = 'Registrations1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = new Columns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'activities',
        columns: [c.id(), c.varchar('name', 150), c.varchar('category', 80), c.createdAt(), c.updatedAt()],
        indices: [new TableIndex({ name: 'UQ_activities_name', columnNames: ['name'], isUnique: true })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'offerings',
        columns: [
          c.id(),
          c.varchar('code', 40),
          c.integer('activityId'),
          c.varchar('groupName', 100),
          c.varchar('site', 150),
          c.date('startsOn'),
          c.date('endsOn'),
          c.integer('weekday'),
          c.varchar('startTime', 5),
          c.varchar('endTime', 5),
          c.integer('capacity'),
          c.integer('ageMin'),
          c.integer('ageMax'),
          c.date('ageOn'),
          c.integer('priceResident'),
          c.integer('priceNonResident'),
          c.timestamp('residentsOpenAt'),
          c.timestamp('nonResidentsOpenAt'),
          c.timestamp('closesAt'),
          c.boolean('rl24', false),
          c.createdAt(),
          c.updatedAt(),
        ],
        indices: [
          new TableIndex({ name: 'UQ_offerings_code', columnNames: ['code'], isUnique: true }),
          new TableIndex({ name: 'IDX_offerings_activity', columnNames: ['activityId'] }),
          new TableIndex({ name: 'IDX_offerings_opens', columnNames: ['residentsOpenAt'] }),
        ],
        foreignKeys: [Object.assign(c.foreignKey('offerings', 'activityId', 'activities', 'CASCADE'), { name: 'FK_offerings_activity' })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'holds',
        columns: [
          c.id(),
          c.integer('offeringId'),
          c.integer('householdId'),
          c.integer('accountId', { isNullable: true }),
          c.integer('seats'),
          c.integer('amount'),
          c.enum('status', ['live', 'checked_out', 'released'], { default: c.string('live') }),
          c.timestamp('expiresAt'),
          c.createdAt(),
        ],
        indices: [
          new TableIndex({ name: 'IDX_holds_offering', columnNames: ['offeringId', 'status', 'expiresAt'] }),
          new TableIndex({ name: 'IDX_holds_account', columnNames: ['accountId', 'status'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'claim_persons',
        columns: [
          { ...c.enum('kind', ['hold', 'waitlist']), isPrimary: true },
          c.integer('claimId', { isPrimary: true }),
          c.integer('personId', { isPrimary: true }),
          c.integer('offeringId'),
        ],
        indices: [new TableIndex({ name: 'IDX_claim_persons_offering', columnNames: ['offeringId', 'personId'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'registrations',
        columns: [
          c.id(),
          c.integer('offeringId'),
          c.integer('personId'),
          c.integer('householdId'),
          c.integer('accountId', { isNullable: true }),
          c.integer('holdId', { isNullable: true }),
          c.integer('waitlistEntryId', { isNullable: true }),
          c.integer('amount'),
          c.enum('status', ['confirmed', 'cancelled'], { default: c.string('confirmed') }),
          c.timestamp('cancelledAt', { isNullable: true }),
          c.varchar('cancelReason', 500, { isNullable: true }),
          c.integer('cancelledByStaffId', { isNullable: true }),
          c.createdAt(),
        ],
        indices: [
          new TableIndex({ name: 'IDX_registrations_offering', columnNames: ['offeringId', 'status'] }),
          new TableIndex({ name: 'IDX_registrations_person', columnNames: ['personId', 'offeringId'] }),
          new TableIndex({ name: 'IDX_registrations_account', columnNames: ['accountId', 'id'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'checkouts',
        columns: [c.id(), c.integer('accountId'), c.varchar('idempotencyKey', 100), c.integer('responseStatus', { isNullable: true }), c.text('responseBody', { isNullable: true }), c.createdAt()],
        indices: [new TableIndex({ name: 'UQ_checkouts_key', columnNames: ['accountId', 'idempotencyKey'], isUnique: true })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'waitlist_entries',
        columns: [
          c.id(),
          c.integer('offeringId'),
          c.integer('householdId'),
          c.integer('accountId', { isNullable: true }),
          c.integer('seats'),
          c.integer('amount'),
          c.integer('rank'),
          c.enum('status', ['waiting', 'offered', 'accepted', 'lapsed', 'left'], { default: c.string('waiting') }),
          c.timestamp('offeredAt', { isNullable: true }),
          c.timestamp('offerExpiresAt', { isNullable: true }),
          c.timestamp('reminderSentAt', { isNullable: true }),
          c.createdAt(),
          c.updatedAt(),
        ],
        indices: [
          new TableIndex({ name: 'IDX_waitlist_offering', columnNames: ['offeringId', 'status', 'rank'] }),
          new TableIndex({ name: 'IDX_waitlist_account', columnNames: ['accountId', 'status'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'waiting_room_entries',
        columns: [c.id(), c.timestamp('opensAt'), c.integer('householdId'), c.integer('accountId', { isNullable: true }), c.integer('position', { isNullable: true }), c.createdAt('joinedAt')],
        indices: [
          new TableIndex({ name: 'UQ_waiting_room_household', columnNames: ['opensAt', 'householdId'], isUnique: true }),
          new TableIndex({ name: 'IDX_waiting_room_position', columnNames: ['opensAt', 'position'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'waiting_room_draws',
        columns: [c.id(), c.timestamp('opensAt'), c.varchar('seed', 64), c.integer('entrants'), c.timestamp('drawnAt')],
        indices: [new TableIndex({ name: 'UQ_waiting_room_draws_opens', columnNames: ['opensAt'], isUnique: true })],
      }),
    );
    await queryRunner.addColumns('households', [
      new TableColumn({ ...c.boolean('residentOverride', false), isNullable: true, default: null }),
      new TableColumn(c.varchar('residentOverrideReason', 500, { isNullable: true })),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('households', 'residentOverrideReason');
    await queryRunner.dropColumn('households', 'residentOverride');
    for (const table of ['waiting_room_draws', 'waiting_room_entries', 'waitlist_entries', 'checkouts', 'registrations', 'claim_persons', 'holds', 'offerings', 'activities']) {
      await queryRunner.dropTable(table);
    }
  }
}
