/**
 * A draft's own pages: the draft with what publication would say of it today (or, after a refused
 * publication, why it was refused), and the draft form filled with what was saved. A refused
 * publication redirects here, so the page can be reloaded and read in another language.
 */
import { pendingCheckView } from '../../approvals/pending-view.js';
import type { Request, Response } from 'express';
import type { FieldDetail } from '../../http/errors.js';
import type { FormRefusal } from '../../http/forms.js';
import { requestMessages } from '../../http/messages.js';
import { typedAmount } from '../../i18n/format.js';
import { wallClockText } from '../../time/zone.js';
import { titleOf, draftFormPage } from './desk-view.js';
import { readDraft } from './drafts.js';
import { NoticeStateError } from './errors.js';
import type { NoticeRow } from './read.js';

/** The draft's fields as the form's inputs hold them. */
function typedDraft(notice: NoticeRow, currency: string, timeZone: string): Record<string, unknown> {
  const titles = Object.fromEntries(Object.entries(notice.title).map(([lng, text]) => [`title_${lng}`, text]));
  return {
    ...titles,
    planEntryId: notice.plan_entry_id ?? '',
    category: notice.category,
    competition: notice.competition,
    method: notice.method,
    evaluationMethod: notice.evaluation_method,
    estimatedPrice: typedAmount(notice.estimated_price, currency),
    estimatedPriceHidden: notice.estimated_price_hidden,
    technicalCriteria: notice.technical_criteria.map((c) => `${c.title} | ${c.max}`).join('\n'),
    lots: notice.lots.map((l) => l.title ?? '').join('\n'),
    bidSecurityPercent: String(Number(notice.bid_security_percent)),
    submissionDeadline: wallClockText(notice.submission_deadline, timeZone),
    openingAt: wallClockText(notice.opening_at, timeZone),
  };
}

/** field → the first message about it. */
function byField(findings: FieldDetail[], message: (key: string, params?: Record<string, unknown>) => string) {
  const out: Record<string, string> = {};
  for (const f of findings) out[f.field] ??= message(f.key, f.params);
  return out;
}

/** The draft form filled with the saved draft; the findings stand next to their fields as warnings. */
export async function editDraftPage(req: Request, res: Response, refusal?: FormRefusal): Promise<void> {
  const id = String(req.params.id);
  const { notice, findings } = await readDraft(req.actor, id);
  if (notice.status_details !== 'draft') throw new NoticeStateError('notices:draft_only');
  const c = req.actor.tenant.config;
  const message = requestMessages(req);
  await draftFormPage(req, res, refusal, {
    title: req.t('notices:edit_title'),
    action: `${req.baseUrl}/notices-desk/${id}/edit`,
    submit: req.t('notices:save_changes'),
    values: typedDraft(notice, c.currency, c.timeZone),
    warnings: byField(findings, message),
    warningList: findings.map((f) => message(f.key, f.params)),
  });
}

/** A notice of the officer's agency; `?refused=1` after a refused publication. */
export async function draftPage(req: Request, res: Response): Promise<void> {
  const id = String(req.params.id);
  const { notice, documents, findings, pending } = await readDraft(req.actor, id);
  const message = requestMessages(req);
  const refused = req.query.refused === '1' && findings.length > 0;
  res.render('notices/draft', {
    title: notice.status_details === 'draft' ? req.t('notices:draft_title') : req.t('notices:notice_title'),
    id,
    noticeTitle: titleOf(req, notice.title),
    notice,
    draft: notice.status_details === 'draft',
    statusLabel: req.t(`notices:status_${notice.status}`),
    categoryLabel: req.t(`suppliers:category_${notice.category}`),
    methodLabel: req.t(`plans:method_${notice.method}`),
    bidSecurity: Number(notice.bid_security_percent),
    documentCount: documents.length,
    findings: findings.map((f) => message(f.key, f.params)),
    refused,
    ...pendingCheckView(req, pending),
  });
}
