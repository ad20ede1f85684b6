/**
 * Secret values that were ever committed to this repository (the compose file's old demonstration
 * defaults, examples in the documentation): anyone who reads the repository can forge tokens with
 * them, so production refuses them. Never remove a value; add any value you commit anywhere.
 * `app-config.spec.ts` checks that every value written in the README, the compose file and the docs
 * is refused.
 */
const PUBLISHED = new Set([
  'compose-demo-jwt-secret-change-me-0123456789',
  'compose-demo-session-secret-change-me-012345',
]);

/** Placeholders people copy from examples, and values made of one repeated character. */
const PLACEHOLDER = /change[-_ .]?me|replace[-_ .]?me|^(.)\1*$/i;

export function isPublishedSecret(value: string): boolean {
  return PUBLISHED.has(value) || PLACEHOLDER.test(value);
}
