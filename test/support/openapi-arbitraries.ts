import fc, { type Arbitrary } from 'fast-check';
import type { OpenAPIObject } from '@nestjs/swagger';
import { PASSWORD } from './app.js';
import { HOSTILE, NASTY_JSON_TEXTS, NASTY_STRINGS, nested, SCRIPT_PAYLOADS, SQL_PAYLOADS, UNICODE_PAYLOADS } from './nasty-strings.js';

/**
 * fast-check arbitraries of whole requests, read from the OpenAPI document: for each operation its
 * path and query parameters and its JSON body, valid-ish (what the schema, its examples and the
 * field's name say a real client sends, with nasty text where text is free) or not (a field of the
 * wrong type, missing, extra, huge, deeply nested, or a body that is not JSON at all).
 */

type Schema = Record<string, unknown> & {
  type?: string;
  $ref?: string;
  allOf?: Schema[];
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  example?: unknown;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
};

interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  security?: Array<Record<string, string[]>>;
}

/** How the request authenticates: the resident's access token, none, or a token the service never issued. */
export type Auth = 'resident' | 'none' | 'forged';

export type Body = { kind: 'json'; value: unknown; contentType: string } | { kind: 'raw'; text: string; contentType: string | null };

export interface GeneratedRequest {
  method: string;
  /** The path with its parameters, and the query string. */
  url: string;
  body?: Body;
  auth: Auth;
  acceptLanguage: string | null;
}

/** Values the service knows, so that valid-ish requests reach past "not found": the resident's threads, a linkable dossier. */
export interface Hints {
  ids: number[];
  /** Addresses of confirmed accounts (whose password is PASSWORD). */
  emails: string[];
  dossierNumbers: string[];
  birthDates: string[];
}

export interface OperationRef {
  method: string;
  template: string;
  operation: Operation;
  /** `bearer` required, optional (`security: [{}, {bearer}]`) or not used. */
  bearer: 'required' | 'optional' | 'none';
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** Every operation of the document. */
export function operationsOf(document: OpenAPIObject): OperationRef[] {
  return Object.entries(document.paths).flatMap(([template, item]) =>
    Object.entries(item as Record<string, Operation>)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => {
        const security = operation.security ?? document.security ?? [];
        const named = security.some((requirement) => Object.keys(requirement).length > 0);
        const anonymous = security.length === 0 || security.some((requirement) => Object.keys(requirement).length === 0);
        return { method: method.toUpperCase(), template, operation, bearer: named ? (anonymous ? 'optional' : 'required') : 'none' } as OperationRef;
      }),
  );
}

/** Code units one by one, lone surrogates included (fast-check's own units never produce a half pair). */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
/** Letters a name may hold: Latin with accents, 4-byte script letters, a combining mark, name punctuation. */
const nameUnit = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzÉÈéèêëàâçîïôöùûüÿœæÀÇ'.split(''), '𝒜', '𝓁', '\u0301', "'", '’', '-', ' ', '.');

/** A string drawn from the corpus, or made of any code units, or of whole graphemes; sometimes very long. */
export const nastyString: Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: codeUnit, maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 190, maxLength: 260 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...NASTY_STRINGS), fc.integer({ min: 2, max: 400 })).map(([s, n]) => s.repeat(n)) },
);

/** A value of any JSON type but the right one: the corpus's odd values, numbers at the edges, deep containers. */
export const nastyValue: Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 3, arbitrary: nastyString },
  { weight: 1, arbitrary: fc.constantFrom(Number.MAX_VALUE, Number.MIN_VALUE, -Number.MAX_SAFE_INTEGER, 2 ** 53, 2 ** 31, 2 ** 63, -0) },
  { weight: 1, arbitrary: fc.double({ noNaN: true }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.tuple(fc.boolean(), fc.integer({ min: 10, max: 400 })).map(([array, depth]) => nested(array ? [] : {}, depth)) },
);

/** Free text a resident could type: the example, the example with nasty text around it, or the corpus's text that is still text. */
function freeText(example: unknown): Arbitrary<string> {
  const base = typeof example === 'string' ? example : 'Bonjour';
  const printable = [...SCRIPT_PAYLOADS, ...SQL_PAYLOADS, ...UNICODE_PAYLOADS.filter((s) => !/[\uD800-\uDFFF\u0000-\u001F\u202A-\u202E\u2066-\u2069]/u.test(s))];
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant(base) },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...printable), fc.boolean()).map(([s, before]) => (before ? `${s} ${base}` : `${base} ${s}`)) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }) },
    { weight: 1, arbitrary: fc.constantFrom(...printable) },
  );
}

