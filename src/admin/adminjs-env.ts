import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../common/project-root.js';

/**
 * AdminJS reads these when it is first imported, so this module is imported before it (main.ts,
 * the bundling script). The bundle lives in dist/admin-bundle: not a dot-folder (express 5 serves
 * none), and shipped with the compiled app. In production the bundle is built by `npm run build`,
 * never at start-up.
 */
process.env.ADMIN_JS_TMP_DIR ??= join(projectRoot(), 'dist', 'admin-bundle');
// `npm run build` (which `npm start` runs first) has bundled the panel: start-up bundles only when no
// bundle is there yet, and never in production. Bundling at start-up also starts AdminJS's file
// watcher in development, which keeps a one-shot command (the OpenAPI export) from ever exiting.
if (process.env.NODE_ENV === 'production' || existsSync(join(process.env.ADMIN_JS_TMP_DIR, 'bundle.js'))) {
  process.env.ADMIN_JS_SKIP_BUNDLE ??= 'true';
}
