import { defineProblems } from '../common/error-codes.js';

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
});
