/**
 * The approvals page: each request as a sentence of what will change, who asked, when and why,
 * with its Approve and Refuse forms where the reader may decide it; then the latest decisions.
 * A refused form shows the page again with its message on the request it was about.
 */
import type { Request, Response } from 'express';
import type { FormRefusal } from '../http/forms.js';
import { kindOf } from './kinds.js';
import { approvalsToDecide, type ApprovalListing } from './read.js';
import { decisionRefusal } from './rules.js';
import { requesterText } from './wording.js';

/** Outcomes announced after a redirect (`?done=…`); anything else is ignored. */
const DONE = new Set(['approved', 'refused']);

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** What every request shows, waiting or decided. */
function described(req: Request, a: ApprovalListing) {
  return {
    id: a.id,
    change: kindOf(a.kind).describe(req.t, a, { lng: req.lng, tenant: req.actor.tenant }),
    page: kindOf(a.kind).pagePath?.(a),
    requester: requesterText(req.t, a.requestedBy, a.requesterName),
    requestedAt: a.requestedAt,
    reason: a.reason,
    ticketNo: a.context.ticketNo,
  };
}

function waiting(req: Request, a: ApprovalListing, refusal: FormRefusal | undefined) {
  const failed = refusal && String(req.params.id) === a.id ? refusal : undefined;
  const why = decisionRefusal(a, req.user!);
  return {
    ...described(req, a),
    mayDecide: why === null,
    whyNot:
      why === 'own-request'
        ? req.t('approvals:cannot_decide_own_request')
        : why === 'own-account'
          ? req.t('approvals:cannot_decide_own_account')
          : undefined,
    reasonError: failed?.errors.reason,
    reasonValue: failed?.form === 'refuse' ? (text(failed.values.reason) ?? '') : '',
    open: failed?.form === 'refuse',
  };
}

function decision(req: Request, a: ApprovalListing) {
  return {
    ...described(req, a),
    statusLabel: req.t(`approvals:status_${a.status}`),
    refused: a.status === 'refused',
    decidedBy: a.decidedByLabel,
    decidedAt: a.decidedAt,
    decisionReason: a.decisionReason,
  };
}

export async function approvalsPage(req: Request, res: Response, refusal?: FormRefusal): Promise<void> {
  const { pending, decided } = await approvalsToDecide(req.actor);
  const done = text(req.query.done);
  res.render('approvals/list', {
    title: req.t('approvals:title'),
    notice: !refusal && done && DONE.has(done) ? req.t(`approvals:done_${done}`) : undefined,
    error: refusal?.error,
    pending: pending.map((a) => waiting(req, a, refusal)),
    decided: decided.map((a) => decision(req, a)),
  });
}
