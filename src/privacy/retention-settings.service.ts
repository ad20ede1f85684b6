import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log.js';
import type { Actor } from '../common/actor.js';
import { DomainError, ValidationFailed } from '../common/domain-error.js';
import type { FormText } from '../common/field-check.js';
import { inTransaction } from '../database/transaction.js';
import { requireRight } from '../staff/roles.js';
import { RetentionSetting } from './retention-setting.entity.js';
import { isRetentionKind, retentionDays, type RetentionKind } from './retention-rules.js';

/** The retention periods' one writer: administrators change a kind's number of days, audited. */
@Injectable()
export class RetentionSettingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async update(id: number, input: { days?: FormText }, actor: Actor): Promise<void> {
    requireRight(actor, 'retention_settings', 'edit');
    await inTransaction(this.dataSource, async (manager) => {
      const setting = await manager.findOneBy(RetentionSetting, { id });
      if (!setting || !isRetentionKind(setting.kind)) throw new DomainError('retention_setting_not_found', 404);
      if (input.days === undefined) return;
      const days = retentionDays(setting.kind, input.days);
      if (days === null) throw new ValidationFailed([{ field: 'days', code: 'retention_days_invalid' }]);
      await manager.update(RetentionSetting, { id }, { days });
      await this.audit.recordWrite(manager, { actor, action: 'update', resource: 'retention_settings', recordId: id, before: { days: setting.days }, after: { days }, fields: ['days'] });
    });
  }

  /** Every kind's period in days. */
  async periods(): Promise<Partial<Record<RetentionKind, number>>> {
    const rows = await this.dataSource.getRepository(RetentionSetting).find();
    return Object.fromEntries(rows.filter((row) => isRetentionKind(row.kind)).map((row) => [row.kind, row.days]));
  }
}
