import { METHODS } from 'node:http';
import type { Request } from 'express';

interface RouteLayer {
  match(path: string): unknown;
  route?: { methods: Record<string, boolean>; _methods(): string[] };
}

/**
 * The methods the app's routes answer on this request's path (Nest registers each route on the
 * express app itself, with its full path); empty when no route has this path.
 */
export function allowedMethods(request: Request): string[] {
  const stack = (request.app as unknown as { router?: { stack?: RouteLayer[] } }).router?.stack ?? [];
  const path = (request.originalUrl ?? request.url).split('?')[0];
  const methods = new Set<string>();
  for (const layer of stack) {
    // Catch-alls (`all()`, such as Nest's not-found handlers) say nothing about a path's methods.
    if (!layer.route || layer.route.methods._all || METHODS.every((method) => layer.route!.methods[method.toLowerCase()])) continue;
    let matches: unknown = false;
    try {
      matches = layer.match(path);
    } catch {
      // A malformed percent-encoding: no route for it.
    }
    if (matches) for (const method of layer.route._methods()) methods.add(method);
  }
  return [...methods];
}
