import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// Threads, their messages and attachments have one writer (ThreadWriter): the API, the email intake
// and the desk call it, so the reference, the due time, the acknowledgement and the audit line are
// written one way. Any other file that writes those tables shows here.
const ENTITIES = '(?:Thread|ThreadMessage|ThreadAttachment)\\b';
const TABLES = '[`"]?(?:threads|thread_messages|thread_attachments)\\b';
const WRITES = [
  new RegExp(`\\.(?:save|insert|update|upsert|delete|remove|softDelete|softRemove|increment|decrement|create|preload|clear)\\(\\s*${ENTITIES}`, 'g'),
  new RegExp(`getRepository\\(\\s*${ENTITIES}\\s*\\)\\s*\\.(?:save|insert|update|upsert|delete|remove|softDelete|softRemove|increment|decrement|create|clear)\\b`, 'g'),
  new RegExp(`\\.into\\(\\s*${ENTITIES}|\\.delete\\(\\)\\s*\\.from\\(\\s*${ENTITIES}`, 'g'),
  new RegExp(`\\b(?:INSERT\\s+(?:IGNORE\\s+)?INTO|REPLACE\\s+INTO|UPDATE|DELETE\\s+FROM|TRUNCATE(?:\\s+TABLE)?)\\s+${TABLES}`, 'gi'),
];
const WRITER = 'mailbox/thread-writer.ts';

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('threads, thread messages and attachments', () => {
  const root = join(import.meta.dirname, '..');
  const writes = (name: string) => {
    const found: string[] = [];
    for (const [index, line] of readFileSync(join(root, name), 'utf8').split('\n').entries()) {
      const code = line.replace(/\/\/.*$|^\s*\*.*$/, '');
      for (const pattern of WRITES) for (const match of code.matchAll(pattern)) found.push(`${name}:${index + 1}: ${match[0]}`);
    }
    return found;
  };

  it('are written by ThreadWriter only', () => {
    const others = sources(root).map((path) => relative(root, path)).filter((name) => name !== WRITER);
    expect(others.flatMap(writes)).toEqual([]);
  });

  it('are written by ThreadWriter (the check sees its writes)', () => {
    expect(writes(WRITER).length).toBeGreaterThanOrEqual(6);
  });
});
