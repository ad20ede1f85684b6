import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { DossierNumberService } from './dossier-number.service.js';
import { DossiersController } from './dossiers.controller.js';
import { DossiersService } from './dossiers.service.js';

@Module({
  imports: [AuthModule],
  controllers: [DossiersController],
  providers: [DossiersService, DossierNumberService],
  exports: [DossiersService, DossierNumberService],
})
export class DossiersModule {}
