export type Locale = 'fr' | 'en';
export const LOCALES: readonly Locale[] = ['fr', 'en'];

/**
 * Picks the response language from an Accept-Language header: the supported language with the
 * highest weight, French when nothing supported is asked for (the city is francophone).
 */
export function negotiateLocale(header: string | undefined | null): Locale {
  if (!header) return 'fr';
  let best: { locale: Locale; q: number } | null = null;
  for (const part of header.split(',')) {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    const primary = tag.split('-')[0] as Locale;
    if (!LOCALES.includes(primary)) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { locale: primary, q };
  }
  return best?.locale ?? 'fr';
}
