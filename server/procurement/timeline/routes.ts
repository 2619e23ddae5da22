/** The timeline of a tender: a public page and API; officers of the agency and auditors see the audit entries too. */
import { Router, type Request } from 'express';
import { NotFoundError } from '../../http/errors.js';
import type { ApiDoc } from '../../http/openapi.js';
import { publicRoute } from '../../identity/policy.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { formatsFor } from '../deliveries/format.js';
import { timelineOf, type Timeline, type TimelineStep } from './service.js';

const DAYS = new Set(['dueOn', 'paidOn', 'closesOn']);

/** The step's label in the reader's language, its amounts and dates written out. */
function label(req: Request, s: TimelineStep): string {
  const f = formatsFor(req);
  const params = Object.fromEntries(
    Object.entries(s.params).map(([k, v]) => [
      k,
      k === 'amount' ? f.money(v) : DAYS.has(k) && typeof v === 'string' ? f.day(v) : v,
    ]),
  );
  return req.t(`timeline:step_${s.kind.replace(/-/g, '_')}`, params);
}

async function load(req: Request): Promise<Timeline> {
  const timeline = await inTenant(req.tenant!, (tx) => timelineOf(tx, String(req.params.id), req.user));
  if (!timeline) throw new NotFoundError('notice_not_found', 'notices:not_found');
  return timeline;
}

export function timelinePages(): Router {
  const router = Router();
  router.get('/notices/:id/timeline', publicRoute, async (req, res) => {
    const timeline = await load(req);
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
        label: label(req, s),
        restricted: !s.public,
        entries: s.entries?.map((e) => ({ ...e, atText: f.time(e.at) })),
      })),
    });
  });
  return router;
}

export function timelineApi(doc: ApiDoc): Router {
  const router = Router();
  doc.add({
    method: 'get',
    path: '/notices/{id}/timeline',
    tag: 'timeline',
    summary:
      'Every step of a tender from plan entry to payment, in time order. Public steps for everyone; ' +
      "the agency's officers and auditors also get each step's audit entries (action, time, entry hash)",
    authenticated: false,
    responses: { '200': { description: 'Timeline' }, '404': { description: 'Unknown notice' } },
  });
  router.get('/notices/:id/timeline', publicRoute, async (req, res) => {
    const timeline = await load(req);
    res.json({
      ...timeline,
      steps: timeline.steps.map((s) => ({ ...s, label: label(req, s) })),
    });
  });
  return router;
}
