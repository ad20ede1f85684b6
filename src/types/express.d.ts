import 'express';

declare module 'express-serve-static-core' {
  interface Request {
    /** Request id (X-Request-Id), set by requestLogger. */
    id?: string;
  }
}
