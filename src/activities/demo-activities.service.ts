import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Clock } from '../common/clock.js';
import { Membership } from '../dossiers/membership.entity.js';
import { Person } from '../dossiers/person.entity.js';
import { RegistrationsService } from '../registrations/registrations.service.js';
import { CatalogueWriter } from './catalogue-writer.service.js';
import { DEMO_ALMOST_FULL, demoOfferings } from './demo-activities.js';
import { Offering } from './offering.entity.js';

/** The children of the demo households (samples/dossiers-exemple.csv) registered to the almost full group. */
const REGISTERED_CHILDREN = ['100120', '100121', '100157', '100158', '100173', '100236', '100237'];

/**
 * The demo catalogue of the embedded mode (DEMO_DATA), written through the catalogue's writer into
 * a database without offerings: once, so a restart changes nothing. Run by the demo data's seeding,
 * after the demo households, under its lock.
 */
@Injectable()
export class DemoActivities {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writer: CatalogueWriter,
    private readonly registrations: RegistrationsService,
    private readonly clock: Clock,
  ) {}

  /** The offerings and registrations written, or null when the catalogue already had offerings. */
  async seed(): Promise<{ offerings: number; registrations: number } | null> {
    if ((await this.dataSource.getRepository(Offering).count()) > 0) return null;
    const children = await this.demoChildren();
    const written = await this.writer.save(demoOfferings(this.clock.now(), this.clock.timeZone, children.length + 1));
    const almostFull = written.offerings.find((outcome) => outcome.code === DEMO_ALMOST_FULL);
    if (children.length && almostFull && almostFull.status !== 'rejected') {
      // Through the registrations' one writer, as a clerk's counter does: the same rules, audit lines and amounts.
      const byHousehold = new Map<number, number[]>();
      for (const child of children) byHousehold.set(child.householdId, [...(byHousehold.get(child.householdId) ?? []), child.personId]);
      for (const [householdId, personIds] of byHousehold) await this.registrations.registerAtCounter({ kind: 'system' }, DEMO_ALMOST_FULL, householdId, personIds);
    }
    return { offerings: written.offerings.length, registrations: children.length };
  }

  /** The demo children still in the database, each with one of their households. */
  private async demoChildren(): Promise<Array<{ personId: number; householdId: number }>> {
    const persons = await this.dataSource.getRepository(Person).findBy({ dossierNumber: In(REGISTERED_CHILDREN) });
    if (!persons.length) return [];
    const memberships = await this.dataSource.getRepository(Membership).find({ where: { personId: In(persons.map((p) => p.id)) }, order: { id: 'ASC' } });
    const households = new Map<number, number>();
    for (const membership of memberships) if (!households.has(membership.personId)) households.set(membership.personId, membership.householdId);
    return [...households].map(([personId, householdId]) => ({ personId, householdId }));
  }
}
