// Every e2e file builds its own app from process.env plus the overrides of test/support/app.ts.
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL ??= 'silent';
// The panel: no bundling at start-up and no rollup watcher keeping jest alive (see AdminPanelModule).
process.env.ADMIN_JS_SKIP_BUNDLE = 'true';
// The components bundle is built on its first request and then read back from this folder whatever
// the components became: one folder per jest worker, or a bundle of other sources (another checkout,
// an earlier run) is served.
process.env.ADMIN_JS_TMP_DIR ??= `/tmp/guichet-admin-bundle-test-${process.pid}`;
