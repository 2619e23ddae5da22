/**
 * Opening a second competition at its deadline, once: every current quote unsealed under the
 * competition's key (each use of the key audited by the sealed box), its hash checked against the
 * receipt's, its total and lines written in clear. With fewer valid quotes than the rule asks, or
 * a lowest total the budget line or the agreement cannot hold, the order fails and gives back what
 * it held; otherwise the lowest total wins (tie: the earlier receipt), its prices become the
 * order's, and the order waits for the winner's decision. The buyer and every party are told.
 */
import type { Knex } from 'knex';
import type { Deps } from '../../deps.js';
import type { Actor } from '../../identity/actor.js';
import { quotesDue } from '../../regulations/second-competition.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { now } from '../../time/clock.js';
import { moneyText } from '../contracts/terms.js';
import { mailEach, supplierUsers, userRecipient } from '../orders/notify.js';
import { adjustHoldings, releaseHoldings } from '../orders/release.js';
import { quoteHash, quoteLabel, type QuoteContent } from './quote-content.js';

interface Competition {
  id: string;
  order_id: string;
  closes_at: Date;
  status: string;
  quote_key: string;
}
interface Order {
  id: string;
  order_no: string;
  budget_line_id: string;
  agreement_id: string;
  total: string;
  placed_by: string;
}
interface Quote {
  id: string;
  supplier_id: string;
  receipt_no: string;
  submitted_at: Date;
  sealed_quote: string;
  quote_hash: string;
}
export interface OpenedQuote {
  id: string;
  supplierId: string;
  receiptNo: string;
  submittedAt: Date;
  total: number;
  lines: { number: number; unitPrice: number }[];
  valid: boolean;
}

export type OpeningOutcome = 'nothing-to-do' | 'too-early' | 'awarded' | 'failed';

/** Whether the order's holdings can grow by `delta` (a lowest total above the order's first total). */
async function roomFor(tx: Knex.Transaction, order: Order, delta: number): Promise<boolean> {
  if (delta <= 0) return true;
  const line = await tx('budget_lines')
    .where({ id: order.budget_line_id })
    .first<{ amount: string; committed: string }>();
  const a = await tx('framework_agreements')
    .where({ id: order.agreement_id })
    .first<{ max_value: string; ordered_value: string }>();
  return (
    Number(line.committed) + delta <= Number(line.amount) && Number(a.ordered_value) + delta <= Number(a.max_value)
  );
}

async function unsealAll(
  tx: Knex.Transaction,
  deps: Pick<Deps, 'sealedBox'>,
  actor: Actor,
  competition: Competition,
  order: Order,
): Promise<OpenedQuote[]> {
  const quotes = await tx('competition_quotes')
    .where({ competition_id: competition.id, status: 'current' })
    .orderBy([{ column: 'submitted_at' }, { column: 'receipt_no' }])
    .select<Quote[]>();
  if (quotes.length === 0) return [];
  const unseal = await deps.sealedBox.unsealer(
    tx,
    actor.tenant,
    actor.audit,
    {
      id: competition.id,
      tender_key: competition.quote_key,
      opening_at: competition.closes_at,
      evaluation_method: 'second-competition',
      technical_final_at: null,
    },
    ['price'],
    { type: 'second-competition', id: competition.id },
  );
  const quantities = new Map(
    (
      await tx('delivery_order_lines').where({ order_id: order.id }).select<{ number: number; quantity: number }[]>()
    ).map((l) => [l.number, l.quantity]),
  );
  return quotes.map((q) => {
    const content = JSON.parse(
      unseal(quoteLabel(actor.tenant.slug, competition.id, q.id), q.sealed_quote).toString(),
    ) as QuoteContent;
    const total = content.lines.reduce((s, l) => s + l.unitPrice * (quantities.get(l.number) ?? 0), 0);
    return {
      id: q.id,
      supplierId: q.supplier_id,
      receiptNo: q.receipt_no,
      submittedAt: q.submitted_at,
      total,
      lines: content.lines,
      valid: quoteHash(content) === q.quote_hash && content.receiptNo === q.receipt_no,
    };
  });
}

