import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { AuthenticatedResident } from './strategies.js';

export const CurrentResident = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthenticatedResident => ctx.switchToHttp().getRequest<Request & { user: AuthenticatedResident }>().user,
);
