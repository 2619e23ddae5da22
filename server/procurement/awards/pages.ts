/** The award on the notice page: the notice of award, its standstill, complaints and their answers. */
import { Router, type Request } from 'express';
import { z } from 'zod';
import { formatDateTime, formatMoney } from '../../i18n/format.js';
import type { csrfProtection } from '../../identity/csrf.js';
import { auditContextOf } from '../../identity/passport.js';
import { can, requirePolicy } from '../../identity/policy.js';
import { parseInput } from '../../http/validate.js';
import type { Services } from '../../services.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { now } from '../../time/clock.js';
import { visibleResult } from '../evaluation/api.js';
import { scoreTableView } from '../evaluation/score-table.js';
import type { NoticeRow } from '../notices/read.js';
import { Answer, Complaint, publicAward } from './api.js';
import { awardsService } from './service.js';

type Csrf = ReturnType<typeof csrfProtection>;

export async function awardView(req: Request, notice: NoticeRow) {
  const award = await publicAward(req.tenant!, notice.id);
  if (!award) return { award: null };
  const c = req.tenant!.config;
  const when = (iso: string) => formatDateTime(new Date(iso), req.lng, c.timeZone, c.numberingSystem);
  const at = await inTenant(req.tenant!, (tx) => now(tx));
  const manager = can(req.user, 'notices:manage', notice.agency_id);
  const result = await visibleResult(req, notice.id);
  return {
    award: {
      ...award,
      winnerName: award.supplier.name[req.lng] ?? Object.values(award.supplier.name)[0] ?? '',
      amountText: formatMoney(award.amount, c.currency, req.lng, c.numberingSystem),
      untilText: when(award.standstillEndsAt),
      statusLabel: req.t(`awards:status_${award.status}`),
      complaints: award.complaints.map((x) => ({
        ...x,
        statusLabel: req.t(`awards:complaint_status_${x.status}`),
        answerable: manager && x.status === 'open',
      })),
      decisions: [
        { value: 'dismissed', label: req.t('awards:dismiss') },
        { value: 'upheld', label: req.t('awards:uphold') },
      ],
      canComplain:
        award.status === 'standstill' && at < new Date(award.standstillEndsAt) && can(req.user, 'complaints:file'),
    },
    scoreTable: result && result.status === 'final' ? scoreTableView(req, result) : null,
    canEvaluate: manager,
  };
}

export function awardPages(services: Services, csrf: Csrf): Router {
  const router = Router();
  const awards = awardsService(services);
  router.post('/notices/:id/complaints', requirePolicy('complaints:file'), csrf.protect, async (req, res) => {
    const { grounds } = parseInput(Complaint, req.body ?? {});
    await awards.fileComplaint(req.tenant!, req.user!, auditContextOf(req), String(req.params.id), grounds);
    res.redirect(303, `${req.baseUrl}/notices/${String(req.params.id)}`);
  });
  router.post('/complaints/:id/answer', requirePolicy('notices:manage'), csrf.protect, async (req, res) => {
    const { noticeId, ...input } = parseInput(Answer.extend({ noticeId: z.uuid() }), req.body ?? {});
    await awards.answerComplaint(req.tenant!, req.user!, auditContextOf(req), String(req.params.id), input);
    res.redirect(303, `${req.baseUrl}/notices/${noticeId}`);
  });
  return router;
}
