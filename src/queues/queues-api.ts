import express, { type Router } from 'express';
import type { QueuesService } from './queues.service.js';

/**
 * `GET /admin/api/queues` (SPEC §4b): the queues' figures as JSON, for every signed-in staff member.
 * Mounted behind the panel's staff gate, which answers 401 problem details to anyone else.
 */
export function queuesApi(queues: QueuesService): Router {
  const router = express.Router();
  router.get('/api/queues', async (_req, res, next) => {
    try {
      res.set('Cache-Control', 'private, no-store').json(await queues.snapshot());
    } catch (error) {
      next(error);
    }
  });
  return router;
}
