import { randomUUID } from 'node:crypto';

/** The host part of our Message-IDs: the service's public host name. */
export function messageIdDomain(publicUrl: string): string {
  return new URL(publicUrl).hostname || 'guichet-loisirs';
}

/** A Message-ID of ours for an email of a thread: `<DM-2026-000123.…@host>` (the reference tells which thread). */
export function threadMessageId(reference: string, domain: string, part: string = randomUUID()): string {
  return `<${reference}.${part}@${domain}>`;
}
