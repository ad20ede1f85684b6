import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
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
