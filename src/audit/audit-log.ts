import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { inTurn } from '../database/transaction.js';
import { AuditEntry, type AuditChanges } from './audit-entry.entity.js';

/** What a caller records: the actor as services receive it, and the record it touched. */
export interface AuditInput {
  actor: Actor;
  action: string;
  resource: string;
  recordId: number | string;
  changes?: AuditChanges | null;
  note?: string | null;
}

/** Fields whose values never enter the log (S2: no password, hash or token): their change is kept, not their value. */
const SECRET_FIELD = /hash|token|secret|password|recovery/i;
export const REDACTED = '[masqué]';

type Values = Record<string, unknown>;

/** How long a staff member's reading of a record stays one consultation while nobody else touches it. */
export const VISIT_MS = 15 * 60_000;

/** A value as the log keeps it: dates as ISO 8601, everything else as JSON would. */
function comparable(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value === undefined) return null;
  return value;
}

const same = (a: unknown, b: unknown) => JSON.stringify(comparable(a)) === JSON.stringify(comparable(b));

/**
 * The fields that differ between two states of a record (a missing state: created or deleted),
 * restricted to `fields` when given; secret fields are recorded as changed with masked values.
 */
export function changesBetween(before: Values | null, after: Values | null, fields?: readonly string[]): AuditChanges {
  const keys = fields ?? [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const changes: AuditChanges = {};
  for (const key of keys) {
    const was = before ? comparable(before[key]) : null;
    const is = after ? comparable(after[key]) : null;
    if (before && after && same(was, is)) continue;
    if (!before && is === null) continue;
    if (!after && was === null) continue;
    changes[key] = SECRET_FIELD.test(key) ? { before: was === null ? null : REDACTED, after: is === null ? null : REDACTED } : { before: was, after: is };
  }
  return changes;
}

/**
 * The audit log (SPEC S2, S3). `record` writes in the caller's transaction, so that a change and
 * its line commit or vanish together; `view` records a staff member's reading of personal data.
 */
@Injectable()
export class AuditLog {
  constructor(private readonly clock: Clock) {}

  async record(manager: EntityManager, input: AuditInput): Promise<void> {
    await manager.insert(AuditEntry, this.entry(input));
  }

  /**
   * A record's create, edit or delete with its line: its `fields` before and after (a missing
   * state: created or deleted). An edit that changes none of them writes no line.
   */
  async recordWrite(manager: EntityManager, input: Omit<AuditInput, 'changes' | 'action'> & { action: 'create' | 'update' | 'delete'; before: Values | null; after: Values | null; fields: readonly string[] }): Promise<void> {
    const { before, after, fields, ...line } = input;
    const changes = changesBetween(before, after, fields);
    if (line.action !== 'update' || Object.keys(changes).length) await this.record(manager, { ...line, changes });
  }

  /**
   * A read of a record's page (Law 25: access logged); its own write, outside any transaction. One
   * line a visit: the page shown again to the same staff member while the record's last line is
   * theirs and recent (the page after their own action, a reload) is the same consultation — two
   * lines for each action drowned the changes in the log.
   */
  async view(dataSource: DataSource, actor: Actor, resource: string, recordId: number | string): Promise<void> {
    await inTurn(dataSource, async () => {
      const lines = dataSource.getRepository(AuditEntry);
      if (actor.kind === 'staff') {
        const [last] = await lines.find({ where: { resource, recordId: String(recordId) }, order: { id: 'DESC' }, take: 1, select: { id: true, staffId: true, occurredAt: true } });
        if (last && last.staffId === actor.staffId && this.clock.now().getTime() - last.occurredAt.getTime() < VISIT_MS) return;
      }
      await lines.insert(this.entry({ actor, action: 'view', resource, recordId }));
    });
  }

  /** The lines of one record, newest first ("Historique"). */
  history(dataSource: DataSource, resource: string, recordId: number | string, limit = 50): Promise<AuditEntry[]> {
    return dataSource.getRepository(AuditEntry).find({ where: { resource, recordId: String(recordId) }, order: { id: 'DESC' }, take: limit });
  }

  private entry(input: AuditInput): QueryDeepPartialEntity<AuditEntry> {
    const changes = input.changes && Object.keys(input.changes).length ? input.changes : null;
    return {
      occurredAt: this.clock.now(),
      actorKind: input.actor.kind,
      staffId: input.actor.kind === 'staff' ? input.actor.staffId : null,
      action: input.action,
      resource: input.resource,
      recordId: String(input.recordId),
      // simple-json: TypeORM serialises the object; its deep-partial type does not follow `unknown` values.
      changes: changes as QueryDeepPartialEntity<AuditEntry>['changes'],
      note: input.note?.trim() ? input.note.trim() : null,
    };
  }
}
