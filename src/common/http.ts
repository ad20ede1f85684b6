import { applyDecorators, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, ApiSchema, ApiSecurity, getSchemaPath } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { ServerResponse } from 'node:http';
import { negotiateLocale, type Locale } from './locale.js';

/** The caller's language (Accept-Language; French by default). */
export const Lang = createParamDecorator((_: unknown, ctx: ExecutionContext): Locale =>
  negotiateLocale(ctx.switchToHttp().getRequest<Request>().headers['accept-language']),
);

/**
 * Aborts when the client goes away before its answer is sent (a closed tab, a client's timeout), so
 * that work still waiting for its turn (an argon2 hash) is dropped rather than done for nobody.
 */
export function clientGoneSignal(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  if (res.closed && !res.writableFinished) controller.abort();
  else res.once('close', () => res.writableFinished || controller.abort());
  return controller.signal;
}

/** Whether a request carries a body (a length other than 0, or a chunked one). */
export function hasBody(req: Pick<Request, 'headers'>): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** `clientGoneSignal` of the request being handled. */
export const ClientGone = createParamDecorator((_: unknown, ctx: ExecutionContext): AbortSignal => clientGoneSignal(ctx.switchToHttp().getResponse<Response>()));

/** The client's address: X-Forwarded-For counts only through the proxies TRUST_PROXY names. */
export const ClientIp = createParamDecorator((_: unknown, ctx: ExecutionContext): string => ctx.switchToHttp().getRequest<Request>().ip ?? 'unknown');

@ApiSchema({ name: 'FieldError', description: 'A field to correct (`field`), or a person refused (`personId`, as `age_ineligible`)' })
export class FieldErrorDoc {
  @ApiPropertyOptional({ example: 'password' }) field?: string;
  @ApiPropertyOptional({ type: 'integer', example: 42, description: 'The person refused (a registration’s `age_ineligible`)' }) personId?: number;
  @ApiProperty({ example: 'password_too_weak', description: 'Stable code of the field error' }) code: string;
  @ApiProperty({ example: 'Ce champ est requis' }) message: string;
}

@ApiSchema({ name: 'Problem', description: 'RFC 9457 problem details, in the language of Accept-Language' })
export class ProblemDoc {
  @ApiProperty({ format: 'uri', example: 'https://guichet-loisirs.ca/problemes/validation_failed' }) type: string;
  @ApiProperty({ example: 'Données invalides' }) title: string;
  @ApiProperty({ type: 'integer', example: 400 }) status: number;
  @ApiProperty({ example: 'Certains champs doivent être corrigés.' }) detail: string;
  @ApiProperty({ example: 'validation_failed', description: 'Stable error code' }) code: string;
  @ApiProperty({ example: '/api/v1/auth/signup', description: 'The path of the request' }) instance: string;
  @ApiPropertyOptional({ type: [FieldErrorDoc], description: 'With validation_failed: one entry per invalid field; with age_ineligible: one per person refused' }) errors?: FieldErrorDoc[];
  @ApiPropertyOptional({ format: 'date-time', description: 'With not_open: when registration opens for the family' }) opensAt?: string;
  @ApiPropertyOptional({ type: 'integer', nullable: true, description: 'With waiting_room: the family’s place (null before the draw)' }) position?: number | null;
}

/** The problem codes a description of `ApiProblems` lists: before any « : », without (comments). */
export function problemCodes(description: string): string[] {
  return description
    .replace(/\([^)]*\)/g, '')
    .split(':')[0]
    .split(',')
    .map((code) => code.trim())
    .filter((code) => /^[a-z0-9_]+$/.test(code));
}

/** The header of a 429 and a 503: how long to wait before trying again. */
export const RETRY_AFTER_HEADER = { 'Retry-After': { description: 'Seconds to wait before trying again', required: true, schema: { type: 'integer', minimum: 1 } } };

/** A problem+json answer whose `code` is one of `codes`. */
export function problemContent(codes: string[]) {
  const schema = codes.length ? { allOf: [{ $ref: getSchemaPath(ProblemDoc) }, { properties: { code: { type: 'string', enum: codes } } }] } : { $ref: getSchemaPath(ProblemDoc) };
  return { 'application/problem+json': { schema } };
}

/**
 * Documents problem+json answers: `ApiProblems([400, 'validation_failed: required, email_invalid'], [429, 'too_many_requests'])`.
 * The description starts with the answer's problem codes, comma-separated (the document lists them as
 * the enum of `code`); after « : » come the field codes of validation_failed; (parentheses) are remarks.
 * A 429 and a 503 carry Retry-After.
 */
export function ApiProblems(...answers: Array<[number, string]>) {
  return applyDecorators(
    ApiExtraModels(ProblemDoc, FieldErrorDoc),
    ...answers.map(([status, description]) =>
      ApiResponse({
        status,
        description,
        content: problemContent(problemCodes(description)),
        ...(status === 429 || status === 503 ? { headers: RETRY_AFTER_HEADER } : {}),
      }),
    ),
  );
}

/** The bearer token is optional: with one, the request is the resident's; a bad one is a 401. */
export function ApiOptionalBearer() {
  return applyDecorators(ApiSecurity({}), ApiBearerAuth());
}

/** 202 `{status: "accepted"}`: the request is taken, and its outcome is not told (no enumeration). */
export class AcceptedResponse {
  @ApiProperty({ enum: ['accepted'] }) status: 'accepted';
}
