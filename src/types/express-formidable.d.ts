declare module 'express-formidable' {
  import type { NextFunction, Request, RequestHandler, Response } from 'express';

  /** formidable 1's IncomingForm options, assigned onto the form (its methods too, such as `onPart`). */
  type Options = Record<string, unknown>;
  interface FormEvent {
    event: string;
    action: (req: Request, res: Response, next: NextFunction, ...parameters: never[]) => void;
  }
  export default function formidableMiddleware(options?: Options, events?: FormEvent[]): RequestHandler;
}
