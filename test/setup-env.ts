// Every e2e file builds its own app from process.env plus the overrides of test/support/app.ts.
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL ??= 'silent';
