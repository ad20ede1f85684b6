import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Controller, Get, Inject, Param, Query, Redirect, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { parseCookie } from 'cookie';
import type { Request, Response } from 'express';
import { CITY_CONFIG, type CityConfig } from '../config/app-config.js';
import { DomainError } from '../common/domain-error.js';
import { negotiateLocale, type Locale } from '../common/locale.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { matchPage } from './portal-routes.js';
import { PortalShell, type PortalBoot } from './portal-shell.js';

/** The language the resident chose with the portal's switch (a preference, not a credential). */
export const PORTAL_LOCALE_COOKIE = 'guichet_langue';
const ASSET_NAME = /^[A-Za-z0-9_-]{1,80}\.(js|css|svg|png|woff2)$/;
const ASSET_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/**
 * The residents' portal (src/portal/web, built by Vite): one document for every page of the help
 * page's path, whose script does everything through /api/v1, and its hashed assets, cached for a
 * year. An unknown page answers 404 with the portal's « Page introuvable ».
 */
@ApiExcludeController()
@Controller('portail')
export class PortalController {
  private readonly shell: PortalShell;

  constructor(
    @Inject(CITY_CONFIG) private readonly config: CityConfig,
    private readonly accounts: AccountsService,
  ) {
    this.shell = new PortalShell(config.portalAssetsDir);
  }

  /** Hashed names: a new build has new names, so a year's cache never serves an old file. */
  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() res: Response): void {
    const path = join(this.config.portalAssetsDir, 'assets', file);
    if (!ASSET_NAME.test(file) || !existsSync(path)) throw new DomainError('not_found');
    res.setHeader('Content-Type', ASSET_TYPES[extname(file)]!);
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.sendFile(path);
  }

  /** The city's logo: CITY_LOGO_FILE, or the one shipped with the portal. */
  @Get('logo')
  logo(@Res() res: Response): void {
    const file = this.logoFile();
    if (!file) throw new DomainError('not_found');
    res.setHeader('Content-Type', ASSET_TYPES[extname(file)] ?? 'application/octet-stream');
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.sendFile(file);
  }

  @Get()
  home(@Req() req: Request, @Res() res: Response): void {
    this.page(req, res, '');
  }

  /** A4: opening the page changes nothing; its button POSTs the token. Its link's state is told at once. */
  @Get('confirmation')
  async confirmation(@Req() req: Request, @Res() res: Response, @Query('token') token?: unknown): Promise<void> {
    const value = typeof token === 'string' && token.length > 0 && token.length <= 200 ? token : '';
    const state = value ? await this.accounts.checkVerifyLink(value) : 'link_invalid';
    res.setHeader('Referrer-Policy', 'no-referrer');
    this.page(req, res, '/confirmation', { confirmation: state });
  }

  @Get('mot-de-passe')
  reset(@Req() req: Request, @Res() res: Response): void {
    res.setHeader('Referrer-Policy', 'no-referrer');
    this.page(req, res, '/mot-de-passe');
  }

  @Get('{*path}')
  other(@Req() req: Request, @Res() res: Response, @Param('path') path: string[] | string): void {
    this.page(req, res, `/${Array.isArray(path) ? path.join('/') : path}`);
  }

  private page(req: Request, res: Response, path: string, extra: Partial<PortalBoot> = {}): void {
    const found = matchPage(path) !== null;
    const html = this.shell.render({ ...this.boot(req), ...extra, ...(found ? {} : { notFound: true }) });
    if (html === null) throw new DomainError('portal_not_built');
    res.status(found ? 200 : 404);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    // The document names the current build's assets: always asked again, never stored with personal data (it holds none).
    res.setHeader('Cache-Control', 'no-cache');
    res.send(html);
  }

  private boot(req: Request): PortalBoot {
    const chosen = parseCookie(req.headers.cookie ?? '')[PORTAL_LOCALE_COOKIE];
    const locale: Locale = chosen === 'fr' || chosen === 'en' ? chosen : negotiateLocale(req.headers['accept-language']);
    return {
      locale,
      cityName: this.config.cityName,
      contact: { email: this.config.cityContactEmail, phone: this.config.cityContactPhone, hours: this.config.cityOfficeHours[locale] },
      portalUrl: this.config.portalUrl,
    };
  }

  private logoFile(): string | null {
    if (this.config.cityLogoFile) return this.config.cityLogoFile;
    const shipped = join(this.config.portalAssetsDir, 'logo.svg');
    return existsSync(shipped) ? shipped : null;
  }
}

/** The service's bare address sends a person to the portal rather than to a 404. */
@ApiExcludeController()
@Controller()
export class RootController {
  constructor(@Inject(CITY_CONFIG) private readonly config: CityConfig) {}

  @Get()
  @Redirect()
  root(): { url: string; statusCode: number } {
    return { url: this.config.portalUrl, statusCode: 302 };
  }
}
