import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// The panel's adapter reads; its new, edit and delete call the resource's writer (the feature's
// service, which checks the rules and the actor's role and writes the audit line). No write path here.
const WRITES = [
  /\.(save|insert|update|upsert|delete|remove|softDelete|softRemove|increment|decrement|execute)\(/g,
  /\b(inTransaction|inTurn|transaction|getRepository\([^)]*\)\.(?:save|insert|update|delete))\b/g,
  /\baudit!?\.record\b/g,
  /\b(INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b/gi,
];

describe('the panel adapter', () => {
  it('writes nothing itself', () => {
    const here = import.meta.dirname;
    const found: string[] = [];
    for (const name of readdirSync(here).filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))) {
      const lines = readFileSync(join(here, name), 'utf8').split('\n');
      for (const [index, line] of lines.entries()) {
        // The adapter's own `update`/`delete` methods (AdminJS's contract) and calls of the writer's.
        const code = line.replace(/^\s*(override\s+)?async\s+(create|update|delete)\(.*$/, '').replace(/\/\/.*$|^\s*\*.*$/, '');
        for (const pattern of WRITES) for (const match of code.matchAll(pattern)) found.push(`${name}:${index + 1}: ${match[0]}`);
      }
    }
    expect(found).toEqual([]);
  });
});
