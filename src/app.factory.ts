import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { json, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { NotFoundException } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Logger } from 'pino';
import { configurePasswordQueue } from './security/password-hasher.js';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { Clock } from './common/clock.js';
import { refuseDeepJson } from './common/json-depth.js';
import { createLogger, PinoNestLogger, requestLogger } from './common/logging.js';
import { DomainError } from './common/domain-error.js';
import { hasBody } from './common/http.js';
import { answerClientError, ProblemDetailsFilter } from './common/problem.filter.js';
import { buildOpenApiDocument } from './openapi/openapi-document.js';
import { StaffAuth } from './staff/staff-auth.js';

export const API_PREFIX = 'api/v1';
export const BODY_LIMIT = '100kb';

/**
 * Security headers on every answer (CSP, nosniff, no framing…). The portal serves its script and
 * style as files; only Swagger UI's page and the panel need inline styles. The panel's pages get a
 * nonce per response for AdminJS's inline scripts; nothing of any page comes from another origin. No upgrade-insecure-requests: the
 * embedded mode serves plain http on localhost.
 */
const isPanel = (req: IncomingMessage) => req.url === '/admin' || !!req.url?.startsWith('/admin/') || !!req.url?.startsWith('/admin?');
const OTHER_PANEL_SPELLING = /^\/admin(?:[/?]|$)/i;
const securityHeaders = helmet({
  contentSecurityPolicy: {
    directives: {
      // The panel (AdminJS): its two inline scripts carry this response's nonce; its React styles are inline.
      'script-src': ["'self'", (req, res) => (isPanel(req) ? `'nonce-${(res as Response).locals.cspNonce}'` : '')],
      'style-src': [(req) => (req.url?.startsWith('/api/docs') || isPanel(req) ? "'self' 'unsafe-inline'" : "'self'")],
      'font-src': ["'self'", 'data:'],
      'frame-ancestors': ["'none'"],
      'upgrade-insecure-requests': null,
    },
  },
  frameguard: { action: 'deny' },
});

const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * A body under /api is JSON or nothing (ASVS 13.1.5, 13.2.5): another type is refused with 415
 * before any route runs, rather than read as an empty object. A request without a body (a logout
 * with a bearer token) passes.
 */
function jsonBodiesOnly(problems: ProblemDetailsFilter) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (hasBody(req) && !req.is(JSON_TYPES)) return problems.respond(new DomainError('unsupported_media_type'), req, res);
    next();
  };
}

/**
 * The API's answers (tokens, profiles, households) and the panel's pages and data are never kept
 * by a browser or a shared cache (ASVS 8.1.1, 8.2.1), nor shown again by the back button after a
 * logout (3.3.1). A route that may be cached says so itself (the portal's script, the panel's
 * assets), which replaces this default.
 */
const CACHEABLE_PANEL_FILES = /^\/admin\/(?:frontend\/assets|brand)\//;
function noStore(req: Request, res: Response, next: NextFunction): void {
  if (req.path.startsWith(`/${API_PREFIX}/`) || (isPanel(req) && !CACHEABLE_PANEL_FILES.test(req.path))) res.setHeader('Cache-Control', 'no-store');
  next();
}

/**
 * The staff's routes under /admin that are Nest controllers (the sign-in pages, the queues' figures,
 * the attachments), outside the API's prefix. Listed one by one: the panel's other paths are
 * AdminJS's, mounted after `app.init()`, and a pattern here would put Nest's 404 in front of them.
 */
const STAFF_ROUTES = [
  'admin/personnel.css',
  'admin/login',
  'admin/login/code',
  'admin/logout',
  'admin/mon-compte',
  'admin/mon-compte/langue',
  'admin/mon-compte/2fa',
  'admin/mon-compte/mot-de-passe',
  'admin/mon-compte/codes',
  'admin/mon-compte/2fa/nouvelle-cle',
  'admin/api/queues',
  'admin/api/waiting-room',
  'admin/mailbox/attachments/:id',
  // Law 25: a person's file on request.
  'admin/persons/:id/file.pdf',
  'admin/persons/:id/file.json',
];

/** Everything main.ts, the e2e tests and the benchmark share: one way to build the application. */
export interface CreateAppOptions {
  clock?: Clock;
  /**
   * Routers that are not Nest routes (the admin panel): mounted after Nest's routes and before the
   * catch-all 404. They get the raw request body, as JSON is parsed only under /api.
   */
  mount?: (app: NestExpressApplication) => void | Promise<void>;
}

export async function createApp(
  config: AppConfig,
  logger: Logger = createLogger(config.logLevel),
  options: CreateAppOptions = {},
): Promise<NestExpressApplication> {
  configurePasswordQueue(config.passwordQueue);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options.clock), {
    bodyParser: false,
    logger: new PinoNestLogger(logger),
    // A failed start-up (database unreachable, pending migrations) rejects with its reason, which
    // main.ts prints, rather than Nest's default process.abort().
    abortOnError: false,
  });
  app.set('trust proxy', config.trustProxy === 'true' ? true : config.trustProxy);
  const problems = new ProblemDetailsFilter();
  app.disable('x-powered-by');
  // Express matches paths whatever their case: /ADMIN/… would reach the panel past what reads the
  // path as written (the CSP nonce, no-store, the role matrix). The panel has one spelling.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!isPanel(req) && OTHER_PANEL_SPELLING.test(req.url)) return problems.respond(new NotFoundException(), req, res);
    next();
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (isPanel(req)) res.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  });
  app.use(securityHeaders);
  // The panel's forms are checked by their Origin (no CSRF token in AdminJS): with `no-referrer` a
  // browser sends `Origin: null` on a form's POST, so /admin keeps the referrer on its own origin only.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (isPanel(req)) res.setHeader('Referrer-Policy', 'same-origin');
    next();
  });
  app.use(noStore);
  // The API's `Date` is the service's clock (the system's in production): the portal's countdowns
  // (a hold's 20 minutes) read time from it, not from a device whose clock may be minutes off.
  const clock = app.get(Clock);
  app.use('/api', (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Date', clock.now().toUTCString());
    next();
  });
  app.use(requestLogger(logger));
  // Only under /api: AdminJS refuses a body some other parser has already read.
  app.use('/api', jsonBodiesOnly(problems), json({ limit: BODY_LIMIT, type: JSON_TYPES }), refuseDeepJson);
  app.setGlobalPrefix(API_PREFIX, { exclude: ['/', 'health', 'health/ready', 'portail', 'portail/{*path}', ...STAFF_ROUTES] });
  app.useGlobalFilters(problems);
  // Before Nest's routes and the panel alike: the staff session, the same-origin check of POSTs, the staff forms.
  app.use('/admin', ...app.get(StaffAuth).before());
  // What Node's HTTP parser refuses (headers or URL over 16 kB, bad bytes) never reaches express.
  (app.getHttpServer() as Server).on('clientError', answerClientError);
  app.enableShutdownHooks();

  const document = buildOpenApiDocument(app, config);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });

  try {
    await app.init();
    await options.mount?.(app);
  } catch (error) {
    // A start-up hook failed: free the connections and timers already open, so that nothing hangs.
    await app.close().catch(() => undefined);
    throw error;
  }
  // Nest answers unknown routes only under the global prefix: everything else ends here, last, as problem details too.
  const express = app.getHttpAdapter().getInstance();
  express.use((req: Request, res: Response) => problems.respond(new NotFoundException(), req, res));
  express.use((err: unknown, req: Request, res: Response, _next: NextFunction) => problems.respond(err, req, res));
  return app;
}
