import { applyDecorators, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { Request } from 'express';
import { negotiateLocale, type Locale } from './locale.js';

/** The caller's language (Accept-Language; French by default). */
export const Lang = createParamDecorator((_: unknown, ctx: ExecutionContext): Locale =>
  negotiateLocale(ctx.switchToHttp().getRequest<Request>().headers['accept-language']),
);

/** The client's address: X-Forwarded-For counts only through the proxies TRUST_PROXY names. */
export const ClientIp = createParamDecorator((_: unknown, ctx: ExecutionContext): string => ctx.switchToHttp().getRequest<Request>().ip ?? 'unknown');

export class FieldErrorDoc {
  @ApiProperty({ example: 'password' }) field: string;
  @ApiProperty({ example: 'password_too_weak' }) code: string;
  @ApiProperty({ example: 'Ce champ est requis' }) message: string;
}

export class ProblemDoc {
  @ApiProperty({ example: 'https://guichet-loisirs.ca/problemes/validation_failed' }) type: string;
  @ApiProperty({ example: 'Données invalides' }) title: string;
  @ApiProperty({ example: 400 }) status: number;
  @ApiProperty({ example: 'Certains champs doivent être corrigés.' }) detail: string;
  @ApiProperty({ example: 'validation_failed', description: 'Stable error code' }) code: string;
  @ApiPropertyOptional() instance?: string;
  @ApiPropertyOptional({ type: [FieldErrorDoc] }) errors?: FieldErrorDoc[];
}

/** Documents problem+json answers: `ApiProblems([400, 'validation_failed'], [429, 'too_many_requests'])`. */
export function ApiProblems(...answers: Array<[number, string]>) {
  return applyDecorators(
    ApiExtraModels(ProblemDoc, FieldErrorDoc),
    ...answers.map(([status, codes]) =>
      ApiResponse({
        status,
        description: codes,
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDoc) } } },
      }),
    ),
  );
}
