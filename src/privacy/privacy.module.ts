import { Module } from '@nestjs/common';
import { DossierRequestsModule } from '../dossier-requests/dossier-requests.module.js';
import { MailboxModule } from '../mailbox/mailbox.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { IncidentsService } from './incidents.service.js';
import { PersonFileController } from './person-file.controller.js';
import { PersonFileService } from './person-file.service.js';
import { RetentionJob } from './retention-job.service.js';
import { RetentionSettingsService } from './retention-settings.service.js';

/**
 * Law 25 (issue 18): a person's file on request, the retention periods and their daily job, and the
 * confidentiality incidents register; the panel reaches the services through AdminPanelModule.
 */
@Module({
  imports: [NotificationsModule, MailboxModule, DossierRequestsModule],
  controllers: [PersonFileController],
  providers: [PersonFileService, RetentionSettingsService, RetentionJob, IncidentsService],
  exports: [PersonFileService, RetentionSettingsService, RetentionJob, IncidentsService],
})
export class PrivacyModule {}
