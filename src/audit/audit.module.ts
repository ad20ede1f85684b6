import { Global, Module } from '@nestjs/common';
import { AuditLog } from './audit-log.js';

/** The audit log, for every service that changes personal data on a staff member's behalf. */
@Global()
@Module({ providers: [AuditLog], exports: [AuditLog] })
export class AuditModule {}
