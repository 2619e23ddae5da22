/** What the evaluation page shows, from what read.ts found: labels, amounts and the forms that apply. */
import { pendingCheckView } from '../../approvals/pending-view.js';
import type { Request } from 'express';
import { companiesText } from '../../conflicts/seat-check.js';
import type { FormRefusal } from '../../http/forms.js';
import { formatMoney } from '../../i18n/format.js';
import type { LowestPriceState } from './lowest-price.js';
import type { EvaluationPage } from './read.js';
import { scoreTableView } from './score-table.js';

type ViewRequest = Pick<Request, 't' | 'lng' | 'actor'>;

function money(req: ViewRequest, v: number): string {
  const c = req.actor.tenant.config;
  return formatMoney(v, c.currency, req.lng, c.numberingSystem);
}

function lowestModel(req: ViewRequest, state: LowestPriceState) {
  return {
    ...state,
    reserveText: req.t('evaluation:reserve', {
      amount: money(req, state.reservePrice),
      source: req.t(`evaluation:source_${state.reserveSource}`),
    }),
    rows: state.rows.map((r) => {
      const review = state.reviews.find((v) => v.bidId === r.bidId);
      return {
        ...r,
        priceText: money(req, r.price),
        reviewText: review
          ? req.t(review.passed ? 'evaluation:review_passed' : 'evaluation:review_failed', { score: review.score })
          : '',
      };
    }),
    reviewTitle: state.next ? req.t('evaluation:review_title', { receipt: state.next.receiptNo }) : '',
  };
}

function proposalsModel(req: ViewRequest, page: EvaluationPage) {
  const { proposals, sheet, notice } = page;
  return proposals?.map((p) => ({
    ...p,
    mine: sheet?.scores.find((s) => s.mine && s.bidId === p.bidId),
    criteria: notice.technical_criteria.map((cr) => ({
      ...cr,
      label: req.t('evaluation:criterion_points', { criterion: cr.title, max: cr.max }),
    })),
  }));
}

/** The page's locals; a refusal adds its summary, field messages (also as a list) and the posted values. */
export function evaluationPageModel(req: ViewRequest, page: EvaluationPage, refusal?: FormRefusal) {
  const { notice, manager, result, award, seat } = page;
  const model: Record<string, unknown> = {
    title: req.t('evaluation:title'),
    notice: {
      id: notice.id,
      noticeNo: notice.notice_no,
      titleText: notice.title[req.lng] ?? Object.values(notice.title)[0],
    },
    manager,
    negotiated: page.negotiated,
    seat: seat && { ...seat, statusLabel: req.t(`evaluation:status_${seat.status}`) },
    declaring: seat?.status === 'assigned',
    bidders: page.bidders,
    committee: page.committee.map((m) => ({ ...m, statusLabel: req.t(`evaluation:status_${m.status}`) })),
    result: result && result.status === 'final' ? scoreTableView(req, result) : null,
    canPublishAward: manager && result?.status === 'final' && !!result.winner_bid_id && !award && !page.check,
    ...(manager ? pendingCheckView(req, page.check) : {}),
    canFinalizeAward: manager && award?.status === 'standstill',
    // The officer must seat someone else for each seat a conflict of interest blocked.
    blockedSeats: manager
      ? page.blocked.map((b) =>
          req.t('conflicts:seat_blocked_notice', {
            evaluator: b.evaluator,
            companies: companiesText(b.matches, req.lng),
          }),
        )
      : [],
  };
  if (page.proposals) {
    model.proposals = proposalsModel(req, page);
    model.sheet = page.sheet;
  }
  if (page.progress) model.progress = page.progress;
  if (page.lowest) model.lowest = lowestModel(req, page.lowest);
  if (!refusal) return model;
  return { ...model, ...refusal, messages: Object.values(refusal.errors) };
}
