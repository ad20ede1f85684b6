import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { json, type NextFunction, type Request, type Response } from 'express';
import { NotFoundException } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import type { Clock } from './common/clock.js';
import { createLogger, PinoNestLogger, requestLogger } from './common/logging.js';
import { ProblemDetailsFilter } from './common/problem.filter.js';
import { buildOpenApiDocument } from './openapi/openapi-document.js';

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
  });
  app.set('trust proxy', config.trustProxy === 'true' ? true : config.trustProxy);
  app.disable('x-powered-by');
  app.use(requestLogger(logger));
  app.use(json({ limit: BODY_LIMIT, type: ['application/json', 'application/*+json'] }));
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'health/ready', 'portail', 'portail/{*path}'] });
  const problems = new ProblemDetailsFilter();
  app.useGlobalFilters(problems);
  app.enableShutdownHooks();

  const document = buildOpenApiDocument(app, config);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });

  // Nest answers unknown routes only under the global prefix: everything else ends here, as problem details too.
  await app.init();
  const express = app.getHttpAdapter().getInstance();
  express.use((req: Request, res: Response) => problems.respond(new NotFoundException(), req, res));
  express.use((err: unknown, req: Request, res: Response, _next: NextFunction) => problems.respond(err, req, res));
  return app;
}
