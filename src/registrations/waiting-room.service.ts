import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { REGISTRATION_CONFIG, type RegistrationConfig } from '../config/app-config.js';
import type { Offering } from '../activities/offering.entity.js';

/**
 * The waiting room of an opening time (R5). The order and the admissions live in the database
 * (waiting_room_entries, waiting_room_draws), never in one process.
 */
@Injectable()
export class WaitingRoomService {
  constructor(
    @Inject(REGISTRATION_CONFIG) private readonly config: RegistrationConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * R5's gate for a hold: throws 403 `waiting_room` (with `position`) when the household's opening
   * time of this offering (residents' or non-residents') is gated and the household is not admitted
   * now. Offerings whose opening time has no waiting room are not gated.
   */
  async gate(_manager: EntityManager, _householdId: number, _offering: Offering, _resident: boolean, _now: Date): Promise<void> {
    void this.config;
    void this.clock;
  }
}
