import { join } from 'node:path';
import { projectRoot } from '../common/project-root.js';

/**
 * AdminJS reads these when it is first imported, so this module is imported before it (main.ts,
 * the bundling script). The bundle lives in dist/admin-bundle: not a dot-folder (express 5 serves
 * none), and shipped with the compiled app. In production the bundle is built by `npm run build`,
 * never at start-up.
 */
process.env.ADMIN_JS_TMP_DIR ??= join(projectRoot(), 'dist', 'admin-bundle');
if (process.env.NODE_ENV === 'production') process.env.ADMIN_JS_SKIP_BUNDLE ??= 'true';
