import { Module } from '@nestjs/common';
import { ThrottleService } from './throttle.service.js';

/**
 * What residents' and staff's doors share, below every feature: the throttling counters (in the
 * database, for every instance). The password hasher and its bounded queue, the password policy and
 * TOTP are plain functions of this folder, imported where they are used.
 */
@Module({
  providers: [ThrottleService],
  exports: [ThrottleService],
})
export class SecurityModule {}
