/**
 * The residents' portal's pages the emails send people to, as paths under PORTAL_URL (issue 16).
 * One list, so that an email names only a page the portal has; the pages that take a token
 * (`/confirmation`, `/mot-de-passe`) are built where the token is issued (accounts.service.ts).
 */
export const PORTAL_PAGES = {
  home: '',
  /** « Connexion » */
  login: '/connexion',
  /** « Créer un compte » */
  signUp: '/creer-un-compte',
  forgotPassword: '/mot-de-passe-oublie',
  /** « Lier mon dossier » */
  linkDossier: '/lier-mon-dossier',
  /** A new message to the inscriptions mailbox, under « Mes messages ». */
  newMessage: '/messages/nouveau',
} as const;

export type PortalPage = keyof typeof PORTAL_PAGES;

export function portalPage(portalUrl: string, page: PortalPage): string {
  return `${portalUrl}${PORTAL_PAGES[page]}`;
}

/** One thread of « Mes messages »: the API's thread id, which only its account can open. */
export function threadPage(portalUrl: string, threadId: number): string {
  return `${portalUrl}/messages/${threadId}`;
}
