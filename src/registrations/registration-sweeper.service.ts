import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BackgroundRun } from '../common/background-run.js';
import { REGISTRATION_CONFIG, type RegistrationConfig } from '../config/app-config.js';
import { WaitlistService } from './waitlist.service.js';

/**
 * Each instance's periodic look at the waitlists (R6): offers past their deadline lapse, seats that
 * expired holds freed go to the next entries, and the integrity check runs (it logs an error if an
 * offering ever has more seats taken than it has). Every offering is handled under its lock, so
 * several instances may sweep at once.
 */
@Injectable()
export class RegistrationSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RegistrationSweeper');
  private readonly runs = new BackgroundRun(() => this.waitlist.sweep());

  constructor(
    @Inject(REGISTRATION_CONFIG) private readonly config: RegistrationConfig,
    private readonly waitlist: WaitlistService,
  ) {}

  onApplicationBootstrap(): void {
    this.runs.every(this.config.registration.sweepIntervalMs, (error) => this.logger.warn({ reason: String((error as Error)?.message ?? error).slice(0, 300) }, 'Waitlist sweep failed: tried again at the next one'));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runs.stop();
  }
}
