/** Deterministic data from one run to the next (mulberry32): `random()` in [0, 1), and draws from it. */
export function generator(seed: number) {
  let state = seed;
  const random = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    random,
    pick: <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)],
    between: (min: number, max: number): number => min + Math.floor(random() * (max - min + 1)),
  };
}

export const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
