/** Values the import files write in their own ways. */

const YES = new Set(['oui', 'yes', '1', 'true']);
const NO = new Set(['non', 'no', '0', 'false']);

/** `oui`/`non` (also `yes`/`no`, `1`/`0`, `true`/`false`, any case); null otherwise. */
export function parseYesNo(value: string): boolean | null {
  const folded = value.trim().toLowerCase();
  if (YES.has(folded)) return true;
  if (NO.has(folded)) return false;
  return null;
}
