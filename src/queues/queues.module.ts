import { Module } from '@nestjs/common';
import { HomeController, QueuesController } from './queues.controller.js';
import { QueuesService } from './queues.service.js';

/** The supervisors' queues: the panel's `GET /admin/api/queues` and the morning digest read them. */
@Module({ controllers: [QueuesController, HomeController], providers: [QueuesService], exports: [QueuesService] })
export class QueuesModule {}
