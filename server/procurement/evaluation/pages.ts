/**
 * The evaluation page of a notice, one page for the agency's officer (committee, reviews in price
 * order, closing the technical evaluation, the award) and for each evaluator (declaration, then
 * proposals and score forms). Actions post back here; a refusal comes back on the page.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../http/errors.js';
import { fieldMessages, parseInput } from '../../http/validate.js';
import { formatMoney } from '../../i18n/format.js';
import type { csrfProtection } from '../../identity/csrf.js';
import { auditContextOf } from '../../identity/passport.js';
import { can, ForbiddenError, requirePolicy, signedInRoute } from '../../identity/policy.js';
import type { Deps } from '../../deps.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { awardsService } from '../awards/service.js';
import { Assign, Decline, Review } from './api.js';
import { bidderNames, committeeService, noticeFor } from './committee.js';
import { lowestPriceService } from './lowest-price.js';
import { negotiatedService } from './negotiated.js';
import { latestResult } from './results.js';
import { scoreTableView } from './score-table.js';

type Csrf = ReturnType<typeof csrfProtection>;

async function pageModel(services: Deps, req: Request) {
  const tenant = req.tenant!;
  const c = tenant.config;
  const user = req.user!;
  const id = String(req.params.id);
  const money = (v: number) => formatMoney(v, c.currency, req.lng, c.numberingSystem);
  const base = await inTenant(tenant, async (tx) => {
    const notice = await noticeFor(tx, id);
    const seat = await tx('evaluators')
      .where({ notice_id: notice.id, user_id: user.id })
      .first<{ status: string } | undefined>('status');
    const committee = await tx('evaluators as e')
      .join('users as u', 'u.id', 'e.user_id')
      .where('e.notice_id', notice.id)
      .orderBy('e.assigned_at')
      .select<{ display_name: string; email: string; status: string }[]>('u.display_name', 'u.email', 'e.status');
    const result = await latestResult(tx, notice.id);
    const award = await tx('awards')
      .where({ notice_id: notice.id })
      .whereNot({ status: 'withdrawn' })
      .first<{ status: string; standstill_ends_at: Date } | undefined>('status', 'standstill_ends_at');
    return { notice, seat, committee, result, award, bidders: seat ? await bidderNames(tx, notice.id) : [] };
  });
  const { notice } = base;
  const manager = can(user, 'notices:manage', notice.agency_id);
  if (!manager && !base.seat) throw new ForbiddenError('evaluation:take-part');
  const declared = base.seat?.status === 'declared';
  const negotiated = notice.evaluation_method === 'negotiated';
  const open = !!notice.opened_at && (!base.result || base.result.status === 'reopened');
  const model: Record<string, unknown> = {
    title: req.t('evaluation:title'),
    notice: {
      id: notice.id,
      noticeNo: notice.notice_no,
      titleText: notice.title[req.lng] ?? Object.values(notice.title)[0],
    },
    manager,
    negotiated,
    seat: base.seat && { ...base.seat, statusLabel: req.t(`evaluation:status_${base.seat.status}`) },
    declaring: base.seat?.status === 'assigned',
    bidders: base.bidders,
    committee: base.committee.map((m) => ({ ...m, statusLabel: req.t(`evaluation:status_${m.status}`) })),
    result: base.result && base.result.status === 'final' ? scoreTableView(req, base.result) : null,
    canPublishAward: manager && base.result?.status === 'final' && !!base.result.winner_bid_id && !base.award,
    canFinalizeAward: manager && base.award?.status === 'standstill',
  };
  if (negotiated && declared && open) {
    const proposals = await negotiatedService(services).proposals(tenant, user, auditContextOf(req), notice.id);
    const sheet = await negotiatedService(services).scoreSheet(tenant, user, notice.id);
    model.proposals = proposals.map((p) => ({
      ...p,
      mine: sheet.scores.find((s) => s.mine && s.bidId === p.bidId),
      criteria: notice.technical_criteria.map((cr) => ({
        ...cr,
        label: req.t('evaluation:criterion_points', { criterion: cr.title, max: cr.max }),
      })),
    }));
    model.sheet = sheet;
  }
  if (negotiated && manager && open && notice.opened_at) {
    model.progress = await negotiatedService(services).scoreSheet(tenant, user, notice.id);
  }
  if (!negotiated && manager && notice.opened_at && notice.status === 'active') {
    const state = await lowestPriceService(services).state(tenant, notice.id);
    model.lowest = {
      ...state,
      reserveText: req.t('evaluation:reserve', {
        amount: money(state.reservePrice),
        source: req.t(`evaluation:source_${state.reserveSource}`),
      }),
      rows: state.rows.map((r) => {
        const review = state.reviews.find((v) => v.bidId === r.bidId);
        return {
          ...r,
          priceText: money(r.price),
          reviewText: review
            ? req.t(review.passed ? 'evaluation:review_passed' : 'evaluation:review_failed', { score: review.score })
            : '',
        };
      }),
      reviewTitle: state.next ? req.t('evaluation:review_title', { receipt: state.next.receiptNo }) : '',
    };
  }
  return model;
}

export function evaluationPages(services: Deps, csrf: Csrf): Router {
  const router = Router();
  const path = (req: Request) => `${req.baseUrl}/notices/${String(req.params.id)}/evaluation`;
  const render = async (req: Request, res: Response, status = 200, extra: Record<string, unknown> = {}) =>
    res.status(status).render('evaluation/page', { ...(await pageModel(services, req)), ...extra });

  /** Runs an action; a refusal is shown on the page with the fields it names. */
  const act = (work: (req: Request) => Promise<unknown>) => async (req: Request, res: Response) => {
    try {
      await work(req);
      res.redirect(303, path(req));
    } catch (error) {
      if (!(error instanceof AppError) || error.status === 404) throw error;
      await render(req, res, error.status, {
        error: error.details.length > 0 ? req.t('validation:failed') : req.t(error.key, error.params),
        errors: fieldMessages(error, req.t),
        messages: Object.values(fieldMessages(error, req.t)),
        values: req.body as Record<string, unknown>,
      });
    }
  };
  const committee = committeeService(services);
  const negotiated = negotiatedService(services);
  const lowest = lowestPriceService(services);
  const awards = awardsService(services);
  const id = (req: Request) => String(req.params.id);

  router.get('/notices/:id/evaluation', signedInRoute, csrf.token, (req, res) => render(req, res));
  router.post(
    '/notices/:id/evaluation/assign',
    requirePolicy('notices:manage'),
    csrf.protect,
    csrf.token,
    act((req) =>
      committee.assign(req.tenant!, req.user!, auditContextOf(req), id(req), parseInput(Assign, req.body).email),
    ),
  );
  router.post(
    '/notices/:id/evaluation/declare',
    requirePolicy('evaluation:take-part'),
    csrf.protect,
    csrf.token,
    act((req) => committee.declare(req.tenant!, req.user!, auditContextOf(req), id(req))),
  );
  router.post(
    '/notices/:id/evaluation/decline',
    requirePolicy('evaluation:take-part'),
    csrf.protect,
    csrf.token,
    act((req) =>
      committee.decline(req.tenant!, req.user!, auditContextOf(req), id(req), parseInput(Decline, req.body).reason),
    ),
  );
  router.post(
    '/notices/:id/evaluation/score',
    requirePolicy('evaluation:take-part'),
    csrf.protect,
    csrf.token,
    act((req) => {
      const { bidId, ...scores } = parseInput(z.object({ bidId: z.uuid() }).catchall(z.string()), req.body);
      delete (scores as Record<string, unknown>)._csrf;
      return negotiated.score(req.tenant!, req.user!, auditContextOf(req), id(req), bidId, scores);
    }),
  );
  router.post(
    '/notices/:id/evaluation/finalize',
    requirePolicy('notices:manage'),
    csrf.protect,
    csrf.token,
    act((req) => negotiated.finalize(req.tenant!, req.user!, auditContextOf(req), id(req))),
  );
  router.post(
    '/notices/:id/evaluation/review',
    requirePolicy('notices:manage'),
    csrf.protect,
    csrf.token,
    act((req) => lowest.review(req.tenant!, req.user!, auditContextOf(req), id(req), parseInput(Review, req.body))),
  );
  router.post(
    '/notices/:id/evaluation/award',
    requirePolicy('notices:manage'),
    csrf.protect,
    csrf.token,
    act((req) => awards.publish(req.tenant!, req.user!, auditContextOf(req), id(req))),
  );
  router.post(
    '/notices/:id/evaluation/award-final',
    requirePolicy('notices:manage'),
    csrf.protect,
    csrf.token,
    act((req) => awards.finalize(req.tenant!, req.user!, auditContextOf(req), id(req))),
  );
  return router;
}
