import { PORTAL_PAGES, type PortalPage } from '../portal/portal-routes.js';

/**
 * The residents' portal's pages the emails send people to, as addresses under PORTAL_URL: the
 * portal's own list (src/portal/portal-routes.ts), so that an email names only a page the portal
 * has. The pages that take a token (`/confirmation`, `/mot-de-passe`) are built where the token is
 * issued (accounts.service.ts).
 */
export function portalPage(portalUrl: string, page: Exclude<PortalPage, 'thread'>): string {
  return `${portalUrl}${PORTAL_PAGES[page]}`;
}

/** One thread of « Mes messages »: the API's thread id, which only its account can open. */
export function threadPage(portalUrl: string, threadId: number): string {
  return `${portalUrl}${PORTAL_PAGES.thread.replace(':id', String(threadId))}`;
}
