/**
 * Starting a second competition for an order placed above the tenant's threshold, inside the
 * transaction that places the order: the competition with its deadline from the
 * `second-competition` rule and its own quote key (made like a tender key), its audit entry, the
 * planned opening of its quotes, and the invitation of every active party in its language.
 */
import type { Knex } from 'knex';
import type { AuditContext } from '../../audit/trail.js';
import type { Deps } from '../../deps.js';
import { quotesDue } from '../../regulations/second-competition.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { mailEach, mailFormats, supplierUsers } from '../orders/notify.js';
import { scheduleCompetitionOpening } from './schedule.js';

export interface StartedCompetition {
  id: string;
  closesAt: Date;
  minQuotes: number;
  rule: string;
}

export async function startSecondCompetition(
  tx: Knex.Transaction,
  deps: Pick<Deps, 'audit' | 'relay' | 'sealedBox' | 'mailer'>,
  by: { tenant: TenantHandle; audit: AuditContext },
  order: { id: string; orderNo: string; agreementId: string },
  at: Date,
): Promise<StartedCompetition> {
  const due = quotesDue(by.tenant.config, at);
  const quoteKey = await deps.sealedBox.newTenderKey(tx, by.tenant.slug);
  const [row] = await tx('second_competitions')
    .insert({ order_id: order.id, closes_at: due.closesAt, applied_rules: [due.rule], quote_key: quoteKey })
    .returning<{ id: string; closes_at: Date }[]>(['id', 'closes_at']);
  await deps.audit.record(tx, by.tenant, by.audit, {
    action: 'competition.started',
    target: { type: 'second-competition', id: row!.id },
    summary: { order: order.id, orderNo: order.orderNo, agreement: order.agreementId, rule: due.rule },
  });
  await scheduleCompetitionOpening(tx, by.tenant, deps.relay, row!);
  const parties = await tx('framework_parties')
    .where({ agreement_id: order.agreementId, status: 'active' })
    .orderBy('rank')
    .pluck<string[]>('supplier_id');
  for (const supplierId of parties)
    await mailEach(
      deps,
      tx,
      by.tenant,
      await supplierUsers(tx, supplierId),
      { template: 'competition:mail_invited' },
      (lng) => ({
        order: order.orderNo,
        deadline: mailFormats(by.tenant, lng).time(row!.closes_at),
      }),
    );
  return { id: row!.id, closesAt: row!.closes_at, minQuotes: due.minQuotes, rule: due.rule };
}
