import { Module } from '@nestjs/common';
import { RegistrationPeriodsController } from './registration-periods.controller.js';
import { RegistrationPeriodsService } from './registration-periods.service.js';

@Module({
  controllers: [RegistrationPeriodsController],
  providers: [RegistrationPeriodsService],
  exports: [RegistrationPeriodsService],
})
export class RegistrationPeriodsModule {}
