import express, { type NextFunction, type Request, type Response } from 'express';
import formidableMiddleware from 'express-formidable';
import { unlink } from 'node:fs';
import { DomainError } from '../common/domain-error.js';
import { hasBody } from '../common/http.js';
import { MAX_JSON_DEPTH } from '../common/json-depth.js';
import { SAFE_METHODS } from '../common/same-origin.js';

/** A form of the panel: 1 MB and 200 fields at most. */
const PANEL_BODY_LIMIT = 1024 * 1024;
const MAX_FIELDS = 200;

/**
 * Names that reach an object's prototype when AdminJS unflattens `a.b` keys or looks a property
 * up by name (`filters.toString`, a field `constructor`, `__proto__.x`): no field of the panel is
 * called so.
 */
const RESERVED_NAMES: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/**
 * Whether a key, or any of its `a.b.c` segments, is a reserved name; or whether it has more segments
 * than a body may have levels: AdminJS unflattens `a.b.c` keys recursively (the `flat` package), and
 * a key 3 000 segments deep overflowed its stack (a 500).
 */
function reservedKey(key: string): boolean {
  const segments = key.split('.');
  return segments.length > MAX_JSON_DEPTH || segments.some((segment) => RESERVED_NAMES.has(segment));
}

/** Every key of a parsed value, however nested (no recursion), or null past MAX_JSON_DEPTH levels. */
function keysOf(value: unknown): string[] | null {
  const keys: string[] = [];
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return null;
    for (const [key, child] of Object.entries(node)) {
      keys.push(key);
      stack.push([child, depth + 1]);
    }
  }
  return keys;
}

class FileRefused extends Error {}

/**
 * No panel action takes a file: a file part is refused before formidable opens a file for it
 * (formidable 1 calls `onPart` on the form, `this`).
 */
function refuseFiles(this: { handlePart(part: unknown): void; _error(error: Error): void }, part: { filename?: string }): void {
  if (part.filename === undefined) return this.handlePart(part);
  this._error(new FileRefused());
}

/** Whatever formidable opened anyway is removed when the answer is over, however it ended. */
function removeAtEnd(_req: Request, res: Response, _next: NextFunction, _name: never, file: never): void {
  const path = (file as { path: string }).path;
  res.once('close', () => unlink(path, () => undefined));
}

/** formidable's options for the panel: also given to AdminJS's own parser, which finds the body already read. */
export const PANEL_FORM_OPTIONS = { maxFileSize: PANEL_BODY_LIMIT, maxFieldsSize: PANEL_BODY_LIMIT, maxFields: MAX_FIELDS, onPart: refuseFiles };
const multipart = formidableMiddleware(PANEL_FORM_OPTIONS, [{ event: 'fileBegin', action: removeAtEnd }]);
const urlencoded = express.urlencoded({ extended: false, limit: PANEL_BODY_LIMIT, parameterLimit: MAX_FIELDS });
const json = express.json({ limit: PANEL_BODY_LIMIT, strict: true });

/** A parser's failure as the panel's problem: a refused file, a body over the limits, or one that cannot be read. */
function bodyProblem(error: unknown): DomainError {
  if (error instanceof FileRefused) return new DomainError('file_not_accepted');
  const { type, message } = error as { type?: unknown; message?: unknown };
  if (type === 'entity.too.large' || type === 'parameters.too.many' || /^max\w+ exceeded/.test(String(message))) return new DomainError('panel_body_too_large');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return new DomainError('panel_media_type');
  return new DomainError('panel_body_invalid');
}

/**
 * The panel's request input, read before AdminJS's router (whose own express-formidable then sees
 * `express_formidable.parsed` and reads nothing): a form of AdminJS's pages (multipart), a form
 * (urlencoded) or JSON, within PANEL_BODY_LIMIT; never a file, never a body on a GET; no field or
 * query key with a reserved name. Every refusal is a problem (4xx), never AdminJS's 500.
 */
export function panelInput(req: Request, res: Response, next: NextFunction): void {
  if (keysOf(req.query)?.some(reservedKey)) return next(new DomainError('panel_field_name_invalid'));
  const done = (fields: unknown, files: unknown = {}) => {
    const keys = keysOf(fields);
    if (keys === null) return next(new DomainError('panel_body_invalid'));
    if (keys.some(reservedKey)) return next(new DomainError('panel_field_name_invalid'));
    Object.assign(req, { fields: { ...(fields as object) }, files, express_formidable: { parsed: true } });
    next();
  };
  // A body on a GET is not read: nothing in it is used.
  if (SAFE_METHODS.has(req.method) || !hasBody(req)) return done({});
  const parsed = (error?: unknown) => (error ? next(bodyProblem(error)) : done(req.body ?? {}));
  // formidable 1 writes any body it sees as `octet-stream` (even in a boundary) to a file.
  if (/octet-stream/i.test(req.headers['content-type'] ?? '')) return next(new DomainError('panel_media_type'));
  if (req.is('multipart/form-data')) {
    const read = req as { fields?: unknown; files?: unknown };
    return void multipart(req, res, (error?: unknown) => (error ? next(bodyProblem(error)) : done(read.fields, read.files)));
  }
  if (req.is('application/x-www-form-urlencoded')) return void urlencoded(req, res, parsed);
  if (req.is('application/json')) return void json(req, res, parsed);
  next(new DomainError('panel_media_type'));
}
