import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { MailboxController } from './mailbox.controller.js';
import { MailboxDesk } from './mailbox-desk.service.js';
import { MailboxService } from './mailbox.service.js';

/** The inscriptions mailbox (M1–M4): residents' threads through the API. */
@Module({
  imports: [AuthModule],
  controllers: [MailboxController],
  providers: [MailboxService, MailboxDesk],
  exports: [MailboxService, MailboxDesk],
})
export class MailboxModule {}
