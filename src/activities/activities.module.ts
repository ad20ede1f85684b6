import { Module } from '@nestjs/common';
import { RegistrationsModule } from '../registrations/registrations.module.js';
import { CatalogueController } from './catalogue.controller.js';
import { CatalogueWriter } from './catalogue-writer.service.js';
import { CatalogueService } from './catalogue.service.js';
import { DemoActivities } from './demo-activities.service.js';

/** The catalogue (SPEC R1–R2): activities and offerings, their import, `GET /activities`. */
@Module({
  imports: [RegistrationsModule],
  controllers: [CatalogueController],
  providers: [CatalogueService, CatalogueWriter, DemoActivities],
  exports: [CatalogueService, CatalogueWriter, DemoActivities],
})
export class ActivitiesModule {}
