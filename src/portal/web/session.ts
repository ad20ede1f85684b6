import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { api, type Result } from './api';

export interface Me {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  locale: 'fr' | 'en';
  onboarding: 'link_dossier' | 'complete';
}

export interface Session {
  /** The resident, once the session is known; null when nobody is logged in. */
  me: Me | null;
  /** False until the first refresh has told whether a session exists. */
  ready: boolean;
  /** Reads /me again (after a login, a link). */
  reload: () => Promise<Me | null>;
}

export const SessionContext = createContext<Session>({ me: null, ready: false, reload: async () => null });

export function useSession(): Session {
  return useContext(SessionContext);
}

export function fetchMe(): Promise<Result<Me>> {
  return api<Me>('GET', '/me', undefined, { auth: true });
}

/** Where a resident goes after logging in: the first-login choice until a dossier is linked. */
export function homeOf(me: Me): string {
  return me.onboarding === 'link_dossier' ? '/activer-mon-dossier' : '/ma-famille';
}

/** A `retour` parameter that stays inside the portal (never another site). */
export function safeReturn(value: string | null): string | null {
  return value && /^\/[a-z0-9/-]*$/.test(value) && !value.startsWith('//') ? value : null;
}
