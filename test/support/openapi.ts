import { Ajv, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import type { OpenAPIObject } from '@nestjs/swagger';

// ajv-formats is CommonJS: under native ESM its default export is the module object, whose `default` is the plugin.
const addFormats = ((formats as unknown as { default?: unknown }).default ?? formats) as (ajv: Ajv) => Ajv;

/**
 * What the API document does not describe: the portal's pages, the document itself, and anything
 * outside /api and /health (the redirect of `/`, routers mounted beside the API such as the panel).
 */
export const OUTSIDE_THE_DOCUMENT = [/^\/portail(\/|$)/, /^\/api\/docs(-json)?(\/|$)/, /^\/(?!api\/|health(\/|$))/];

/** The response, as supertest gives it. */
export interface ObservedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  text?: string;
}

/** The request that produced it. */
export interface ObservedRequest {
  method: string;
  /** Path and query, or a full URL. */
  url: string;
  authorization: boolean;
}

type Schema = Record<string, unknown>;
interface MediaType {
  schema?: Schema;
}
interface ResponseDoc {
  content?: Record<string, MediaType>;
  headers?: Record<string, { required?: boolean }>;
}
interface Operation {
  responses: Record<string, ResponseDoc>;
  security?: Array<Record<string, string[]>>;
}

const DOC_ID = 'openapi';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * OpenAPI 3.0 schema → JSON Schema for ajv: `nullable`, `$ref`s into the document, and objects
 * closed to properties the document does not name (an undocumented field is a mismatch too).
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'example' || key === 'examples' || key === 'nullable') continue;
    if (key === '$ref' && typeof value === 'string') out.$ref = value.startsWith('#/') ? `${DOC_ID}${value}` : value;
    else if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, toJsonSchema(schema)]));
    } else out[key] = toJsonSchema(value);
  }
  if (out.properties && out.additionalProperties === undefined && out.type === 'object') out.additionalProperties = false;
  if ((node as Schema).nullable === true) {
    // `nullable` beside allOf/$ref (how @nestjs/swagger writes a nullable object) is read as most tools read it: or null.
    const composed = out.allOf || out.anyOf || out.oneOf || out.$ref || out.enum;
    if (typeof out.type === 'string' && !composed) return { ...out, type: [out.type, 'null'] };
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

function pathPattern(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
  // Express routes are not strict: `/me/` is `/me`.
  return new RegExp(`^${escaped}/?$`);
}

function unreadable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

/**
 * What the request's form makes the service refuse before it reads a token or finds the route: a
 * URL it cannot decode, a body that is not JSON, too large, or of another media type (express
 * parses the body of every /api request before routing, and so before the route's guard runs).
 */
const BEFORE_AUTHENTICATION = new Set(['malformed_json', 'payload_too_large', 'unsupported_media_type']);

function parsedFirst(res: ObservedResponse): boolean {
  const code = (res.body as { code?: unknown } | null)?.code;
  return typeof code === 'string' && BEFORE_AUTHENTICATION.has(code);
}

function refusedBeforeAuthentication(path: string, res: ObservedResponse): boolean {
  return parsedFirst(res) || (res.status === 400 && unreadable(path));
}

function header(res: ObservedResponse, name: string): string | undefined {
  const value = res.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Checks real responses against the OpenAPI document: the status must be documented for the
 * operation, the media type and body must match the documented schema, documented required
 * headers must be present, and an operation that requires a bearer token must answer 401 without
 * one. A path the document does not know must be a 404 problem, a known path with another method
 * a 404/405 problem.
 */
export class ResponseValidator {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly routes: Array<{ template: string; pattern: RegExp; operations: Record<string, Operation> }>;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(readonly document: OpenAPIObject) {
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: DOC_ID, components: toJsonSchema(document.components ?? {}) });
    this.routes = Object.entries(document.paths).map(([template, item]) => ({
      template,
      pattern: pathPattern(template),
      operations: Object.fromEntries(Object.entries(item).filter(([method]) => METHODS.includes(method))) as Record<string, Operation>,
    }));
  }

  /** Null when the response matches the document, else every mismatch in one message. */
  check(request: ObservedRequest, res: ObservedResponse): string | null {
    const problems = this.problems(request, res);
    if (!problems.length) return null;
    const where = `${request.method.toUpperCase()} ${new URL(request.url, 'http://x').pathname} → ${res.status}`;
    return `The response does not match the OpenAPI document (${where}):\n - ${problems.join('\n - ')}\nbody: ${JSON.stringify(res.body ?? res.text)?.slice(0, 800)}`;
  }

  private problems(request: ObservedRequest, res: ObservedResponse): string[] {
    const path = new URL(request.url, 'http://x').pathname;
    if (OUTSIDE_THE_DOCUMENT.some((page) => page.test(path))) return [];
    // Node's HTTP parser refuses a request line and headers over 16 kB before any route is chosen: no operation answers it.
    if (res.status === 431) return this.parserAnswer(res);
    let method = request.method.toLowerCase();
    const route = this.routes.find((r) => r.pattern.test(path));
    if (method === 'head' && route?.operations.get && !route.operations.head) method = 'get';
    const operation = route?.operations[method];
    if (!operation) {
      // A path no operation has: 404 (405 for another method of a known path), or 400 when the URL
      // itself cannot be read (a bad %-escape, which Express refuses before matching any route).
      const allowed = [404, ...(route ? [405] : []), ...(unreadable(path) || parsedFirst(res) ? [400, 413, 415] : [])];
      if (!allowed.includes(res.status)) return [`no operation in the document, and the answer is not ${allowed.join(' or ')}`];
      return this.problemBody(res);
    }
    const documented = operation.responses[String(res.status)] ?? operation.responses[`${String(res.status)[0]}XX`] ?? operation.responses.default;
    const where = `${method.toUpperCase()} ${route!.template}`;
    if (!documented) return [`status ${res.status} is not documented for ${where} (documented: ${Object.keys(operation.responses).join(', ')})`];
    const problems: string[] = [];
    const security = operation.security ?? this.document.security ?? [];
    const bearerRequired = security.length > 0 && !security.some((requirement) => Object.keys(requirement).length === 0);
    if (bearerRequired && !request.authorization && res.status !== 401 && !refusedBeforeAuthentication(path, res)) {
      problems.push(`${where} documents a required bearer token, yet answered ${res.status} without one`);
    }
    for (const [name, spec] of Object.entries(documented.headers ?? {})) {
      if (spec.required && header(res, name) === undefined) problems.push(`header ${name} is documented as required but missing`);
    }
    if (!documented.content) {
      // A redirect's short text body is express' courtesy, not part of the contract; anything else must be empty.
      const empty = res.text === undefined || res.text === '';
      if (res.status >= 300 && res.status < 400) return problems;
      if (!empty) problems.push(`a body is sent but none is documented (${header(res, 'content-type')})`);
      return problems;
    }
    const mediaType = header(res, 'content-type')?.split(';')[0].trim().toLowerCase();
    const media = mediaType ? documented.content[mediaType] : undefined;
    if (!media) {
      problems.push(`content type ${mediaType ?? '(none)'} is not documented (documented: ${Object.keys(documented.content).join(', ')})`);
      return problems;
    }
    if (media.schema) problems.push(...this.validate(media.schema, res.body, `${where} ${res.status} ${mediaType}`));
    return problems;
  }

  private parserAnswer(res: ObservedResponse): string[] {
    const mediaType = header(res, 'content-type')?.split(';')[0].trim();
    const code = (res.body as { code?: unknown } | null)?.code;
    if (mediaType !== 'application/problem+json' || code !== 'headers_too_large') return [`431 must be the headers_too_large problem, not ${mediaType} ${JSON.stringify(code)}`];
    return [];
  }

  private problemBody(res: ObservedResponse): string[] {
    const mediaType = header(res, 'content-type')?.split(';')[0].trim();
    if (mediaType !== 'application/problem+json') return [`an unknown route must answer application/problem+json, not ${mediaType}`];
    const problem = this.document.components?.schemas?.ProblemDoc ? { $ref: '#/components/schemas/ProblemDoc' } : { type: 'object' };
    return this.validate(problem, res.body, 'ProblemDoc');
  }

  private validate(schema: Schema, body: unknown, key: string): string[] {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema) as Schema);
      this.validators.set(key, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `body${e.instancePath} ${e.message}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`);
  }
}
