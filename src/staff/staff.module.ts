import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { StaffAccounts } from './staff-accounts.service.js';
import { StaffAuth } from './staff-auth.js';

/** Staff accounts and who is logged in to the panel: `StaffAuth.handlers()` go in front of it at /admin. */
@Module({
  imports: [AuthModule],
  providers: [StaffAccounts, StaffAuth],
  exports: [StaffAccounts, StaffAuth],
})
export class StaffModule {}
