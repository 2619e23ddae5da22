/**
 * The public page of a notice, in one place: the notice, its documents and addenda, its
 * questions, and where the page shows them the opening and the award (their features' read
 * models). Nothing else adds to the page's data.
 */
import type { Request } from 'express';
import { can } from '../../identity/policy.js';
import { awardView } from '../awards/view.js';
import { openingView } from '../opening/view.js';
import { addendaBlock } from './addenda-view.js';
import { publicView, readPublicNotice } from './public.js';
import { publicQuestions } from './questions.js';

export async function noticePageModel(req: Request, noticeId: string) {
  const row = await readPublicNotice(req.actor, noticeId);
  return {
    title: req.t('notices:notice_title'),
    notice: publicView(req, row),
    statusLabel: req.t(`notices:status_${row.status}`),
    addendaBlock: await addendaBlock(req, row),
    questions: await publicQuestions(req.actor, row.id),
    canAsk: row.status === 'active' && can(req.user, 'supplier:read-own'),
    canAnswer: can(req.user, 'notices:manage', row.agency_id),
    ...(await openingView(req, row)),
    ...(await awardView(req, row)),
  };
}
