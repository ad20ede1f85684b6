import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log.js';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { FieldCheck, type FormText } from '../common/field-check.js';
import { FREE_TEXT, textProblem } from '../common/validation.js';
import { inTransaction } from '../database/transaction.js';
import { requireRight } from '../staff/roles.js';
import { PrivacyIncident } from './privacy-incident.entity.js';

/** An incident as the register's form gives it (every field as text; a box ticked: `true`). */
export type IncidentInput = Partial<Record<(typeof INCIDENT_FIELDS)[number], FormText>>;

export const INCIDENT_FIELDS = [
  'followsId', 'occurredOn', 'discoveredOn', 'description', 'informationConcerned', 'personsConcerned', 'personsCount',
  'seriousRisk', 'riskAssessment', 'commissionNotifiedOn', 'commissionNote', 'personsNotifiedOn', 'personsNote', 'measures',
] as const;

type IncidentValues = Omit<PrivacyIncident, 'id' | 'createdAt'>;

/**
 * The confidentiality incidents register (Law 25; the Regulation respecting confidentiality
 * incidents, s. 11), its one writer: administrators add entries, nobody changes or removes one (the
 * database refuses it too). What an entry lacks at first (the Commission's notice, the measures'
 * outcome) is a follow-up entry naming it.
 */
@Injectable()
export class IncidentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  async create(input: IncidentInput, actor: Actor): Promise<number> {
    requireRight(actor, 'privacy_incidents', 'new');
    const values = await this.check(input, actor);
    return inTransaction(this.dataSource, async (manager) => {
      const { id } = await manager.save(manager.create(PrivacyIncident, values));
      await this.audit.recordWrite(manager, { actor, action: 'create', resource: 'privacy_incidents', recordId: id, before: null, after: { ...values }, fields: INCIDENT_FIELDS });
      return id;
    });
  }

  private async check(input: IncidentInput, actor: Actor): Promise<IncidentValues> {
    const check = new FieldCheck();
    const today = this.clock.today();
    const day = (field: 'occurredOn' | 'discoveredOn' | 'commissionNotifiedOn' | 'personsNotifiedOn', required: boolean): string | null => {
      if (!required && !(input[field] ?? '').trim()) return null;
      const value = check.day(field, input[field]);
      if (value && value > today) {
        check.fail(field, 'date_in_future');
        return null;
      }
      return value;
    };
    const text = (field: 'description' | 'informationConcerned' | 'personsConcerned' | 'riskAssessment' | 'measures' | 'commissionNote' | 'personsNote', required: boolean): string | null => {
      const value = (input[field] ?? '').trim();
      if (!value) {
        if (required) check.fail(field, 'required');
        return null;
      }
      const code = textProblem(value, FREE_TEXT);
      if (code) check.fail(field, code);
      return code ? null : value;
    };

    const occurredOn = day('occurredOn', true);
    const discoveredOn = day('discoveredOn', true);
    if (occurredOn && discoveredOn && discoveredOn < occurredOn) check.fail('discoveredOn', 'discovered_before_incident');
    const count = (input.personsCount ?? '').trim();
    if (!/^\d{1,9}$/.test(count)) check.fail('personsCount', count ? 'persons_count_invalid' : 'required');
    const risk = (input.seriousRisk ?? 'false').trim();
    if (!['true', 'false', ''].includes(risk)) check.fail('seriousRisk', 'boolean_invalid');
    const seriousRisk = risk === 'true';

    const commissionNotifiedOn = day('commissionNotifiedOn', false);
    const commissionNote = text('commissionNote', false);
    if (!(input.commissionNotifiedOn ?? '').trim() && !commissionNote && !check.problems.some((p) => p.field === 'commissionNote')) {
      check.fail('commissionNotifiedOn', seriousRisk ? 'commission_notice_due' : 'commission_notice_required');
    }
    const personsNotifiedOn = day('personsNotifiedOn', false);
    const personsNote = text('personsNote', false);
    if (!(input.personsNotifiedOn ?? '').trim() && !personsNote && !check.problems.some((p) => p.field === 'personsNote')) check.fail('personsNotifiedOn', 'persons_notice_required');

    const follows = (input.followsId ?? '').trim();
    let followsId: number | null = null;
    if (follows) {
      followsId = /^\d{1,9}$/.test(follows) ? Number(follows) : 0;
      if (!followsId || !(await this.dataSource.getRepository(PrivacyIncident).existsBy({ id: followsId }))) check.fail('followsId', 'incident_not_found');
    }

    const values: IncidentValues = {
      followsId,
      occurredOn: occurredOn ?? '',
      discoveredOn: discoveredOn ?? '',
      description: text('description', true) ?? '',
      informationConcerned: text('informationConcerned', true) ?? '',
      personsConcerned: text('personsConcerned', true) ?? '',
      personsCount: Number(count),
      seriousRisk,
      riskAssessment: text('riskAssessment', true) ?? '',
      commissionNotifiedOn,
      commissionNote,
      personsNotifiedOn,
      personsNote,
      measures: text('measures', true) ?? '',
      recordedById: actor.kind === 'staff' ? actor.staffId : null,
    };
    check.done();
    return values;
  }
}
