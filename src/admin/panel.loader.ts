import { ForbiddenException, HttpException, Inject, Injectable } from '@nestjs/common';
import type { AbstractHttpAdapter } from '@nestjs/core';
import { AbstractLoader, type AdminModuleOptions } from '@adminjs/nestjs';
import type AdminJS from 'adminjs';
import compression from 'compression';
import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { join } from 'node:path';
import { projectRoot } from '../common/project-root.js';
import { CITY_CONFIG, type CityConfig } from '../config/app-config.js';
import { sameOriginOnly } from './csrf.js';
import { PANEL_FORM_OPTIONS, panelInput } from './panel-body.js';
import { panelPages } from './panel-html.js';
import { PanelAssets, panelAssetsDirs } from './panel-assets.js';
import { forbiddenAction, pageRoles } from '../staff/roles.js';
import { accessDeniedPage } from '../staff/staff-pages.js';
import type { AdminUser } from '../staff/staff-user.js';

/**
 * Whoever lets staff in: a gate passing only a signed-in staff member (`req.session.adminUser`,
 * set by the staff session that createApp runs at /admin before every route: the staff module's StaffAuth).
 */
export interface PanelGate {
  handlers(): RequestHandler[];
}
export const PANEL_GATE = Symbol('PANEL_GATE');

const BRAND_DIR = join(import.meta.dirname, 'brand');

/** AdminJS's errors carry a `statusCode` (403 for a forbidden action, 404…): answered as problem details like every other. */
function panelErrors(err: unknown, _req: Request, _res: Response, next: NextFunction): void {
  const status = (err as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return next(new HttpException(String((err as Error).message), status));
  next(err);
}

/**
 * AdminJS's pages compressed on the fly (a third of a cold visit once the bundles are compressed:
 * their state runs to 300 kB). Pages only: the API's answers reflect what a request asks (a search)
 * beside personal data, which compression could let an observer of the sizes guess (BREACH).
 */
const compressedPages = compression({ filter: (_req, res) => /^text\/html/.test(String(res.getHeader('Content-Type') ?? '')) });

/**
 * The role matrix on the server: a forbidden action is a 403, whatever the browser shows. A page
 * opened in the browser (a clerk following a link to the staff list) gets a page saying so, in the
 * staff member's language; the API's calls keep their problem details.
 */
function roleCheck(cityName: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const admin = (req.session as { adminUser?: AdminUser } | undefined)?.adminUser;
    if (!forbiddenAction(req.path, admin?.role)) return next();
    if (req.method === 'GET' && !req.path.startsWith('/api/') && req.accepts(['json', 'html']) === 'html') {
      res.status(403).type('html').send(accessDeniedPage(admin?.locale === 'en' ? 'en' : 'fr', cityName, admin?.role, pageRoles(req.path)));
      return;
    }
    next(new ForbiddenException());
  };
}

/**
 * Mounts the panel on express at /admin, in this order: the brand's files (logo, Roboto), the
 * staff gate (the signed-in staff member), the same-origin check for writes, the role check,
 * AdminJS's bundles (compressed, see PanelAssets), the request's input (forms without files, see
 * panelInput), the page rewriting, then AdminJS's own
 * router. It runs in `app.init()`, after the staff session (mounted before `app.init()`) and Nest's
 * routes (the sign-in pages, the queues' figures, the attachments), and before the catch-all 404
 * that createApp adds last.
 */
@Injectable()
export class PanelLoader extends AbstractLoader {
  constructor(
    @Inject(PANEL_GATE) private readonly gate: PanelGate,
    @Inject(CITY_CONFIG) private readonly config: CityConfig,
  ) {
    super();
  }

  async register(admin: AdminJS, httpAdapter: AbstractHttpAdapter, _options: AdminModuleOptions): Promise<void> {
    const { default: AdminJSExpress } = await import('@adminjs/express');
    const app = httpAdapter.getInstance<Express>();
    // Case-sensitive: `/admin/API/resources/…` must not reach AdminJS past the role check, which reads the path as written.
    const router = AdminJSExpress.buildRouter(admin, express.Router({ caseSensitive: true }), PANEL_FORM_OPTIONS as never);
    const brand = express.Router();
    brand.use('/fonts', express.static(join(projectRoot(), 'node_modules', '@fontsource', 'roboto', 'files'), { immutable: true, maxAge: '30d' }));
    brand.use(express.static(BRAND_DIR, { maxAge: '1h' }));
    app.use('/admin/brand', brand);
    // AdminJS's bundles compressed and versioned (issue 18); its pages name the versions.
    const { cacheDir, componentsBundle } = panelAssetsDirs();
    const assets = new PanelAssets(cacheDir, componentsBundle);
    app.use('/admin', ...this.gate.handlers(), sameOriginOnly(this.config.ownOrigins), roleCheck(this.config.cityName), assets.middleware(), compressedPages, panelInput, assets.pages(), panelPages, router, panelErrors);
  }
}
