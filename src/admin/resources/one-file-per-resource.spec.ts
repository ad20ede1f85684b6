import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESOURCE_IDS } from '../../staff/roles.js';

// One file per panel resource, named by its id (issue 15): a resource's adapter, options and actions are found by its id.
describe('the panel resources', () => {
  const here = import.meta.dirname;
  const files = readdirSync(here).filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts') && !['index.ts', 'shared.ts'].includes(file));

  it('are one file each, named by the resource id', () => {
    expect(files.map((file) => file.replace(/\.ts$/, '')).sort()).toEqual([...RESOURCE_IDS].sort());
  });

  it('each declare their own id for the adapter and the role matrix', () => {
    for (const id of RESOURCE_IDS) {
      const text = readFileSync(join(here, `${id}.ts`), 'utf8');
      expect([id, text.includes(`id: '${id}'`), text.includes(`options('${id}'`)]).toEqual([id, true, true]);
    }
  });
});
