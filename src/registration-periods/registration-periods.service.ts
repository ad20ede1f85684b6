import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, MoreThan } from 'typeorm';
import { AuditLog } from '../audit/audit-log.js';
import { requireRole, type Actor, type StaffRole } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { FieldCheck, type FormText } from '../common/field-check.js';
import { inTransaction } from '../database/transaction.js';
import { RegistrationPeriod } from './registration-period.entity.js';

/** D6: a dossier-number request must reach the city 72 hours before the period opens. */
export const REQUEST_LEAD_HOURS = 72;

export interface PeriodView {
  id: number;
  name: string;
  opensAt: string;
  closesAt: string;
  requestDeadline: string;
}

export function requestDeadline(period: Pick<RegistrationPeriod, 'opensAt'>): Date {
  return new Date(period.opensAt.getTime() - REQUEST_LEAD_HOURS * 3_600_000);
}

/** Late when it arrives less than 72 h before the period opens (at the deadline exactly, it is still on time). */
export function isLate(period: Pick<RegistrationPeriod, 'opensAt'> | null, at: Date): boolean {
  return period !== null && at.getTime() > requestDeadline(period).getTime();
}

/** A period as a form gives it. */
export type PeriodInput = Partial<Record<'name' | 'opensAt' | 'closesAt', FormText>>;

const PERIOD_FIELDS = ['name', 'opensAt', 'closesAt'] as const;
/** Only administrators set the periods (the panel's matrix says the same). */
const PERIOD_WRITERS: StaffRole[] = ['administrator'];

@Injectable()
export class RegistrationPeriodsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  /** A new period: a name, and an opening before its closing. */
  async create(input: PeriodInput, actor: Actor): Promise<number> {
    requireRole(actor, PERIOD_WRITERS);
    const values = this.check({ name: input.name ?? null, opensAt: input.opensAt ?? null, closesAt: input.closesAt ?? null }, null);
    return inTransaction(this.dataSource, async (manager) => {
      const { id } = await manager.save(manager.create(RegistrationPeriod, values));
      await this.audit.recordWrite(manager, { actor, action: 'create', resource: 'registration_periods', recordId: id, before: null, after: values, fields: PERIOD_FIELDS });
      return id;
    });
  }

  /** The fields given; the opening stays before the closing, whichever of them changes. */
  async update(id: number, input: PeriodInput, actor: Actor): Promise<void> {
    requireRole(actor, PERIOD_WRITERS);
    await inTransaction(this.dataSource, async (manager) => {
      const period = await manager.findOneBy(RegistrationPeriod, { id });
      if (!period) throw new DomainError('not_found', 404);
      const values = this.check(input, period);
      await manager.update(RegistrationPeriod, { id }, values);
      await this.audit.recordWrite(manager, { actor, action: 'update', resource: 'registration_periods', recordId: id, before: { ...period }, after: { ...period, ...values }, fields: PERIOD_FIELDS });
    });
  }

  async delete(id: number, actor: Actor): Promise<void> {
    requireRole(actor, PERIOD_WRITERS);
    await inTransaction(this.dataSource, async (manager) => {
      const period = await manager.findOneBy(RegistrationPeriod, { id });
      if (!period) throw new DomainError('not_found', 404);
      await manager.delete(RegistrationPeriod, { id });
      await this.audit.recordWrite(manager, { actor, action: 'delete', resource: 'registration_periods', recordId: id, before: { ...period }, after: null, fields: PERIOD_FIELDS });
    });
  }

  /** The fields given, checked; the order against the stored value of the other bound, on the field that was given. */
  private check(input: PeriodInput, stored: RegistrationPeriod | null): Partial<Pick<RegistrationPeriod, 'name' | 'opensAt' | 'closesAt'>> {
    const check = new FieldCheck();
    const values: Partial<Pick<RegistrationPeriod, 'name' | 'opensAt' | 'closesAt'>> = {};
    if ('name' in input) values.name = check.text('name', input.name, 100) ?? undefined;
    if ('opensAt' in input) values.opensAt = check.instant('opensAt', input.opensAt) ?? undefined;
    if ('closesAt' in input) values.closesAt = check.instant('closesAt', input.closesAt) ?? undefined;
    const opensAt = 'opensAt' in input ? values.opensAt : stored?.opensAt;
    const closesAt = 'closesAt' in input ? values.closesAt : stored?.closesAt;
    if (opensAt && closesAt && closesAt <= opensAt) check.fail('closesAt' in input ? 'closesAt' : 'opensAt', 'period_order_invalid');
    check.done();
    return values;
  }

  /** Periods not yet closed, soonest first. */
  upcoming(now = this.clock.now()): Promise<RegistrationPeriod[]> {
    return this.dataSource.getRepository(RegistrationPeriod).find({ where: { closesAt: MoreThan(now) }, order: { opensAt: 'ASC', id: 'ASC' } });
  }

  /** The next period to open: the one a dossier-number request is for. */
  next(now = this.clock.now()): Promise<RegistrationPeriod | null> {
    return this.dataSource.getRepository(RegistrationPeriod).findOne({ where: { opensAt: MoreThan(now) }, order: { opensAt: 'ASC', id: 'ASC' } });
  }

  view(period: RegistrationPeriod): PeriodView {
    return {
      id: period.id,
      name: period.name,
      opensAt: this.clock.iso(period.opensAt),
      closesAt: this.clock.iso(period.closesAt),
      requestDeadline: this.clock.iso(requestDeadline(period)),
    };
  }
}
