import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Locale } from '../common/locale.js';
import type { PortalBoot } from './portal-routes.js';

export type { PortalBoot };

const TEXT: Record<Locale, { title: string; noscript: string }> = {
  fr: {
    title: "Plateforme d'inscription en ligne",
    noscript:
      "La plateforme d'inscription en ligne a besoin de JavaScript. Activez JavaScript dans votre navigateur ou mettez-le à jour, puis rechargez la page. Des ordinateurs sont mis à la disposition du public à la bibliothèque Alice-Lane.",
  },
  en: {
    title: 'Online registration platform',
    noscript:
      'The online registration platform needs JavaScript. Turn JavaScript on in your browser or update it, then reload the page. Computers are available to the public at the Alice-Lane library.',
  },
};

/** Whom to call when the page cannot run: the recreation department, as the footer says. */
function contactSentence({ locale, contact }: PortalBoot): string {
  const ways = [contact.phone, contact.email].filter(Boolean).join(locale === 'fr' ? ' ou ' : ' or ');
  if (!ways) return '';
  return locale === 'fr' ? `Pour de l’aide, joignez le Service des loisirs : ${ways}.` : `For help, contact the recreation department: ${ways}.`;
}

/** Text for an HTML text node or a quoted attribute. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** JSON inside a <script type="application/json">: no `<` may close it, whatever a city's name holds. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * The portal's one HTML document (built by Vite, with its hashed script and style), filled in for a
 * request: the language, the city's name in the title and header (seen before the script runs, and
 * without it), the message for a browser without JavaScript, and the boot data.
 */
export class PortalShell {
  private cached: { mtimeMs: number; html: string } | null = null;

  constructor(private readonly assetsDir: string) {}

  private template(): string | null {
    const file = join(this.assetsDir, 'index.html');
    try {
      const { mtimeMs } = statSync(file);
      if (this.cached?.mtimeMs !== mtimeMs) this.cached = { mtimeMs, html: readFileSync(file, 'utf8') };
      return this.cached.html;
    } catch {
      return null;
    }
  }

  render(boot: PortalBoot): string | null {
    const html = this.template();
    if (html === null) return null;
    const text = TEXT[boot.locale];
    const values: Record<string, string> = {
      lang: boot.locale,
      title: escapeText(`${text.title} — ${boot.cityName}`),
      city: escapeText(boot.cityName),
      noscript: escapeText([text.noscript, contactSentence(boot)].filter(Boolean).join(' ')),
      boot: scriptJson(boot),
    };
    return html.replace(/%PORTAL_(LANG|TITLE|CITY|NOSCRIPT|BOOT)%/g, (_, key: string) => values[key.toLowerCase()]!);
  }
}
