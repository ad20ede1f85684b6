/** What the portal's document carries for its script (src/portal/portal-shell.ts `PortalBoot`). */
export function portalBoot(html: string): Record<string, unknown> {
  const found = /<script type="application\/json" id="portal-config">([^<]*)<\/script>/.exec(html);
  if (!found) throw new Error('the page has no portal-config block');
  return JSON.parse(found[1]!) as Record<string, unknown>;
}

/** The portal's hashed script, as its document names it. */
export function portalScript(html: string): string {
  const found = /<script type="module" crossorigin src="(\/portail\/assets\/[^"]+\.js)"><\/script>/.exec(html);
  if (!found) throw new Error('the portal names no script');
  return found[1]!;
}
