import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { EmailIntake } from './email-intake.service.js';
import { ImapPoller } from './imap-poller.service.js';
import { MailboxController } from './mailbox.controller.js';
import { MailboxDesk } from './mailbox-desk.service.js';
import { MailboxService } from './mailbox.service.js';
import { ThreadWriter } from './thread-writer.js';

/** The inscriptions mailbox (M1–M4): residents' threads through the API and by email (IMAP_URL), the staff's desk, one writer (ThreadWriter). */
@Module({
  imports: [AuthModule],
  controllers: [MailboxController],
  providers: [ThreadWriter, MailboxService, MailboxDesk, EmailIntake, ImapPoller],
  exports: [MailboxService, MailboxDesk, ImapPoller, ThreadWriter],
})
export class MailboxModule {}
