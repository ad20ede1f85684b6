import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// `common/` is the ground floor: the features build on it, so it may import packages and itself,
// never a feature (the error registry is assembled by src/problems.ts, the composition root).
describe('the ground floor', () => {
  it('imports no feature', () => {
    const here = import.meta.dirname;
    const upward: string[] = [];
    for (const name of readdirSync(here).filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))) {
      const source = readFileSync(join(here, name), 'utf8');
      for (const [, target] of source.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/g)) {
        if (!target.startsWith('.')) continue;
        const resolved = resolve(dirname(join(here, name)), target);
        if (relative(here, resolved).startsWith('..')) upward.push(`${name} → ${target}`);
      }
      for (const [, target] of source.matchAll(/(?:^|\n)\s*import\s+['"](\.[^'"]+)['"]/g)) {
        if (relative(here, resolve(here, target)).startsWith('..')) upward.push(`${name} → ${target}`);
      }
    }
    expect(upward).toEqual([]);
  });
});
