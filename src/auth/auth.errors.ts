import { defineProblems } from '../common/error-codes.js';
import type { Declared } from '../common/messages.js';

export const AUTH_PROBLEMS = defineProblems({
  invalid_credentials: {
    status: 401,
    title: { fr: 'Identifiants invalides', en: 'Invalid credentials' },
    detail: { fr: 'Le courriel ou le mot de passe est incorrect.', en: 'The email or the password is incorrect.' },
  },
  refresh_token_invalid: {
    status: 401,
    title: { fr: 'Session expirée', en: 'Session expired' },
    detail: { fr: 'Votre session a expiré. Connectez-vous de nouveau.', en: 'Your session has expired. Log in again.' },
  },
  csrf_token_invalid: {
    status: 403,
    title: { fr: 'Requête refusée', en: 'Request refused' },
    detail: {
      fr: 'Cette requête ne vient pas d’une page de la plateforme. Rechargez la page et réessayez.',
      en: 'This request does not come from a page of the platform. Reload the page and try again.',
    },
  },
});

// This feature's codes join the service's registry: the type checker knows them everywhere, and
// src/problems.ts registers the tables at start.
declare module '../common/messages.js' {
  interface ProblemRegistry extends Declared<typeof AUTH_PROBLEMS> {}
}
