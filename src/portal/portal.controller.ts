import { Controller, Get, Header, Inject, Query, Redirect } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CITY_CONFIG, type CityConfig } from '../config/app-config.js';
import { Lang } from '../common/http.js';
import type { Locale } from '../common/locale.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { confirmationPage, forgotPage, homePage, PORTAL_SCRIPT, PORTAL_STYLE, resetPage } from './portal.page.js';

const HTML = 'text/html; charset=utf-8';

/** A token from a query string, as far as a page needs it: a string of sane length, or nothing. */
function tokenParam(token: unknown): string {
  return typeof token === 'string' ? token.slice(0, 200) : '';
}

/** A minimal built-in portal, so that the links of the emails work without a separate front end. */
@ApiExcludeController()
@Controller('portail')
export class PortalController {
  constructor(
    @Inject(CITY_CONFIG) private readonly config: CityConfig,
    private readonly accounts: AccountsService,
  ) {}

  @Get()
  @Header('Content-Type', HTML)
  @Header('Cache-Control', 'no-store')
  home(@Lang() locale: Locale, @Query('notice') notice?: string): string {
    return homePage(locale, this.config.cityName, typeof notice === 'string' ? notice : undefined);
  }

  /** A4: opening the page changes nothing; its button POSTs the token. */
  @Get('confirmation')
  @Header('Content-Type', HTML)
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  async confirmation(@Lang() locale: Locale, @Query('token') token?: unknown): Promise<string> {
    const value = tokenParam(token);
    const state = value ? await this.accounts.checkVerifyLink(value) : 'link_invalid';
    return confirmationPage(locale, this.config.cityName, this.config.portalUrl, value, state);
  }

  @Get('mot-de-passe-oublie')
  @Header('Content-Type', HTML)
  forgot(@Lang() locale: Locale): string {
    return forgotPage(locale, this.config.cityName);
  }

  @Get('mot-de-passe')
  @Header('Content-Type', HTML)
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  reset(@Lang() locale: Locale, @Query('token') token?: unknown): string {
    return resetPage(locale, this.config.cityName, this.config.portalUrl, tokenParam(token));
  }

  @Get('portail.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  script(): string {
    return PORTAL_SCRIPT;
  }

  @Get('portail.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  style(): string {
    return PORTAL_STYLE;
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
