import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// Every feature's error codes, registered as the app's composition root does (src/problems.ts).
import '../src/problems.js';

// Every e2e file builds its own app from process.env plus the overrides of test/support/app.ts.
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL ??= 'silent';
// The panel: no bundling at start-up and no rollup watcher keeping jest alive (see AdminPanelModule).
process.env.ADMIN_JS_SKIP_BUNDLE = 'true';
// AdminJS builds the components bundle on its first request and then serves it from this folder as
// long as it exists: one folder per checkout and version of the components, or a changed component
// (or another checkout's tests) would be served a stale bundle.
const components = join(import.meta.dirname, '..', 'src', 'admin', 'components');
const digest = createHash('sha256');
for (const file of [...readdirSync(components).sort().map((name) => join(components, name)), join(components, '..', 'admin-panel.module.ts')]) {
  digest.update(file).update(readFileSync(file));
}
process.env.ADMIN_JS_TMP_DIR ??= join(tmpdir(), `guichet-admin-bundle-${digest.digest('hex').slice(0, 16)}`);

// The portal (src/portal/web) as `npm run build` builds it, once per version of its sources: the
// browser tests and every app under test serve it. Built into a temporary folder, then renamed, so
// that two runs side by side (CI's SQLite and MariaDB) never serve a half-written one.
if (!process.env.PORTAL_ASSETS_DIR) {
  const root = join(import.meta.dirname, '..');
  const web = join(root, 'src', 'portal', 'web');
  const sources = digestOf([join(root, 'src', 'portal', 'portal-routes.ts'), join(root, 'package-lock.json'), ...filesUnder(web)]);
  const target = join(tmpdir(), `guichet-portal-${sources}`);
  if (!existsSync(join(target, 'index.html'))) {
    const building = `${target}.${process.pid}.${Date.now()}`;
    execFileSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(web, 'vite.config.ts')], {
      cwd: root,
      env: { ...process.env, PORTAL_OUT_DIR: building },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    try {
      renameSync(building, target);
    } catch {
      // Another run renamed its own build first: the same sources, so the same files.
      rmSync(building, { recursive: true, force: true });
    }
  }
  process.env.PORTAL_ASSETS_DIR = target;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));
}

function digestOf(files: string[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(file).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}
