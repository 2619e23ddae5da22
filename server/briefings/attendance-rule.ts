/**
 * Attendance as a condition of bidding (the tenant's `briefing-attendance` rule, e.g. korea's for
 * ICT notices in tenants/korea.yaml, read in regulations/briefing-attendance.ts): the check the bid
 * submission runs (procurement/bids/submission.ts).
 */
import type { Knex } from 'knex';
import { mayRequireBriefingAttendance } from '../regulations/briefing-attendance.js';
import type { TenantConfig } from '../tenancy/config-schema.js';
import { BriefingNotAttendedError } from './errors.js';

/**
 * Refuses a bid by a company that did not attend a mandatory briefing of the notice (held and
 * not cancelled, or still to come). The mandatory flag was fixed with the rule version in force
 * when the briefing was scheduled, so a later change of the rule does not move it under bidders.
 */
export async function assertAttendedBriefings(
  tx: Knex.Transaction,
  config: TenantConfig,
  noticeId: string,
  supplierId: string | null,
): Promise<void> {
  if (!mayRequireBriefingAttendance(config)) return;
  const missed = await tx('briefings as b')
    .leftJoin('briefing_registrations as r', (j) =>
      j.on('r.briefing_id', 'b.id').andOn('r.supplier_id', tx.raw('?', [supplierId])),
    )
    .where({ 'b.notice_id': noticeId, 'b.status': 'scheduled' })
    .whereNotNull('b.mandatory_rule')
    .where((q) => q.whereNull('r.attended').orWhere('r.attended', false))
    .orderBy('b.starts_at')
    .first<{ starts_at: Date; mandatory_rule: string } | undefined>('b.starts_at', 'b.mandatory_rule');
  if (missed) throw new BriefingNotAttendedError(missed.starts_at, missed.mandatory_rule);
}
