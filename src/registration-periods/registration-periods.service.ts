import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, MoreThan } from 'typeorm';
import { Clock } from '../common/clock.js';
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

@Injectable()
export class RegistrationPeriodsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

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