/** Mostly the usual values, sometimes the generated ones: a whole form stays valid often enough to reach past validation. */
function often<T>(usual: Arbitrary<T>, generated: Arbitrary<T>): Arbitrary<T> {
  return fc.oneof({ weight: 4, arbitrary: usual }, { weight: 1, arbitrary: generated });
}

const twoDigits = (n: number) => String(n).padStart(2, '0');

/** A valid-ish string for a field, by what its name says it holds. */
function plausibleString(name: string, schema: Schema, hints: Hints): Arbitrary<string> {
  const key = name.toLowerCase();
  if (key.includes('email')) {
    return fc.oneof(
      fc.constantFrom(...hints.emails),
      fc.emailAddress(),
      fc.tuple(fc.constantFrom('camille', 'zoé', "o'brien", 'a+b', 'ÉLISE'), fc.nat()).map(([local, n]) => `${local}.${n}@exemple.ca`),
    );
  }
  if (key.includes('password')) return fc.oneof(fc.constant(PASSWORD), fc.string({ unit: 'grapheme', minLength: 6, maxLength: 30 }), fc.constant('😀Aa1'.repeat(3)));
  if (key.includes('birthdate')) {
    return fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...hints.birthDates) },
      { weight: 3, arbitrary: fc.tuple(fc.integer({ min: 1890, max: 2035 }), fc.integer({ min: 1, max: 13 }), fc.integer({ min: 1, max: 31 }), fc.constantFrom('-', '/')).map(([y, m, d, sep]) => `${y}${sep}${twoDigits(m)}${sep}${twoDigits(d)}`) },
    );
  }
  if (key.includes('dossiernumber')) return often(fc.constantFrom(...hints.dossierNumbers), fc.stringMatching(/^[0-9A-Za-z ]{1,12}$/));
  if (key.includes('phone')) return often(fc.constantFrom('418-296-8100', '(418) 555 0142', '+1 418 296 8100', '418-296-8100 poste 12'), fc.stringMatching(/^[0-9 ()+.-]{7,20}$/));
  if (key.includes('postalcode')) return often(fc.constantFrom('G4Z 1A1', 'g4z1a1', 'H2X-1Y4'), fc.stringMatching(/^[A-Za-z][0-9][A-Za-z] ?[0-9][A-Za-z][0-9]$/));
  if (key.includes('token')) return fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{20,64}$/), fc.constant('abc'));
  if (key === 'firstname' || key === 'lastname') {
    return often(fc.constantFrom('Camille', 'Zoé', "D'Amours", 'Lévesque-Ouellet', 'Ève', 'Nguyễn', 'Żółć', 'Ḁlex', '𝒜lex'), fc.string({ unit: nameUnit, minLength: 1, maxLength: 30 }).map((s) => `A${s}`));
  }
  if (key === 'relationship') return fc.constantFrom('spouse', 'adult', 'child', 'conjoint', 'enfant', 'Conjoint·e');
  if (schema.enum) return fc.constantFrom(...(schema.enum as string[]));
  return freeText(schema.example);
}

/** The schema a `$ref` or a one-item `allOf` names. */
function resolve(schema: Schema | undefined, document: OpenAPIObject): Schema {
  if (!schema) return {};
  if (schema.$ref) return resolve(document.components?.schemas?.[schema.$ref.split('/').pop()!] as Schema, document);
  if (schema.allOf?.length === 1) {
    const { allOf, ...rest } = schema;
    return { ...resolve(allOf[0], document), ...rest };
  }
  return schema;
}

/**
 * Builds valid-ish values from schemas: what a client that reads the document sends. A field
 * `xConfirmation` repeats `x` (the passwords), as a form would.
 */
class Plausible {
  constructor(
    private readonly document: OpenAPIObject,
    private readonly hints: Hints,
  ) {}

