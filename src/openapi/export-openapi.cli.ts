// npm run openapi [-- FILE]: writes the OpenAPI document (default dist/openapi.json), booting the
// app on a throw-away SQLite database, then closes it.
import 'reflect-metadata';
// First: AdminJS reads its environment when imported (no bundling, so no watcher keeping this command alive).
import '../admin/adminjs-env.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createApp } from '../app.factory.js';
import { loadConfig } from '../config/app-config.js';
import { createLogger } from '../common/logging.js';
import { buildOpenApiDocument } from './openapi-document.js';

const target = resolve(process.argv[2] ?? 'dist/openapi.json');
const dataDir = mkdtempSync(join(tmpdir(), 'guichet-openapi-'));
try {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const config = loadConfig({ ...env, NODE_ENV: 'development', DATA_DIR: dataDir, MAIL_DISPATCH_INTERVAL_MS: '0', DEMO_DATA: 'false' });
  const app = await createApp(config, createLogger('silent'));
  const document = buildOpenApiDocument(app, config);
  await app.close();
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, `${JSON.stringify(document, null, 2)}\n`);
  console.log(`OpenAPI document written to ${target}`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
