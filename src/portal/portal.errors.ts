import { defineProblems } from '../common/error-codes.js';
import type { Declared } from '../common/messages.js';

export const PORTAL_PROBLEMS = defineProblems({
  portal_not_built: {
    status: 503,
    title: { fr: 'Portail indisponible', en: 'Portal unavailable' },
    detail: {
      fr: "Le portail n'a pas été construit sur ce serveur : lancez « npm run build » (npm start le fait).",
      en: 'The portal has not been built on this server: run "npm run build" (npm start does).',
    },
  },
});

declare module '../common/messages.js' {
  interface ProblemRegistry extends Declared<typeof PORTAL_PROBLEMS> {}
}
