import { DynamicModule, Module } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import './problems.js';
import { AdminPanelModule } from './admin/admin-panel.module.js';
import { PanelGateModule } from './admin/panel-gate.module.js';
import { AuditModule } from './audit/audit.module.js';
import { CalendarModule } from './calendar/calendar.module.js';
import { MailboxModule } from './mailbox/mailbox.module.js';
import { AccountsModule } from './accounts/accounts.module.js';
import type { AppConfig } from './config/app-config.js';
import type { Clock } from './common/clock.js';
import { ConfigModule } from './config/config.module.js';
import { ProblemValidationPipe } from './common/validation.js';
import { DatabaseModule } from './database/database.module.js';
import { DigestModule } from './digest/digest.module.js';
import { DossierRequestsModule } from './dossier-requests/dossier-requests.module.js';
import { DossiersModule } from './dossiers/dossiers.module.js';
import { RegistrationPeriodsModule } from './registration-periods/registration-periods.module.js';
import { HealthModule } from './health/health.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { PortalModule } from './portal/portal.module.js';
import { PrivacyModule } from './privacy/privacy.module.js';
import { ActivitiesModule } from './activities/activities.module.js';
import { RegistrationsModule } from './registrations/registrations.module.js';
import { StaffModule } from './staff/staff.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, clock),
        DatabaseModule,
        AuditModule,
        CalendarModule,
        NotificationsModule,
        AccountsModule,
        DossiersModule,
        RegistrationPeriodsModule,
        ActivitiesModule,
        RegistrationsModule,
        DossierRequestsModule,
        MailboxModule,
        DigestModule,
        PrivacyModule,
        HealthModule,
        PortalModule,
        StaffModule,
        AdminPanelModule.forRoot(PanelGateModule),
      ],
      providers: [
        { provide: APP_PIPE, useClass: ProblemValidationPipe },
      ],
    };
  }
}
