import type { NextFunction, Request, Response } from 'express';

/** Deeper than any body of the API (a request's members are 3 levels down), far below what a recursive reader survives. */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether a parsed JSON value nests arrays and objects more than `max` levels deep, found without
 * recursion (the point is to refuse what would overflow a recursive walk: class-transformer's,
 * at about 3 000 levels, which a 100 kB body reaches).
 */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

/** After the JSON parser: a body nested too deep is refused as one the service cannot read (400 `malformed_json`). */
export function refuseDeepJson(req: Request, _res: Response, next: NextFunction): void {
  if (!nestedDeeperThan(req.body, MAX_JSON_DEPTH)) return next();
  next(Object.assign(new Error(`JSON body nested deeper than ${MAX_JSON_DEPTH} levels`), { type: 'entity.parse.failed', status: 400 }));
}
