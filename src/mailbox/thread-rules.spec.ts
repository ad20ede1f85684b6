import { describe, expect, it } from '@jest/globals';
import { referenceOfUnguessableId, threadMessageId } from './message-ids.js';
import { referenceInSubject } from './email-text.js';
import { dueWords, isClosed, isMessageBody, threadReference } from './thread-rules.js';

describe('thread rules', () => {
  it('allocates references the subject and our Message-IDs are read back with', () => {
    const reference = threadReference('2026', 123);
    expect(reference).toBe('DM-2026-000123');
    expect(referenceInSubject(`Re: Nouvelle adresse [${reference.toLowerCase()}]`)).toBe(reference);
    expect(referenceOfUnguessableId(threadMessageId(reference, 'ville.test'), 'ville.test')).toBe(reference);
    expect(referenceOfUnguessableId(threadMessageId(reference, 'ville.test', '1'), 'ville.test')).toBeNull();
  });

  it('takes a message body that is not blank, plain text of at most 10 000 characters', () => {
    expect(isMessageBody('Bonjour,\nnous avons déménagé.')).toBe(true);
    expect(isMessageBody('é'.repeat(10_000))).toBe(true);
    expect(isMessageBody('é'.repeat(10_001))).toBe(false);
    expect(isMessageBody('  \n ')).toBe(false);
    expect(isMessageBody('a\u202eb')).toBe(false);
    expect(isMessageBody(42)).toBe(false);
  });

  it('tells a closed thread', () => {
    expect(['open', 'answered', 'closed'].map(isClosed)).toEqual([false, false, true]);
  });

  it('writes the due time in words, the end of a business day on that day', () => {
    const zone = 'America/Toronto';
    expect(dueWords(new Date('2026-12-02T20:30:00Z'), zone, 'fr')).toBe('le mercredi 2 décembre 2026 à 15 h 30');
    expect(dueWords(new Date('2026-12-03T05:00:00Z'), zone, 'fr')).toBe('le mercredi 2 décembre 2026 à la fin de la journée');
    expect(dueWords(new Date('2026-12-02T20:00:00Z'), zone, 'en')).toBe('Wednesday, December 2, 2026 at 3 p.m.');
  });
});
