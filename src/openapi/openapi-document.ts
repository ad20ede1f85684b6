import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { AppConfig } from '../config/app-config.js';
import { problemContent, RETRY_AFTER_HEADER } from '../common/http.js';

const INTRODUCTION = `The public API of Guichet Loisirs, for the residents' portal and apps: accounts, the city dossier,
dossier-number requests, registration periods and the catalogue of activities.

Errors are RFC 9457 problem details (\`application/problem+json\`) with a stable \`code\`, and
\`errors: [{field, code, message}]\` for invalid fields. Messages follow \`Accept-Language\`
(French by default, English). Timestamps are ISO 8601 with the city's offset; dates of birth are
\`YYYY-MM-DD\` (input also \`YYYY/MM/DD\`). Every JSON body may also be answered 400 \`malformed_json\`,
413 \`payload_too_large\` (over 100 kB) or 415 \`unsupported_media_type\`, before the bearer token is read; an unknown
route 404 \`not_found\`; a request whose URL and headers exceed 16 kB 431 \`headers_too_large\` (without \`instance\`:
it is refused before its URL is read). Any operation may be answered 503 \`service_unavailable\` (or \`storage_full\`)
with \`Retry-After\` while its database is unavailable: try again after that many seconds.`;

const TAGS: Array<[name: string, description: string]> = [
  ['auth', 'Accounts: sign-up, email confirmation, login, tokens, password reset'],
  ['me', "The signed-in resident's profile"],
  ['dossier', "Linking the account to the city dossier, and the resident's household"],
  ['dossier-requests', 'Requests for a dossier number, with or without an account'],
  ['registration-periods', 'Upcoming registration periods'],
  ['activities', 'The catalogue of activities and their offerings (groups), with their remaining places'],
  ['registrations', 'Registering household members to activities: holds, checkout, the waitlist, the waiting room of an opening (R3–R7)'],
  ['health', 'Probes for the orchestrator'],
];

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Answers of the JSON body parser, which every operation with a body can give. */
const BODY_PARSER_ANSWERS: Array<[status: string, code: string]> = [
  ['400', 'malformed_json'],
  ['413', 'payload_too_large'],
  ['415', 'unsupported_media_type'],
];

/** What any operation that uses the database may answer while it is unavailable (see database-errors.ts). */
const UNAVAILABLE_CODES = ['service_unavailable', 'storage_full'];

/** The OpenAPI document of the public API, from the controllers' and DTOs' decorators. */
export function buildOpenApiDocument(app: INestApplication, config: AppConfig): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Guichet Loisirs — public API')
    .setDescription(INTRODUCTION)
    .setVersion('1')
    .addServer(config.publicUrl, 'This instance (PUBLIC_URL)')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The access token of POST /api/v1/auth/login (15 minutes)' });
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build());
  document.info.contact = { name: config.cityName, url: config.publicUrl };
  document.info.license = { name: 'Proprietary: all rights reserved (UNLICENSED)' };
  completeOperations(document);
  document.info.description = `${INTRODUCTION}\n\n${routeTable(document)}`;
  return document;
}

/**
 * What every operation shares, added here so that a controller declares only its own answers:
 * an operation without a security requirement is public (`security: []`), and an operation with a
 * body gets the body parser's answers.
 */
function completeOperations(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      operation.security ??= [];
      // Liveness answers without the database; readiness declares its own 503.
      if (operation.operationId !== 'liveness' && !operation.responses['503']) {
        operation.responses['503'] = {
          description: `${UNAVAILABLE_CODES.join(', ')} (the database is unavailable, or its storage full: try again after Retry-After)`,
          headers: RETRY_AFTER_HEADER,
          content: problemContent(UNAVAILABLE_CODES),
        };
      }
      if (!operation.requestBody) continue;
      for (const [status, code] of BODY_PARSER_ANSWERS) {
        const existing = operation.responses[status] as { description: string; content?: Record<string, { schema?: unknown }> } | undefined;
        if (!existing) {
          operation.responses[status] = { description: code, content: problemContent([code]) };
          continue;
        }
        existing.description = `${existing.description}; ${code}`;
        const codes = (existing.content?.['application/problem+json']?.schema as { allOf?: Array<{ properties?: { code?: { enum?: string[] } } }> } | undefined)
          ?.allOf?.[1]?.properties?.code?.enum;
        codes?.push(code);
      }
    }
  }
}

/** The introduction's list of routes, from the document itself: it cannot miss one. */
function routeTable(document: OpenAPIObject): string {
  const rows = Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => `| \`${method.toUpperCase()} ${path}\` | ${item[method]!.summary ?? ''} |`),
  );
  return ['| route | purpose |', '|---|---|', ...rows].join('\n');
}
