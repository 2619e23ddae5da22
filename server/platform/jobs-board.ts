/**
 * bull-board for operators at /platform/jobs: every queue's jobs, their data and errors, retries.
 * Behind the staff session; anyone but an operator is refused.
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { AppError } from '../http/errors.js';
import type { QueueSystem } from '../jobs/queues.js';
import type { TaggedHandler } from '../identity/policy.js';

export const JOBS_BOARD_PATH = '/platform/jobs';

const operatorsOnly: TaggedHandler = Object.assign(
  (req: Request, res: Response, next: NextFunction) => {
    if (!req.staff) return res.redirect('/platform/login');
    if (req.staff.role !== 'operator') return next(new AppError('forbidden', 403, 'errors:forbidden'));
    next();
  },
  { policy: 'staff:desk' as const },
);

export function jobsBoard(queues: QueueSystem): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(JOBS_BOARD_PATH);
  createBullBoard({
    queues: Object.values(queues.queues).map((q) => new BullMQAdapter(q as unknown as Queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'KONEPS jobs' } },
  });
  const router = Router();
  router.use(JOBS_BOARD_PATH, operatorsOnly, serverAdapter.getRouter() as Router);
  return router;
}
