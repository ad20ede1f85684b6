import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Between, DataSource } from 'typeorm';
import { Clock, dateInZone } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { addBusinessHours, businessDays, businessHoursBetween, type BusinessDays } from './business-calendar.js';
import { CalendarEntry } from './calendar-entry.entity.js';

/** The business calendar with the city's closures read from the database, and the SLA policy of the configuration. */
@Injectable()
export class CalendarService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Business days between two dates, closures included (read for the span the SLA can cover). */
  async days(from: Date, to: Date): Promise<BusinessDays> {
    const zone = this.clock.timeZone;
    const first = dateInZone(from, zone);
    const last = dateInZone(to, zone);
    const closures = await this.dataSource.getRepository(CalendarEntry).find({ where: { date: Between(first, last) }, select: { date: true } });
    return businessDays(closures.map((c) => c.date));
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
