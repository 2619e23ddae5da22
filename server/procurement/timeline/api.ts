/** The timeline of a tender as JSON: the same read model as the page. */
import { Router } from 'express';
import { operations } from '../../http/operation.js';
import { IdParams } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { publicRoute } from '../../identity/policy.js';
import { stepLabel } from './label.js';
import { readTimeline } from './read.js';
import { TimelineAnswer } from './schema.js';

const operation = operations('timeline');

export function timelineApi(): Router {
  const router = Router();
  router.get(
    '/notices/:id/timeline',
    operation({
      id: 'getTimeline',
      summary:
        'Every step of a tender from plan entry to payment, in time order. Public steps for everyone; ' +
        "the agency's officers and auditors also get each step's audit entries (action, time, entry hash)",
      responses: { 200: { description: 'The timeline', schema: TimelineAnswer } },
    }),
    publicRoute,
    validate({ params: IdParams }),
    async (req, res) => {
      const timeline = await readTimeline(req.actor, req.params.id);
      res.json({ ...timeline, steps: timeline.steps.map((s) => ({ ...s, label: stepLabel(req, s) })) });
    },
  );
  return router;
}
