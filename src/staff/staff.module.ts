import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { StaffAccounts } from './staff-accounts.service.js';
import { StaffAuthController } from './staff-auth.controller.js';
import { StaffAuth } from './staff-auth.js';

/**
 * Staff accounts and who is logged in to the panel: `StaffAuth.before()` runs at /admin ahead of
 * every route (createApp), its gate in front of AdminJS; the sign-in pages are a controller.
 */
@Module({
  imports: [AuthModule],
  controllers: [StaffAuthController],
  providers: [StaffAccounts, StaffAuth],
  exports: [StaffAccounts, StaffAuth],
})
export class StaffModule {}
