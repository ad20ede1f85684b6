import 'express';

declare module 'express-serve-static-core' {
  interface Request {
    /** Request id set by pino-http (X-Request-Id). */
    id?: string | number | object;
  }
}
