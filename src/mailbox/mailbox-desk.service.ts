import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { actorLabel, type Actor } from '../common/actor.js';
import { DomainError } from '../common/domain-error.js';
import { findAssignee } from '../staff/assignees.js';
import { requireRight } from '../staff/roles.js';
import { Staff } from '../staff/staff.entity.js';
import type { ThreadMessage } from './thread-message.entity.js';
import { ThreadWriter } from './thread-writer.js';
import type { Thread } from './thread.entity.js';

/**
 * The staff's side of the mailbox (M4): take or assign a thread, reply to the resident through the
 * outbox (threaded in their mail client), write internal notes, close and reopen. The desk says who
 * may act (a staff member; who may be assigned work); `ThreadWriter` writes each change and its
 * audit line in its own transaction.
 */
@Injectable()
export class MailboxDesk {
  private readonly logger = new Logger('MailboxDesk');

  constructor(private readonly writer: ThreadWriter) {}

  /** The member acting takes the thread (the role matrix says who may). */
  async take(threadId: number, actor: Actor): Promise<Thread> {
    requireRight(actor, 'threads', 'take');
    return this.writer.holdBy(threadId, actor, 'take', (manager: EntityManager) => manager.findOneBy(Staff, { id: staffIdOf(actor), active: true }));
  }

  /** A supervisor gives the thread to a member who may be assigned work (`mayBeAssigned`: an active clerk). */
  async assign(threadId: number, staffId: number, actor: Actor): Promise<Thread> {
    requireRight(actor, 'threads', 'assign');
    return this.writer.holdBy(threadId, actor, 'assign', (manager) => findAssignee(manager, staffId));
  }

  async close(threadId: number, actor: Actor): Promise<Thread> {
    requireRight(actor, 'threads', 'close');
    return this.writer.close(threadId, actor);
  }

  /** Back in the queue: waiting for the city (its due time is the one fixed at receipt). */
  async reopen(threadId: number, actor: Actor): Promise<Thread> {
    requireRight(actor, 'threads', 'reopen');
    return this.writer.reopen(threadId, actor);
  }

  /** A note for colleagues: never shown nor sent to the resident. */
  async note(threadId: number, body: string, actor: Actor): Promise<ThreadMessage> {
    requireRight(actor, 'threads', 'note');
    return this.writer.addNote(threadId, body, staffIdOf(actor), actor);
  }

  /**
   * A reply to the resident, sent through the outbox with the reference in the subject and the
   * thread's Message-IDs in In-Reply-To/References; the first one answers the thread (M4) and
   * records the response time in business hours.
   */
  async reply(threadId: number, body: string, actor: Actor): Promise<ThreadMessage> {
    requireRight(actor, 'threads', 'reply');
    const result = await this.writer.addStaffReply(threadId, body, staffIdOf(actor), actor);
    this.logger.log({ reference: result.thread.reference, first: result.first, actor: actorLabel(actor) }, 'Mailbox reply sent');
    return result.reply;
  }
}

function staffIdOf(actor: Actor): number {
  if (actor.kind !== 'staff') throw new DomainError('forbidden', 403);
  return actor.staffId;
}