export function competitionOpening(deps: Pick<Deps, 'audit' | 'mailer' | 'sealedBox'>) {
  async function tellParties(tx: Knex.Transaction, actor: Actor, order: Order, quotes: OpenedQuote[], winner?: string) {
    for (const q of quotes) {
      const template = q.id === winner ? { template: 'competition:mail_won' } : { template: 'competition:mail_lost' };
      await mailEach(deps, tx, actor.tenant, await supplierUsers(tx, q.supplierId), template, (lng) => ({
        order: order.order_no,
        total: moneyText(actor.tenant, lng, q.total),
      }));
    }
  }

  return {
    /** Opens the competition if it is open and due; idempotent. */
    async open(actor: Actor, competitionId: string): Promise<OpeningOutcome> {
      return inTenant(actor.tenant, async (tx) => {
        const competition = await tx('second_competitions')
          .where({ id: competitionId })
          .forUpdate()
          .first<Competition | undefined>();
        if (!competition || competition.status !== 'open') return 'nothing-to-do';
        const at = await now(tx);
        if (at.getTime() < competition.closes_at.getTime()) return 'too-early';
        const order = await tx('delivery_orders').where({ id: competition.order_id }).forUpdate().first<Order>();
        const quotes = await unsealAll(tx, deps, actor, competition, order);
        for (const q of quotes)
          await tx('competition_quotes')
            .where({ id: q.id })
            .update({ total: q.total, lines: JSON.stringify(q.lines) });
        const valid = quotes.filter((q) => q.valid);
        const { minQuotes, rule } = quotesDue(actor.tenant.config, competition.closes_at);
        const best = [...valid].sort(
          (a, b) => a.total - b.total || a.submittedAt.getTime() - b.submittedAt.getTime(),
        )[0];
        const delta = best ? best.total - Number(order.total) : 0;
        const fails = valid.length < minQuotes || !best || !(await roomFor(tx, order, delta));
        const buyer = [await userRecipient(tx, order.placed_by)];
        const summary = {
          order: order.id,
          orderNo: order.order_no,
          quotes: quotes.length,
          valid: valid.length,
          minQuotes,
          rule,
        };
        if (fails) {
          await tx('second_competitions').where({ id: competition.id }).update({ status: 'failed', opened_at: at });
          await tx('delivery_orders').where({ id: order.id }).update({ status: 'failed' });
          await releaseHoldings(tx, order);
          await deps.audit.record(tx, actor.tenant, actor.audit, {
            action: 'competition.opened',
            target: { type: 'second-competition', id: competition.id },
            summary: { ...summary, outcome: 'failed', released: Number(order.total) },
          });
          await mailEach(deps, tx, actor.tenant, buyer, { template: 'competition:mail_failed' }, () => ({
            order: order.order_no,
            received: valid.length,
            needed: minQuotes,
          }));
          await tellParties(tx, actor, order, quotes);
          return 'failed';
        }
        for (const l of best.lines)
          await tx('delivery_order_lines')
            .where({ order_id: order.id, number: l.number })
            .update({ unit_price: l.unitPrice });
        await tx('delivery_orders')
          .where({ id: order.id })
          .update({ supplier_id: best.supplierId, total: best.total, status: 'awaiting-supplier' });
        await adjustHoldings(tx, order, delta);
        await tx('second_competitions')
          .where({ id: competition.id })
          .update({ status: 'opened', opened_at: at, winner_quote_id: best.id });
        await deps.audit.record(tx, actor.tenant, actor.audit, {
          action: 'competition.opened',
          target: { type: 'second-competition', id: competition.id },
          summary: {
            ...summary,
            outcome: 'awarded',
            winner: best.supplierId,
            receiptNo: best.receiptNo,
            total: best.total,
            before: { total: Number(order.total) },
          },
        });
        await mailEach(deps, tx, actor.tenant, buyer, { template: 'competition:mail_opened' }, (lng) => ({
          order: order.order_no,
          total: moneyText(actor.tenant, lng, best.total),
        }));
        await tellParties(tx, actor, order, quotes, best.id);
        return 'awarded';
      });
    },
  };
}
