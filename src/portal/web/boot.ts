import type { PortalBoot } from '../portal-routes';

/** What the server wrote into the page (src/portal/portal-shell.ts), and the path it answered (a 404 is drawn only for it). */
export type Boot = PortalBoot & { initialPath: string };

const element = document.getElementById('portal-config');
const parsed = JSON.parse(element?.textContent || '{}') as Partial<PortalBoot>;

export const boot: Boot = {
  locale: parsed.locale === 'en' ? 'en' : 'fr',
  cityName: parsed.cityName ?? '',
  contact: parsed.contact ?? { email: null, phone: null, hours: null },
  portalUrl: parsed.portalUrl ?? '',
  confirmation: parsed.confirmation,
  notFound: parsed.notFound,
  initialPath: location.pathname.replace(/^\/portail/, '').replace(/^\/$/, ''),
};
