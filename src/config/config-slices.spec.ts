import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// The configuration is validated once, whole; services take the slice of their concern
// (CITY_CONFIG, MAIL_CONFIG, MAILBOX_CONFIG, STAFF_CONFIG, SECURITY_CONFIG, JOBS_CONFIG), so a
// constructor says what it depends on. The whole object stays for the composition: the database's
// module, the panel's options and the config module itself.
const WHOLE_CONFIG_ALLOWED = new Set(['config/config.module.ts', 'database/database.module.ts', 'admin/admin-panel.module.ts']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('the configuration by concern', () => {
  it('is injected whole only where the app is composed', () => {
    const src = join(import.meta.dirname, '..');
    const whole = sources(src)
      .map((path) => relative(src, path))
      .filter((file) => /\bAPP_CONFIG\b/.test(readFileSync(join(src, file), 'utf8')) && !WHOLE_CONFIG_ALLOWED.has(file) && file !== 'config/app-config.ts');
    expect(whole).toEqual([]);
  });
});
