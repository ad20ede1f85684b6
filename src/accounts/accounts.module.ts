import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { AccountsController, MeController } from './accounts.controller.js';
import { AccountsService } from './accounts.service.js';

@Module({
  imports: [AuthModule],
  controllers: [AccountsController, MeController],
  providers: [AccountsService],
  exports: [AccountsService],
})
export class AccountsModule {}
