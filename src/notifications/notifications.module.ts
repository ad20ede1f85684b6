import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MAIL_CONFIG, type MailConfig } from '../config/app-config.js';
import { createMailTransport, MAIL_TRANSPORT } from './mail-transport.js';
import { OutboxDispatcher } from './outbox-dispatcher.service.js';
import { OutboxMessage } from './outbox-message.entity.js';
import { OutboxService } from './outbox.service.js';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([OutboxMessage])],
  providers: [
    OutboxService,
    OutboxDispatcher,
    { provide: MAIL_TRANSPORT, inject: [MAIL_CONFIG], useFactory: (config: MailConfig) => createMailTransport(config) },
  ],
  exports: [OutboxService, OutboxDispatcher],
})
export class NotificationsModule {}
