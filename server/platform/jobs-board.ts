/**
 * bull-board for operators at /platform/jobs: every queue's jobs, their data and errors, retries.
 * Behind the staff session; anyone but an operator is refused.
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import { Router } from 'express';
import type { QueueSystem } from '../jobs/queues.js';
import { requireStaff } from './staff-steps.js';

export const JOBS_BOARD_PATH = '/platform/jobs';

const operatorsOnly = requireStaff('staff:desk', ['operator']);

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