  of(raw: Schema | undefined, name = ''): Arbitrary<unknown> {
    const schema = resolve(raw, this.document);
    if (schema.enum && schema.type !== 'string') return fc.constantFrom(...schema.enum);
    switch (schema.type) {
      case 'string':
        return plausibleString(name, schema, this.hints);
      case 'integer':
      case 'number':
        return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 });
      case 'boolean':
        return name === 'consent' ? fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }) : fc.boolean();
      case 'array':
        return fc.array(this.of(schema.items, name), { maxLength: 4 });
      case 'object':
      default:
        return this.object(schema);
    }
  }

  private object(schema: Schema): Arbitrary<Record<string, unknown>> {
    const properties = schema.properties ?? {};
    const required = new Set(schema.required ?? []);
    const model = Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, this.of(property, name)]));
    const optional = Object.keys(properties).filter((name) => !required.has(name));
    return fc.record(model, { requiredKeys: [...required].filter((name) => name in properties) }).map((value) => {
      for (const name of optional) if (value[name] === undefined) delete value[name];
      for (const name of Object.keys(value)) {
        const original = name.replace(/Confirmation$/, '');
        if (original !== name && typeof value[original] === 'string') value[name] = value[original];
      }
      return value;
    });
  }
}

type Path = Array<string | number>;

/** Every path to a value inside a JSON value, containers included. */
function paths(value: unknown, path: Path = []): Path[] {
  if (Array.isArray(value)) return [path, ...value.flatMap((item, i) => paths(item, [...path, i]))];
  if (value && typeof value === 'object') return [path, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...path, k]))];
  return [path];
}

const REMOVE = Symbol('remove');

function replacedAt(value: unknown, path: Path, by: unknown): unknown {
  if (!path.length) return by;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  const inner = replacedAt(copy[path[0]], path.slice(1), by);
  if (inner === REMOVE) delete copy[path[0]];
  else copy[path[0]] = inner;
  return copy;
}

/** A valid-ish value with one part (a leaf or a container, at any depth) replaced by a nasty value, or removed. */
function mutated(valid: Arbitrary<unknown>): Arbitrary<unknown> {
  return fc.tuple(valid, fc.nat(), fc.oneof({ weight: 5, arbitrary: nastyValue }, { weight: 1, arbitrary: fc.constant(REMOVE) })).map(([value, n, by]) => {
    const all = paths(value).filter((path) => path.length > 0);
    if (!all.length) return by === REMOVE ? {} : by;
    return replacedAt(value, all[n % all.length], by);
  });
}

/** A valid-ish object with extra keys: unknown names, prototype keys, a field's name in another case. */
function withExtras(valid: Arbitrary<unknown>): Arbitrary<unknown> {
  const key = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'role', 'isAdmin', 'accountId', 'status', 'EMAIL', ''), fc.string({ maxLength: 12 }));
  return fc.tuple(valid, fc.array(fc.tuple(key, nastyValue), { minLength: 1, maxLength: 3 })).map(([value, extras]) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
    const copy: Record<string, unknown> = { ...value };
    for (const [name, extra] of extras) Object.defineProperty(copy, name, { value: extra, enumerable: true, configurable: true, writable: true });
    return copy;
  });
}

const JSON_TYPES = ['application/json', 'application/json; charset=utf-8', 'application/merge-patch+json'];

/** A request body for an operation that takes one: valid-ish, mutated, extended, replaced, or not JSON at all. */
function bodyOf(schema: Schema | undefined, plausible: Plausible): Arbitrary<Body> {
  const valid = plausible.of(schema);
  const json = (value: Arbitrary<unknown>) => fc.tuple(value, fc.oneof({ weight: 8, arbitrary: fc.constant(JSON_TYPES[0]) }, { weight: 1, arbitrary: fc.constantFrom(...JSON_TYPES) })).map(([v, contentType]): Body => ({ kind: 'json', value: v, contentType }));
  const raw = fc.tuple(
    fc.oneof(fc.constantFrom(...NASTY_JSON_TEXTS), nastyString),
    fc.constantFrom<string | null>('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/xml', null),
  ).map(([text, contentType]): Body => ({ kind: 'raw', text, contentType }));
  return fc.oneof(
    { weight: 4, arbitrary: json(valid) },
    { weight: 5, arbitrary: json(mutated(valid)) },
    { weight: 1, arbitrary: json(withExtras(valid)) },
    { weight: 1, arbitrary: json(nastyValue) },
    { weight: 1, arbitrary: raw },
  );
}

