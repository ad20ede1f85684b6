import { Module } from '@nestjs/common';
import { MorningDigest } from './morning-digest.service.js';

/** Scheduled emails to the staff: the supervisors' morning digest. */
@Module({ providers: [MorningDigest], exports: [MorningDigest] })
export class DigestModule {}
