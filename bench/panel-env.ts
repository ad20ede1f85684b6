// Imported first by the panel benchmark: the benchmark calls AdminJS's API only, so the app does
// not bundle the panel's front end at start-up (`npm run build` has bundled it already).
process.env.ADMIN_JS_SKIP_BUNDLE ??= 'true';
