import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { startApp, type TestApp } from './app.js';
import type { ObservedRequest, ResponseValidator } from './openapi.js';
import { startPrivateMariaDb, type PrivateMariaDb } from './mariadb-server.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';

/** One request of a fault test's load, as the client saw it. */
export interface Outcome<K extends string = string> {
  kind: K;
  /** What the request was about (an email, a request id…), for the checks against the database. */
  key: string;
  status: number;
  contentType: string;
  retryAfter: string | null;
  body: Record<string, unknown> | null;
  /** The request and every header of the answer, for the OpenAPI check (`mismatches`). */
  request: ObservedRequest;
  headers: Record<string, string>;
  sentAt: number;
  answeredAt: number;
}

/** A request over real HTTP (fetch); the answer's status, headers and JSON body, never a throw for a status. */
export async function call<K extends string>(
  kind: K,
  key: string,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown; form?: Record<string, string> } = {},
): Promise<Outcome<K>> {
  const sentAt = Date.now();
  const headers: Record<string, string> = { ...init.headers };
  let body: string | FormData | undefined;
  if (init.form) {
    const form = new FormData();
    for (const [name, value] of Object.entries(init.form)) form.append(name, value);
    body = form;
  } else if (init.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.body);
  }
  const method = init.method ?? (body ? 'POST' : 'GET');
  const response = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(120_000) });
  const text = await response.text();
  let json: Record<string, unknown> | null = null;
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : null;
  } catch {
    json = null;
  }
  return {
    kind,
    key,
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    retryAfter: response.headers.get('retry-after'),
    body: json,
    request: { method, url, authorization: 'authorization' in headers },
    headers: Object.fromEntries(response.headers),
    sentAt,
    answeredAt: Date.now(),
  };
}

/** Polls `probe` until it returns a value other than undefined/false; throws with `what` after `timeoutMs`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await sleep(everyMs);
  }
}

/**
 * Runs `tasks` with `concurrency` workers, each taking the next task when its previous one has
 * answered; `pause(outcome)` says how long a worker waits before its next task (a client backing
 * off after a 503).
 */
export async function runLoad<T>(tasks: Array<() => Promise<T>>, concurrency: number, pause: (result: T) => number = () => 0): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
      const wait = pause(results[index]);
      if (wait > 0) await sleep(wait);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

/** Whether an answer is the 503 of an unavailable service: problem+json, a stable code, Retry-After in seconds. */
export function isUnavailableProblem(outcome: Outcome, codes: string[] = ['service_unavailable']): boolean {
  return (
    outcome.status === 503 &&
    outcome.contentType.startsWith('application/problem+json') &&
    codes.includes(String(outcome.body?.code)) &&
    /^[1-9]\d*$/.test(outcome.retryAfter ?? '')
  );
}

/** Shuffles in place (Fisher–Yates) and returns the array. */
export function shuffled<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}


/** The base URL of an app started by `startApp` (real HTTP, not supertest's in-process calls). */
export function baseUrl(t: TestApp): string {
  return `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
}

export interface FaultStack {
  db: PrivateMariaDb;
  sink: SmtpSink;
  t: TestApp;
  /** `http://127.0.0.1:<port>` of the app. */
  base: string;
  close(): Promise<void>;
}

/**
 * What a fault test starts from: a private MariaDB server (one database, `guichet_faults`), an
 * SMTP sink, and the app on both, its outbox polled every 500 ms. `close()` stops all three.
 */
export async function startFaultStack(env: Record<string, string> = {}): Promise<FaultStack> {
  const db = await startPrivateMariaDb();
  const sink = await startSmtpSink().catch(async (error: unknown) => {
    await db.destroy();
    throw error;
  });
  try {
    const url = await db.createDatabase('guichet_faults');
    const t = await startApp({ DATABASE_URL: url, SMTP_URL: sink.url, MAIL_DISPATCH_INTERVAL_MS: '500', STAFF_MFA: 'optional', ...env });
    return {
      db,
      sink,
      t,
      base: baseUrl(t),
      async close() {
        await t.close();
        await sink.close();
        await db.destroy();
      },
    };
  } catch (error) {
    await sink.close();
    await db.destroy();
    throw error;
  }
}

/** The answers of the public API that do not match its OpenAPI document (each with the reason). */
export function mismatches(validator: ResponseValidator, outcomes: Outcome[]): string[] {
  return outcomes
    .filter((o) => new URL(o.request.url).pathname.startsWith('/api/'))
    .map((o) => validator.check(o.request, { status: o.status, headers: o.headers, body: o.body }))
    .filter((message): message is string => message !== null);
}

/** A last name of letters only (a name may hold no digit), unique to this run. */
export function uniqueLetters(prefix: string): string {
  return `${prefix}${Array.from({ length: 10 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('')}`;
}

/** A dossier-number request of an applicant and one child, both of `lastName`. */
export function dossierRequestBody(email: string, lastName: string) {
  return {
    applicant: { firstName: 'Camille', lastName, birthDate: '1985-04-12' },
    address: { civicNumber: '1234', street: 'boulevard La Salle', city: 'Baie-Comeau', postalCode: 'G4Z 1A1' },
    members: [{ firstName: 'Léo', lastName, birthDate: '2016-06-01', relationship: 'child' }],
    email,
    phone: '418-296-8100',
    consent: true,
  };
}
