import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { Columns } from './support/portable.js';

/**
 * Runs of scheduled jobs (the supervisors' morning digest), one row per job and day: the unique key
 * is the claim that makes a job run once a day across every instance.
 */
export class JobRuns1764800000000 implements MigrationInterface {
  name = 'JobRuns1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = new Columns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'job_runs',
        columns: [c.id(), c.varchar('job', 64), c.varchar('day', 10), c.varchar('instance', 100), c.createdAt()],
        indices: [new TableIndex({ name: 'UQ_job_runs_job_day', columnNames: ['job', 'day'], isUnique: true })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('job_runs');
  }
}
