/** The timeline page of a tender: public steps for everyone, audit entries for its officers and auditors. */
import { Router } from 'express';
import { IdParams } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { publicRoute } from '../../identity/policy.js';
import { formatsFor } from '../deliveries/format.js';
import { actionLabel } from '../../audit/action-label.js';
import { stepLabel } from './label.js';
import { readTimeline } from './read.js';

export function timelinePages(): Router {
  const router = Router();
  router.get('/notices/:id/timeline', publicRoute, validate({ params: IdParams }), async (req, res) => {
    const timeline = await readTimeline(req.actor, req.params.id);
    const f = formatsFor(req);
    res.render('timeline/show', {
      title: req.t('timeline:title'),
      notice: {
        ...timeline.notice,
        titleText: timeline.notice.title[req.lng] ?? Object.values(timeline.notice.title)[0] ?? '',
      },
      withEntries: timeline.audience !== 'public',
      withAddresses: timeline.audience === 'auditor',
      steps: timeline.steps.map((s) => ({
        ...s,
        atIso: s.at.toISOString(),
        atText: f.time(s.at),
        label: stepLabel(req, s),
        restricted: !s.public,
        entries: s.entries?.map((e) => ({ ...e, actionText: actionLabel(req, e.action), atText: f.time(e.at) })),
      })),
    });
  });
  return router;
}
