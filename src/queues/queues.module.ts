import { Module } from '@nestjs/common';
import { QueuesService } from './queues.service.js';

/** The supervisors' queues: the panel's `GET /admin/api/queues` and the morning digest read them. */
@Module({ providers: [QueuesService], exports: [QueuesService] })
export class QueuesModule {}
