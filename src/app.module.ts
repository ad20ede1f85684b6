import { DynamicModule, Module } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { AccountsModule } from './accounts/accounts.module.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { ProblemValidationPipe } from './common/validation.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { PortalModule } from './portal/portal.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, NotificationsModule, AccountsModule, HealthModule, PortalModule],
      providers: [
        { provide: APP_PIPE, useClass: ProblemValidationPipe },
      ],
    };
  }
}
