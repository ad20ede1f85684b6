import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { OpenAPIObject } from '@nestjs/swagger';
import { FIELD_MESSAGES, PROBLEMS } from '../src/common/messages.js';
import '../src/problems.js';
import { startApp, uniqueIp, type TestApp } from './support/app.js';
import { createHousehold } from './support/dossiers.js';
import { operationsOf, requestsFor, type GeneratedRequest, type Hints, type OperationRef } from './support/openapi-arbitraries.js';
import type { ObservedResponse } from './support/openapi.js';
import { loggedInResident } from './support/residents.js';

/**
 * Property-based requests for every operation of the OpenAPI document (issue #10, item 4): valid-ish
 * and hostile bodies, path and query parameters, with and without the resident's token. Whatever the
 * input: never a 5xx; an error is problem+json with one of our codes (and our field codes); every
 * answer matches the document (a 2xx its response schema); and a message the service accepted
 * reads back exactly as sent.
 *
 * One seed per run, in the test's title and with any failure: `FC_SEED=<seed>` replays the run,
 * `FC_RUNS` sets the number of requests per operation. Without FC_SEED the seed comes from the
 * commit: a rerun of the same commit sends the same requests, the next commit other ones.
 */
const SEED = Number(process.env.FC_SEED) || seedOfCommit();
const RUNS = Number(process.env.FC_RUNS) || 40;

function seedOfCommit(): number {
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: import.meta.dirname, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    return parseInt(head.slice(0, 8), 16) % 2 ** 31 || 1;
  } catch {
    // Not a checkout: a seed of its own, printed like any other.
    return 1 + Math.floor(Math.random() * (2 ** 31 - 1));
  }
}

