import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json } from 'express';
import { API_PREFIX, BODY_LIMIT } from '../src/app.factory.js';

@Controller('bare')
class BareController {
  @Get()
  get(): { ok: true } {
    return { ok: true };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

/**
 * The floor for a GET through Nest on this machine: same framework, same express body parser and
 * prefix as the real app, no guard, logger, database or global pipe. Served at GET /api/v1/bare.
 */
export async function startBareApp(): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(BareModule, { logger: false, bodyParser: false });
  app.disable('x-powered-by');
  app.use(json({ limit: BODY_LIMIT, type: ['application/json', 'application/*+json'] }));
  app.setGlobalPrefix(API_PREFIX);
  await app.listen(0, '127.0.0.1');
  return app;
}
