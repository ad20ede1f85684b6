import { Module } from '@nestjs/common';
import { QueuesModule } from '../queues/queues.module.js';
import { MorningDigest } from './morning-digest.service.js';

/** Scheduled emails to the staff: the supervisors' morning digest. */
@Module({ imports: [QueuesModule], providers: [MorningDigest], exports: [MorningDigest] })
export class DigestModule {}