/** An access token the service never issued: a JWT of the right shape signed with another key. */
function forgedToken(): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 1, typ: 'access', exp: 4102444800 })}`;
  return `${unsigned}.${createHmac('sha256', 'not-the-secret').update(unsigned).digest('base64url')}`;
}

const FORGED = forgedToken();
const PROBLEM_CODES = new Set(Object.keys(PROBLEMS));
const FIELD_CODES = new Set(Object.keys(FIELD_MESSAGES));

describe(`property-based requests from the OpenAPI document (FC_SEED=${SEED}, ${RUNS} runs per operation)`, () => {
  let t: TestApp;
  let base: string;
  let token: string;
  let document: OpenAPIObject;
  let hints: Hints;

  beforeAll(async () => {
    t = await startApp();
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const resident = await loggedInResident(t);
    token = resident.accessToken;
    const other = await loggedInResident(t);
    const { persons } = await createHousehold(t.dataSource, [
      { firstName: 'Camille', lastName: 'Tremblay', birthDate: '1985-04-12', role: 'holder' },
      { firstName: 'Zoé', lastName: 'Tremblay', birthDate: '2018-08-08', role: 'child' },
    ]);
    const thread = async (accessToken: string) =>
      (await t.http().post('/api/v1/me/messages').set('Authorization', `Bearer ${accessToken}`).send({ category: 'other', subject: 'Bonjour', body: 'Une question.' }).expect(201)).body.id as number;
    hints = {
      // The resident's own thread, and another resident's (which must stay a 404).
      ids: [await thread(token), await thread(other.accessToken)],
      emails: [resident.email, other.email],
      dossierNumbers: persons.map((p) => p.dossierNumber),
      birthDates: ['1985-04-12', '1985/04/12', '2018-08-08'],
    };
    document = t.openapi.document;
  });
  afterAll(() => t?.close());

  async function send(r: GeneratedRequest): Promise<ObservedResponse> {
    const headers: Record<string, string> = { 'X-Forwarded-For': uniqueIp() };
    if (r.auth === 'resident') headers.Authorization = `Bearer ${token}`;
    if (r.auth === 'forged') headers.Authorization = `Bearer ${FORGED}`;
    if (r.acceptLanguage) headers['Accept-Language'] = r.acceptLanguage;
    let body: Buffer | undefined;
    if (r.body) {
      // A Buffer: fetch adds no content type of its own, so that a body without one can be sent too.
      body = Buffer.from(r.body.kind === 'json' ? JSON.stringify(r.body.value) ?? '' : r.body.text);
      if (r.body.contentType) headers['Content-Type'] = r.body.contentType;
    }
    const res = await fetch(`${base}${r.url}`, { method: r.method, headers, body, redirect: 'manual' });
    const text = await res.text();
    let parsed: unknown = text;
    if (/json/.test(res.headers.get('content-type') ?? '')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: res.status, headers: Object.fromEntries(res.headers), body: parsed, text };
  }

  /** What is wrong with an answer, by our contract; an empty list when nothing is. */
  async function problemsWith(ref: OperationRef, r: GeneratedRequest, res: ObservedResponse): Promise<string[]> {
    const problems: string[] = [];
    if (res.status >= 500) problems.push(`answered ${res.status}`);
    if (res.status >= 400) {
      const type = String(res.headers['content-type'] ?? '');
      const body = res.body as { code?: unknown; status?: unknown; errors?: Array<{ code?: unknown; field?: unknown }> };
      if (!type.startsWith('application/problem+json')) problems.push(`an error as ${type || 'no content type'}`);
      if (!PROBLEM_CODES.has(String(body?.code))) problems.push(`problem code ${JSON.stringify(body?.code)} is not one of ours`);
      if (body?.status !== res.status) problems.push(`problem status ${JSON.stringify(body?.status)} ≠ ${res.status}`);
      for (const error of body?.errors ?? []) {
        if (!FIELD_CODES.has(String(error.code))) problems.push(`field code ${JSON.stringify(error.code)} is not one of ours`);
        if (typeof error.field !== 'string') problems.push(`field ${JSON.stringify(error.field)} is not a name`);
      }
    }
    const mismatch = t.openapi.check({ method: r.method, url: r.url, authorization: r.auth !== 'none' }, res);
    if (mismatch) problems.push(mismatch.split('\n').slice(0, 4).join(' '));
    if (res.status < 300 && r.auth === 'resident' && r.body?.kind === 'json') problems.push(...(await readBack(ref, r.body.value, res)));
    return problems;
  }

  /** A message the service accepted reads back exactly: the subject trimmed, the body as written. */
  async function readBack(ref: OperationRef, sent: unknown, res: ObservedResponse): Promise<string[]> {
    const value = sent as { subject: string; body: string };
    if (ref.method === 'POST' && ref.template === '/api/v1/me/messages') {
      const id = (res.body as { id: number }).id;
      const thread = (await send({ method: 'GET', url: `/api/v1/me/messages/${id}`, auth: 'resident', acceptLanguage: null })).body as { subject: string; messages: Array<{ body: string }> };
      const problems: string[] = [];
      if (thread.subject !== value.subject.trim()) problems.push(`subject ${JSON.stringify(value.subject)} read back as ${JSON.stringify(thread.subject)}`);
      if (thread.messages[0]?.body !== value.body) problems.push(`body ${JSON.stringify(value.body).slice(0, 80)} read back as ${JSON.stringify(thread.messages[0]?.body).slice(0, 80)}`);
      return problems;
    }
    if (ref.method === 'POST' && ref.template === '/api/v1/me/messages/{id}/replies') {
      const last = (res.body as { messages: Array<{ body: string }> }).messages.at(-1);
      return last?.body === value.body ? [] : [`reply ${JSON.stringify(value.body).slice(0, 80)} read back as ${JSON.stringify(last?.body).slice(0, 80)}`];
    }
    return [];
  }

  it('answers every generated request within the contract', async () => {
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(15);
    const failures = new Map<string, string>();
    const statuses = new Map<string, Set<number>>();
    for (const [index, ref] of operations.entries()) {
      const seen = new Set<number>();
      statuses.set(`${ref.method} ${ref.template}`, seen);
      await fc.assert(
        fc.asyncProperty(requestsFor(ref, document, hints), async (r) => {
          const res = await send(r);
          seen.add(res.status);
          for (const problem of await problemsWith(ref, r, res)) {
            // One example per kind of failure: the operation, the status and the first words of the problem.
            const key = `${ref.method} ${ref.template} → ${res.status}: ${problem.slice(0, 60)}`;
            if (!failures.has(key)) failures.set(key, `${problem}\n    request: ${JSON.stringify(r).slice(0, 600)}\n    answer: ${(res.text ?? '').slice(0, 300)}`);
          }
        }),
        // Each operation its own seed, derived from the run's: adding an operation does not change the others' requests.
        { seed: SEED + index, numRuns: RUNS, endOnFailure: true },
      );
    }
    if (process.env.FC_VERBOSE) console.log([...statuses].map(([operation, seen]) => `${operation}: ${[...seen].sort().join(' ')}`).join('\n'));
    if (failures.size) {
      throw new Error(`FC_SEED=${SEED}: ${failures.size} kind(s) of failure\n${[...failures].map(([key, detail]) => `- ${key}\n    ${detail}`).join('\n')}`);
    }
    // The requests reached past validation: some operation answered a 2xx, and some answered each kind of 4xx.
    const all = [...statuses.values()].flatMap((s) => [...s]);
    expect(all.some((s) => s >= 200 && s < 300)).toBe(true);
    expect(all.some((s) => s === 400)).toBe(true);
  });
});
