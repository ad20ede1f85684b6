import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Between, DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log.js';
import { requireRole, type Actor, type StaffRole } from '../common/actor.js';
import { Clock, dateInZone } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { FieldCheck, type FormText } from '../common/field-check.js';
import { inTransaction } from '../database/transaction.js';
import { MAILBOX_CONFIG, type MailboxConfig } from '../config/app-config.js';
import { addBusinessHours, businessDays, businessHoursBetween, type BusinessDays } from './business-calendar.js';
import { CalendarEntry } from './calendar-entry.entity.js';

/** A closure as a form gives it. */
export type ClosureInput = Partial<Record<'date' | 'name', FormText>>;

const CLOSURE_FIELDS = ['date', 'name'] as const;
/** Only administrators set the closures (the panel's matrix says the same). */
const CALENDAR_WRITERS: StaffRole[] = ['administrator'];

/**
 * The business calendar with the city's closures read from the database, and the SLA policy of the
 * configuration; the closures' one writer (M3).
 */
@Injectable()
export class CalendarService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MAILBOX_CONFIG) private readonly config: MailboxConfig,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  /** A closure: a real day, `YYYY-MM-DD`, and what it is. One per day: the unique index says so. */
  async create(input: ClosureInput, actor: Actor): Promise<number> {
    requireRole(actor, CALENDAR_WRITERS);
    const values = this.check({ date: input.date ?? null, name: input.name ?? null });
    return inTransaction(this.dataSource, async (manager) => {
      const { id } = await manager.save(manager.create(CalendarEntry, values));
      await this.audit.recordWrite(manager, { actor, action: 'create', resource: 'calendar', recordId: id, before: null, after: values, fields: CLOSURE_FIELDS });
      return id;
    });
  }

  async update(id: number, input: ClosureInput, actor: Actor): Promise<void> {
    requireRole(actor, CALENDAR_WRITERS);
    const values = this.check(input);
    await inTransaction(this.dataSource, async (manager) => {
      const entry = await manager.findOneBy(CalendarEntry, { id });
      if (!entry) throw new DomainError('not_found', 404);
      await manager.update(CalendarEntry, { id }, values);
      await this.audit.recordWrite(manager, { actor, action: 'update', resource: 'calendar', recordId: id, before: { ...entry }, after: { ...entry, ...values }, fields: CLOSURE_FIELDS });
    });
  }

  async delete(id: number, actor: Actor): Promise<void> {
    requireRole(actor, CALENDAR_WRITERS);
    await inTransaction(this.dataSource, async (manager) => {
      const entry = await manager.findOneBy(CalendarEntry, { id });
      if (!entry) throw new DomainError('not_found', 404);
      await manager.delete(CalendarEntry, { id });
      await this.audit.recordWrite(manager, { actor, action: 'delete', resource: 'calendar', recordId: id, before: { ...entry }, after: null, fields: CLOSURE_FIELDS });
    });
  }

  private check(input: ClosureInput): Partial<Pick<CalendarEntry, 'date' | 'name'>> {
    const check = new FieldCheck();
    const values: Partial<Pick<CalendarEntry, 'date' | 'name'>> = {};
    if ('name' in input) values.name = check.text('name', input.name, 100) ?? undefined;
    if ('date' in input) values.date = check.day('date', input.date) ?? undefined;
    check.done();
    return values;
  }

  /** Business days between two dates, closures included (read for the span the SLA can cover). */
  async days(from: Date, to: Date): Promise<BusinessDays> {
    const zone = this.clock.timeZone;
    const first = dateInZone(from, zone);
    const last = dateInZone(to, zone);
    const closures = await this.dataSource.getRepository(CalendarEntry).find({ where: { date: Between(first, last) }, select: { date: true } });
    return businessDays(closures.map((c) => c.date));
  }

  /** The due time's length in business hours (SLA_HOURS), as the screens name it. */
  get slaHours(): number {
    return this.config.sla.hours;
  }

  /** When something received at `receivedAt` is due: `SLA_HOURS` business hours later (M2). */
  dueAt(receivedAt: Date): Promise<Date> {
    return this.after(receivedAt, this.config.sla.hours);
  }

  /** The instant `hours` business hours after `start` (the queues' "due soon" limit). */
  async after(start: Date, hours: number): Promise<Date> {
    const horizon = new Date(start.getTime() + 400 * 86_400_000);
    return addBusinessHours(start, hours, await this.days(start, horizon), this.clock.timeZone, this.config.sla);
  }

  /** Business hours between two instants (a response time). */
  async hoursBetween(start: Date, end: Date): Promise<number> {
    return businessHoursBetween(start, end, await this.days(start, end), this.clock.timeZone, this.config.sla);
  }
}
