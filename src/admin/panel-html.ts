import type { NextFunction, Request, Response } from 'express';
import type { AdminUser } from '../staff/staff-user.js';

export const ROBOTO_CSS = '/admin/brand/roboto.css';

/** `<` in JSON text written inside a `<script>`: `</script>` in a name or a title cannot end the script. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const STATE = /window\.(REDUX_STATE|THEME) = (.*);\n/g;

/**
 * AdminJS's page as the service sends it: Roboto from the service instead of Google Fonts, a
 * nonce on its inline scripts (the CSP allows no other inline script), its state written so that
 * no value can close the script, and the staff member's language.
 *
 * `JSON.stringify` never writes a raw line break, so each assignment ends at the first one.
 */
export function rewritePanelPage(html: string, nonce: string, locale: 'fr' | 'en'): string {
  return html
    .replace(/<link rel="stylesheet" href="https:\/\/fonts\.googleapis\.com[^>]*>/g, `<link rel="stylesheet" href="${ROBOTO_CSS}" type="text/css">`)
    .replace(/<html lang=[a-zA-Z-]*>/, `<html lang="${locale}">`)
    .replace(STATE, (_line, name: string, json: string) => {
      const value = JSON.parse(json) as { locale?: { language?: string } };
      if (name === 'REDUX_STATE' && value.locale) value.locale.language = locale;
      return `window.${name} = ${scriptSafeJson(value)};\n`;
    })
    .replace(/<script>/g, `<script nonce="${nonce}">`);
}

/** Rewrites the HTML pages AdminJS sends (they start with a doctype); leaves JSON and assets alone. */
export function panelPages(req: Request, res: Response, next: NextFunction): void {
  const send = res.send.bind(res);
  res.send = (body?: unknown) => {
    if (typeof body === 'string' && /^\s*<!DOCTYPE html>/i.test(body)) {
      const admin = (req.session as { adminUser?: AdminUser } | undefined)?.adminUser;
      res.type('html');
      return send(rewritePanelPage(body, String(res.locals.cspNonce), admin?.locale === 'en' ? 'en' : 'fr'));
    }
    return send(body);
  };
  next();
}
