import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json, type NextFunction, type Request, type Response } from 'express';
import { NotFoundException } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import type { Clock } from './common/clock.js';
import { createLogger, PinoNestLogger, requestLogger } from './common/logging.js';
import { ProblemDetailsFilter } from './common/problem.filter.js';

export const API_PREFIX = 'api/v1';
export const BODY_LIMIT = '100kb';

/** Everything main.ts, the e2e tests and the benchmark share: one way to build the application. */
export async function createApp(
  config: AppConfig,
  logger: Logger = createLogger(config.logLevel),
  options: { clock?: Clock } = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options.clock), {
    bodyParser: false,
    logger: new PinoNestLogger(logger),
    // A failed start-up (database unreachable, pending migrations) rejects with its reason, which
    // main.ts prints, rather than Nest's default process.abort().
    abortOnError: false,
  });
  app.set('trust proxy', config.trustProxy === 'true' ? true : config.trustProxy);
  app.disable('x-powered-by');
  app.use(requestLogger(logger));
  app.use(json({ limit: BODY_LIMIT, type: ['application/json', 'application/*+json'] }));
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'health/ready', 'portail', 'portail/{*path}'] });
  const problems = new ProblemDetailsFilter();
  app.useGlobalFilters(problems);
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Guichet Loisirs — API publique')
      .setDescription(
        'API des résidents : compte utilisateur, confirmation du courriel, connexion. Erreurs en application/problem+json (RFC 9457), messages selon Accept-Language (français par défaut, anglais).',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });

  // Nest answers unknown routes only under the global prefix: everything else ends here, as problem details too.
  try {
    await app.init();
  } catch (error) {
    // A start-up hook failed: free the connections and timers already open, so that nothing hangs.
    await app.close().catch(() => undefined);
    throw error;
  }
  const express = app.getHttpAdapter().getInstance();
  express.use((req: Request, res: Response) => problems.respond(new NotFoundException(), req, res));
  express.use((err: unknown, req: Request, res: Response, _next: NextFunction) => problems.respond(err, req, res));
  return app;
}
