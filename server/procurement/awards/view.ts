/**
 * The award as the notice page shows it: the notice of award, its standstill, complaints and their
 * answers, and the final score table once it may be read. Apart from routes.ts (the award's own
 * forms) so that the notice page can show it without importing the award's HTTP module.
 */
import type { Request } from 'express';
import { formatDateTime, formatMoney } from '../../i18n/format.js';
import { can } from '../../identity/policy.js';
import { visibleResult } from '../evaluation/read.js';
import { scoreTableView } from '../evaluation/score-table.js';
import type { NoticeRow } from '../notices/read.js';
import { publicAward } from './read.js';

export async function awardView(req: Request, notice: NoticeRow, at: Date) {
  const award = await publicAward(req.actor, notice.id);
  if (!award) return { award: null };
  const c = req.actor.tenant.config;
  const when = (iso: string) => formatDateTime(new Date(iso), req.lng, c.timeZone, c.numberingSystem);
  const manager = can(req.user, 'notices:manage', notice.agency_id);
  const result = await visibleResult(req.actor, notice.id);
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
