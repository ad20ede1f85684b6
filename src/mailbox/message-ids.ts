import { randomUUID } from 'node:crypto';
import { THREAD_REFERENCE_PATTERN } from './thread-rules.js';

/** The host part of our Message-IDs: the service's public host name. */
export function messageIdDomain(publicUrl: string): string {
  return new URL(publicUrl).hostname || 'guichet-loisirs';
}

/** A Message-ID of ours for an email of a thread: `<DM-2026-000123.…@host>` (the reference tells which thread). */
export function threadMessageId(reference: string, domain: string, part: string = randomUUID()): string {
  return `<${reference}.${part}@${domain}>`;
}

const REFERENCE_AND_UUID = new RegExp(`^<(${THREAD_REFERENCE_PATTERN})\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}@([^>]+)>$`);

/**
 * The thread reference of a Message-ID of ours that nobody could have guessed (its part a random
 * UUID, as the acknowledgement's and the staff replies'); null for any other, `<DM-…​.1@host>` included.
 */
export function referenceOfUnguessableId(messageId: string, domain: string): string | null {
  const match = REFERENCE_AND_UUID.exec(messageId);
  return match && match[2] === domain ? match[1] : null;
}
