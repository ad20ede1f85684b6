import { Module } from '@nestjs/common';
import { ActivitiesModule } from '../activities/activities.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { StaffModule } from '../staff/staff.module.js';
import { DemoDataService } from './demo-data.service.js';
import { DossierNumberService } from './dossier-number.service.js';
import { DossiersController } from './dossiers.controller.js';
import { DossiersService } from './dossiers.service.js';
import { HouseholdsService } from './households.service.js';

@Module({
  imports: [AuthModule, StaffModule, ActivitiesModule],
  controllers: [DossiersController],
  providers: [DossiersService, DossierNumberService, DemoDataService, HouseholdsService],
  exports: [DossiersService, DossierNumberService, HouseholdsService],
})
export class DossiersModule {}