/** A path parameter: a known id, another number, a number no integer type holds, or text (escaped, or a bad escape). */
function pathValue(schema: Schema, hints: Hints): Arbitrary<string> {
  const numeric = schema.type === 'integer' || schema.type === 'number';
  const known = hints.ids.length ? [{ weight: 4, arbitrary: fc.constantFrom(...hints.ids).map(String) }] : [];
  return fc.oneof(
    ...known,
    { weight: numeric ? 2 : 1, arbitrary: fc.integer({ min: -5, max: 2_000_000_000 }).map(String) },
    { weight: 1, arbitrary: fc.constantFrom('0', '-1', '1.5', '1e3', '0x10', '9'.repeat(30), '2147483648', '9007199254740993', ' 1', '01') },
    { weight: 2, arbitrary: nastyString.map(escapeForUrl) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%ZZ', '%ED%A0%80', '%00', '..%2f..', '%2e%2e%2f') },
  );
}

/** A query parameter's value(s): valid, out of range, of the wrong type, repeated, or absent (undefined). */
function queryValue(schema: Schema): Arbitrary<string[] | undefined> {
  const numeric = schema.type === 'integer' || schema.type === 'number';
  const valid = numeric ? fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? 1000 }).map(String) : fc.string({ maxLength: 20 });
  const one = fc.oneof(
    { weight: 4, arbitrary: valid },
    { weight: 1, arbitrary: fc.constantFrom('0', '-1', '1.5', '1e3', '9'.repeat(30), '', 'NaN', 'Infinity', 'true', '[]', '{}') },
    { weight: 2, arbitrary: nastyString.map(escapeForUrl) },
  );
  return fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 5, arbitrary: one.map((v) => [v]) }, { weight: 1, arbitrary: fc.array(one, { minLength: 2, maxLength: 3 }) });
}

/** Text as it may appear in a URL: %-escaped when it is well-formed, else the escape of a lone surrogate (which no URL can hold). */
function escapeForUrl(value: string): string {
  // `.` and `..` are dot segments, which the client resolves away before sending: the request would go to another path.
  if (value === '.' || value === '..') return '%252E';
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

/** The authentications to try: the resident's token mostly where the operation takes one. */
function authOf(bearer: OperationRef['bearer']): Arbitrary<Auth> {
  if (bearer === 'none') return fc.oneof({ weight: 5, arbitrary: fc.constant<Auth>('none') }, { weight: 1, arbitrary: fc.constantFrom<Auth>('resident', 'forged') });
  return fc.oneof({ weight: bearer === 'required' ? 8 : 3, arbitrary: fc.constant<Auth>('resident') }, { weight: 2, arbitrary: fc.constantFrom<Auth>('none', 'forged') });
}

/** Whole requests for one operation of the document. */
export function requestsFor(ref: OperationRef, document: OpenAPIObject, hints: Hints): Arbitrary<GeneratedRequest> {
  const plausible = new Plausible(document, hints);
  const parameters = ref.operation.parameters ?? [];
  const pathParameters = parameters.filter((p) => p.in === 'path');
  const queryParameters = parameters.filter((p) => p.in === 'query');
  const pathArb = fc.tuple(...pathParameters.map((p) => pathValue(resolve(p.schema, document), hints))).map((values) =>
    pathParameters.reduce((path, p, i) => path.replace(`{${p.name}}`, values[i]), ref.template),
  );
  const extraQuery = fc.option(fc.tuple(fc.constantFrom('page[a]', 'x', 'pageSize[]', '__proto__', 'token'), nastyString.map(escapeForUrl)), { freq: 4 });
  const queryArb = fc.tuple(fc.tuple(...queryParameters.map((p) => queryValue(resolve(p.schema, document)))), extraQuery).map(([values, extra]) => {
    const pairs = queryParameters.flatMap((p, i) => (values[i] ?? []).map((v) => `${encodeURIComponent(p.name)}=${v}`));
    if (extra) pairs.push(`${extra[0]}=${extra[1]}`);
    return pairs.length ? `?${pairs.join('&')}` : '';
  });
  const schema = ref.operation.requestBody?.content?.['application/json']?.schema;
  const bodyArb: Arbitrary<Body | undefined> = schema ? bodyOf(schema, plausible) : fc.constant(undefined);
  const languages = fc.oneof({ weight: 4, arbitrary: fc.constant<string | null>(null) }, { weight: 2, arbitrary: fc.constantFrom('fr', 'en', 'en-CA,en;q=0.9', 'de', '*', 'fr;q=abc', 'x'.repeat(300)) });
  return fc.record({ path: pathArb, query: queryArb, body: bodyArb, auth: authOf(ref.bearer), acceptLanguage: languages }).map(({ path, query, body, auth, acceptLanguage }) => ({
    method: ref.method,
    url: `${path}${query}`,
    body,
    auth,
    acceptLanguage,
  }));
}
