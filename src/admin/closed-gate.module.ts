import { Module, UnauthorizedException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { PANEL_GATE, type PanelGate } from './panel.loader.js';

/** Until staff can sign in, nobody passes: every panel request answers 401. */
const closed: PanelGate = {
  handlers: () => [(_req: Request, _res: Response, next: NextFunction) => next(new UnauthorizedException())],
};

@Module({ providers: [{ provide: PANEL_GATE, useValue: closed }], exports: [PANEL_GATE] })
export class ClosedGateModule {}
