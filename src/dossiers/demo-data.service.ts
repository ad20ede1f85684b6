import { join } from 'node:path';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DEMO_OPENING_DELAY_MINUTES, DEMO_WAITING_ROOM } from '../activities/demo-activities.js';
import { DemoActivities } from '../activities/demo-activities.service.js';
import { CITY_CONFIG, JOBS_CONFIG, type CityConfig, type JobsConfig } from '../config/app-config.js';
import { Clock } from '../common/clock.js';
import { projectRoot } from '../common/project-root.js';
import { withNamedLock } from '../database/named-lock.js';
import { demoPeriods } from '../registration-periods/demo-periods.js';
import { RegistrationPeriod } from '../registration-periods/registration-period.entity.js';
import { DEMO_STAFF_PASSWORD, StaffAccounts } from '../staff/staff-accounts.service.js';
import { importDossierCsv } from './import/dossier-import.js';
import { Person } from './person.entity.js';

/** The sample's adult holder, printed at start-up so that a newcomer can link at once. */
export const DEMO_HOLDER = { dossierNumber: '100234', birthDate: '1985/04/12' };

/**
 * Demo data of the embedded mode: a few households (the legacy-import sample), the next
 * registration periods and a few activities, each written only where there is none yet.
 */
@Injectable()
export class DemoDataService implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoData');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CITY_CONFIG) private readonly city: CityConfig,
    @Inject(JOBS_CONFIG) private readonly jobs: JobsConfig,
    private readonly clock: Clock,
    private readonly staff: StaffAccounts,
    private readonly activities: DemoActivities,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.jobs.demoData) return;
    let demoStaff: Awaited<ReturnType<StaffAccounts['createDemoStaff']>> = [];
    // Instances started together on an empty database take turns: the first seeds, the others find rows.
    await withNamedLock(this.dataSource, 'demo-data', async () => {
      const periods = this.dataSource.getRepository(RegistrationPeriod);
      if ((await periods.count()) === 0) {
        await periods.insert(demoPeriods(this.clock.now(), this.clock.timeZone));
      }
      if ((await this.dataSource.getRepository(Person).count()) === 0) {
        const report = await importDossierCsv(this.dataSource, join(projectRoot(), 'samples', 'dossiers-exemple.csv'));
        this.logger.log({ persons: report.created.persons, households: report.created.households }, 'Demo households imported');
      }
      const catalogue = await this.activities.seed();
      if (catalogue) {
        this.logger.log(
          catalogue,
          `Demo activities: ${catalogue.offerings} groups at /api/v1/activities; ${DEMO_WAITING_ROOM} opens to residents ${DEMO_OPENING_DELAY_MINUTES} minutes from now (a waiting room first)`,
        );
      }
      demoStaff = await this.staff.createDemoStaff();
    });
    this.logger.log(
      { dossierNumber: DEMO_HOLDER.dossierNumber, birthDate: DEMO_HOLDER.birthDate },
      `Demo data: after signing up, link with dossier number ${DEMO_HOLDER.dossierNumber} and date of birth ${DEMO_HOLDER.birthDate}`,
    );
    if (demoStaff.length) {
      const logins = demoStaff.map((member) => `${member.email} (${member.role})`).join(', ');
      this.logger.log(
        { staff: demoStaff.map((member) => member.email) },
        `Demo staff: log in at ${this.city.publicUrl}/admin/login as ${logins}, password ${DEMO_STAFF_PASSWORD}`,
      );
    }
  }
}
