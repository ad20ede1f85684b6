import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp, type CreateAppOptions } from '../../src/app.factory.js';
import { createLogger } from '../../src/common/logging.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { OutboxDispatcher } from '../../src/notifications/outbox-dispatcher.service.js';
import { TestClock } from './clock.js';
import { Mailbox } from './mailbox.js';
import { ResponseValidator, type ObservedResponse } from './openapi.js';

export const PORTAL_URL = 'http://portail.test/portail';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  /** The app's clock: move it instead of sleeping or editing rows. */
  clock: TestClock;
  dataSource: DataSource;
  dispatcher: OutboxDispatcher;
  mailbox: Mailbox;
  /** Every log line the app wrote, as text. */
  logs: string[];
  /** Checks every response of `http()` against the app's OpenAPI document (/api/docs-json). */
  openapi: ResponseValidator;
  /** Requests to the app; each response must match the OpenAPI document, or the request fails. */
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

/**
 * A real app on a real database: SQLite in a fresh folder by default, MariaDB/MySQL when
 * DATABASE_URL is set. Emails go to .eml files in the app's own folder.
 */
export async function startApp(env: Record<string, string> = {}, options: Pick<CreateAppOptions, 'mount'> = {}): Promise<TestApp> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'guichet-test-'));
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    PORTAL_URL,
    PUBLIC_URL: 'http://api.test',
    MAIL_DISPATCH_INTERVAL_MS: '0',
    IMAP_POLL_INTERVAL_MS: '0',
    DIGEST_CHECK_INTERVAL_MS: '0',
    REGISTRATION_SWEEP_INTERVAL_MS: '0',
    TRUST_PROXY: 'loopback',
    LOG_LEVEL: 'debug',
    // argon2's queue takes every burst a test fires (at the limiter, at sign-up): how many it would
    // admit depends on this machine's speed. test/password-queue.e2e-spec.ts sets its own bounds.
    PASSWORD_QUEUE_MAX: '10000',
    PASSWORD_QUEUE_WAIT_MS: '600000',
    ...env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      // TEST_LOGS=1 shows the app's log lines while debugging a test.
      if (process.env.TEST_LOGS === '1') process.stderr.write(chunk);
      done();
    },
  });
  const clock = new TestClock(config.cityTimeZone);
  // The service's own logger (redaction, UTC times), at debug level, into the sink.
  const app = await createApp(config, createLogger('debug', sink), { ...options, clock });
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer();
  const document = await request(server).get('/api/docs-json').expect(200);
  const t: TestApp = {
    app,
    config,
    clock,
    dataSource: app.get<DataSource>(getDataSourceToken()),
    dispatcher: app.get(OutboxDispatcher),
    mailbox: new Mailbox(config.mailDir, app.get(OutboxDispatcher)),
    logs,
    openapi: new ResponseValidator(document.body),
    http: () => checkedAgainstDocument(request(server), () => t.openapi),
    async close() {
      await app.close();
      if (!env.DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return t;
}

type Agent = ReturnType<typeof request>;
type Test = ReturnType<Agent['get']>;

/**
 * Every request of the agent gets one more assertion, run after the test's own `.expect()`s: the
 * response must match the OpenAPI document. A mismatch fails the request (its promise rejects).
 */
function checkedAgainstDocument(agent: Agent, validator: () => ResponseValidator): Agent {
  const checked = { ...agent } as Record<string, unknown>;
  for (const [method, make] of Object.entries(agent)) {
    if (typeof make !== 'function') continue;
    checked[method] = (url: string) => {
      // The failure points at the test's line, not at supertest's internals.
      const callSite = new Error().stack?.split('\n').slice(2).join('\n') ?? '';
      const test = (make as (url: string) => Test)(url);
      const internals = test as unknown as { assert(err: unknown, res: unknown, fn: unknown): void; _asserts: Array<(res: unknown) => unknown> };
      const assert = internals.assert.bind(test);
      internals.assert = (err, res, fn) => {
        if (res) {
          internals._asserts.push((response) => {
            const request = { method: test.method, url, authorization: test.get('Authorization') !== undefined };
            const message = validator().check(request, response as ObservedResponse);
            if (!message) return;
            const error = new Error(message);
            error.stack = `Error: ${message}\n${callSite}`;
            throw error;
          });
        }
        assert(err, res, fn);
      };
      return test;
    };
  }
  return checked as unknown as Agent;
}

let counter = 0;

/** A fresh address per test: MariaDB keeps its rows from one file to the next. */
export function uniqueEmail(name = 'resident'): string {
  counter += 1;
  return `${name}.${Date.now().toString(36)}${counter}${Math.floor(Math.random() * 1e6)}@exemple.ca`;
}

/** A fresh client address, sent as X-Forwarded-For through the trusted loopback proxy. */
export function uniqueIp(): string {
  const n = () => Math.floor(Math.random() * 254) + 1;
  return `10.${n()}.${n()}.${n()}`;
}

export const PASSWORD = 'Soleil-d-hiver-27';

/**
 * A request of exactly these headers and bytes, past supertest (which fixes Content-Length and
 * Content-Type): a body shorter than its boundary says, a type no parser knows, a path as typed.
 */
export function rawRequest(t: TestApp, method: string, path: string, headers: Record<string, string>, body: string | Buffer = ''): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: { 'Content-Length': String(Buffer.byteLength(body)), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
