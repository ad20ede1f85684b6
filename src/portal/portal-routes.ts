/**
 * The portal's pages, one path each under /portail, in the words of the city's help page. The
 * server answers 200 with the portal for these and 404 for any other path; the browser's router
 * (src/portal/web) draws the same list. Emails link to them (PORTAL_URL + path).
 */
export const PORTAL_PAGES = {
  home: '',
  login: '/connexion',
  signup: '/creer-un-compte',
  emailSent: '/courriel-envoye',
  confirmation: '/confirmation',
  forgotPassword: '/mot-de-passe-oublie',
  resetPassword: '/mot-de-passe',
  activate: '/activer-mon-dossier',
  link: '/lier-mon-dossier',
  dossierRequest: '/demande-de-numero-de-dossier',
  family: '/ma-famille',
  messages: '/messages',
  newMessage: '/messages/nouveau',
  thread: '/messages/:id',
  requests: '/mes-demandes',
  account: '/mon-compte',
  activities: '/activites',
  registrations: '/mes-inscriptions',
  waitingRoom: '/salle-d-attente',
  help: '/aide',
} as const;

export type PortalPage = keyof typeof PORTAL_PAGES;

export interface PageMatch {
  page: PortalPage;
  params: Record<string, string>;
}

/** The page a path under /portail names (`/messages/12` → thread, id 12), or null. */
export function matchPage(path: string): PageMatch | null {
  const clean = path.replace(/\/+$/, '');
  for (const [page, pattern] of Object.entries(PORTAL_PAGES) as Array<[PortalPage, string]>) {
    const names: string[] = [];
    const source = pattern.replace(/:(\w+)/g, (_, name: string) => {
      names.push(name);
      return '([1-9][0-9]{0,9})';
    });
    const found = new RegExp(`^${source}$`).exec(clean);
    if (found) return { page, params: Object.fromEntries(names.map((name, i) => [name, found[i + 1]!])) };
  }
  return null;
}

/** What the server writes into the portal's document for its script (the `portal-config` JSON block): nothing secret, nothing personal. */
export interface PortalBoot {
  locale: 'fr' | 'en';
  cityName: string;
  contact: { email: string | null; phone: string | null; hours: string | null };
  /** The portal's own address (PORTAL_URL). */
  portalUrl: string;
  /** The confirmation page's link, as the server found it when the page was asked for. */
  confirmation?: 'usable' | 'account_confirmed' | 'link_expired' | 'link_invalid';
  notFound?: boolean;
}
