import { Controller, Get, Header, Inject, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Lang } from '../common/http.js';
import type { Locale } from '../common/locale.js';
import { forgotPage, homePage, resetPage } from './portal.page.js';

const HTML = 'text/html; charset=utf-8';

/** A minimal built-in portal, so that the links of the emails work without a separate front end. */
@ApiExcludeController()
@Controller('portail')
export class PortalController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  @Header('Content-Type', HTML)
  @Header('Cache-Control', 'no-store')
  home(@Lang() locale: Locale, @Query('notice') notice?: string): string {
    return homePage(locale, this.config.cityName, typeof notice === 'string' ? notice : undefined);
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
  reset(@Lang() locale: Locale, @Query('token') token?: string): string {
    return resetPage(locale, this.config.cityName, typeof token === 'string' ? token.slice(0, 200) : '');
  }
}
