import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { DossiersModule } from '../dossiers/dossiers.module.js';
import { RegistrationPeriodsModule } from '../registration-periods/registration-periods.module.js';
import { DossierRequestsController } from './dossier-requests.controller.js';
import { DossierRequestsService } from './dossier-requests.service.js';

@Module({
  imports: [AuthModule, DossiersModule, RegistrationPeriodsModule],
  controllers: [DossierRequestsController],
  providers: [DossierRequestsService],
  exports: [DossierRequestsService],
})
export class DossierRequestsModule {}
