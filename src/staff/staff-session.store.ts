import { createHash } from 'node:crypto';
import session, { type SessionData } from 'express-session';
import { DataSource, LessThan, MoreThan } from 'typeorm';
import type { Clock } from '../common/clock.js';
import { inTurn } from '../database/transaction.js';
import { StaffSession } from './staff-session.entity.js';

type Callback<T = void> = (error?: unknown, value?: T) => void;

function rowId(sid: string): string {
  return createHash('sha256').update(sid).digest('hex');
}

/**
 * express-session's store over the `staff_sessions` table, through the app's DataSource: the same
 * on MySQL/MariaDB and SQLite, and shared by every instance on the database. A row lives as long
 * as `ttlMs` after its last write; the idle and absolute timeouts themselves are checked by the
 * staff middleware with the app's clock.
 */
export class DatabaseSessionStore extends session.Store {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {
    super();
  }

  private get repository() {
    return this.dataSource.getRepository(StaffSession);
  }

  override get(sid: string, callback: Callback<SessionData | null>): void {
    this.repository
      .findOne({ where: { id: rowId(sid), expiresAt: MoreThan(this.clock.now()) } })
      .then((row) => callback(undefined, row ? (JSON.parse(row.data) as SessionData) : null), callback);
  }

  override set(sid: string, data: SessionData, callback: Callback = () => undefined): void {
    const row = { id: rowId(sid), staffId: data.staff?.staffId ?? null, data: JSON.stringify(data), expiresAt: new Date(this.clock.now().getTime() + this.ttlMs) };
    inTurn(this.dataSource, () => this.repository.upsert(row, ['id'])).then(() => callback(), callback);
  }

  /**
   * No write for a request that changed nothing: the staff middleware records activity in the
   * session itself (at most once a minute), which saves it and pushes the row's expiry.
   */
  override touch(_sid: string, _data: SessionData, callback: Callback = () => undefined): void {
    callback();
  }

  override destroy(sid: string, callback: Callback = () => undefined): void {
    inTurn(this.dataSource, () => this.repository.delete({ id: rowId(sid) })).then(() => callback(), callback);
  }

  /** Deletes the rows of sessions that can no longer be used. */
  async purgeExpired(): Promise<void> {
    await inTurn(this.dataSource, () => this.repository.delete({ expiresAt: LessThan(this.clock.now()) }));
  }
}
