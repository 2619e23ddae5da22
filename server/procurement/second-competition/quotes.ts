/**
 * Submitting a sealed quote to a second competition: a supplier of an active party of the order's
 * agreement, before the deadline, one unit price per order line, each at most that party's current
 * agreement price. The content is sealed under the competition's quote key (crypto/sealed-box.ts,
 * as bids are) with a receipt number and a salted SHA-256 given back; a new quote replaces the
 * current one. Nothing here reads a sealed quote back: only the opening can (opening.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Deps } from '../../deps.js';
import { isUuid } from '../../http/params.js';
import { ValidationError } from '../../http/validate.js';
import type { FieldDetail } from '../../http/errors.js';
import type { Actor } from '../../identity/actor.js';
import { assertCan } from '../../identity/policy.js';
import { localDate } from '../../regulations/lookup.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { now } from '../../time/clock.js';
import { moneyText } from '../contracts/terms.js';
import { mailEach, userRecipient } from '../orders/notify.js';
import { CompetitionClosedError, CompetitionNotFoundError, NotInvitedError } from './errors.js';
import { newSalt, quoteHash, quoteLabel, quoteReceiptNo, type QuoteContent } from './quote-content.js';
import type { QuoteInput } from './schema.js';

export interface QuoteReceipt {
  receiptNo: string;
  sha256: string;
  salt: string;
  submittedAt: string;
  replaced: string | null;
}

interface CompetitionRow {
  id: string;
  order_id: string;
  order_no: string;
  agreement_id: string;
  closes_at: Date;
  status: string;
  quote_key: string;
}

/** The competition of an order (locked), open and before its deadline. */
async function openCompetition(tx: Knex.Transaction, orderId: string, at: Date): Promise<CompetitionRow> {
  const row = isUuid(orderId)
    ? await tx('second_competitions as sc')
        .join('delivery_orders as o', 'o.id', 'sc.order_id')
        .where('sc.order_id', orderId)
        .forUpdate('sc')
        .first<CompetitionRow | undefined>(
          'sc.id',
          'sc.order_id',
          'o.order_no',
          'o.agreement_id',
          'sc.closes_at',
          'sc.status',
          'sc.quote_key',
        )
    : undefined;
  if (!row) throw new CompetitionNotFoundError();
  if (row.status !== 'open' || at.getTime() >= row.closes_at.getTime()) throw new CompetitionClosedError();
  return row;
}

/** Each order line priced once, at most the party's current price for the item. */
async function checkedLines(
  tx: Knex.Transaction,
  actor: Actor,
  lng: string,
  orderId: string,
  partyId: string,
  input: QuoteInput,
) {
  const lines = await tx('delivery_order_lines as l')
    .leftJoin('framework_prices as p', function () {
      this.on('p.item_id', 'l.item_id').andOn('p.party_id', tx.raw('?', [partyId]));
    })
    .where('l.order_id', orderId)
    .orderBy('l.number')
    .select<{ number: number; unit_price: string | null }[]>('l.number', 'p.unit_price');
  const problems: FieldDetail[] = [];
  const out = lines.map((line, i) => {
    const given = input.lines.find((l) => l.number === line.number);
    const field = `lines.${i}.unitPrice`;
    if (!given) problems.push({ field, key: 'competition:price_invalid' });
    else if (line.unit_price === null || given.unitPrice > Number(line.unit_price))
      problems.push({
        field,
        key: 'competition:price_above_agreement',
        params: { number: line.number, price: moneyText(actor.tenant, lng, line.unit_price ?? 0) },
      });
    return { number: line.number, unitPrice: given?.unitPrice ?? 0 };
  });
  if (problems.length > 0) throw new ValidationError(problems);
  return out;
}

export function quotesService(deps: Pick<Deps, 'audit' | 'mailer' | 'sealedBox'>) {
  return {
    async submit(actor: Actor, lng: string, orderId: string, input: QuoteInput): Promise<QuoteReceipt> {
      const user = actor.user;
      assertCan(user, 'invoices:submit');
      const { tenant } = actor;
      return inTenant(tenant, async (tx) => {
        const at = await now(tx);
        const competition = await openCompetition(tx, orderId, at);
        const party = await tx('framework_parties as fp')
          .join('suppliers as s', 's.id', 'fp.supplier_id')
          .where({
            'fp.agreement_id': competition.agreement_id,
            'fp.supplier_id': user.supplierId,
            'fp.status': 'active',
          })
          .first<{ id: string; registration_no: string } | undefined>('fp.id', 's.registration_no');
        if (!party) throw new NotInvitedError();
        const lines = await checkedLines(tx, actor, lng, competition.order_id, party.id, input);
        const replaced = await tx('competition_quotes')
          .where({ competition_id: competition.id, supplier_id: user.supplierId, status: 'current' })
          .update({ status: 'replaced' })
          .returning<{ receipt_no: string }[]>('receipt_no');
        const serial = await tx.raw<{ rows: { n: string }[] }>(`select nextval('competition_quote_serial') as n`);
        const receiptNo = quoteReceiptNo(localDate(at, tenant.config.timeZone), serial.rows[0]!.n);
        const content: QuoteContent = {
          receiptNo,
          orderNo: competition.order_no,
          supplier: party.registration_no,
          submittedAt: at.toISOString(),
          lines,
          salt: newSalt(),
        };
        const sha256 = quoteHash(content);
        const id = randomUUID();
        const seal = await deps.sealedBox.sealer(tx, tenant.slug, {
          id: competition.id,
          tender_key: competition.quote_key,
        });
        await tx('competition_quotes').insert({
          id,
          competition_id: competition.id,
          supplier_id: user.supplierId,
          receipt_no: receiptNo,
          submitted_by: user.id,
          submitted_at: at,
          sealed_quote: seal(quoteLabel(tenant.slug, competition.id, id), Buffer.from(JSON.stringify(content))),
          quote_hash: sha256,
        });
        const replacedNo = replaced[0]?.receipt_no ?? null;
        await deps.audit.record(tx, tenant, actor.audit, {
          action: 'quote.submitted',
          target: { type: 'second-competition', id: competition.id },
          summary: { order: competition.order_id, receiptNo, sha256, replaced: replacedNo, key: 'quote-key sealed' },
        });
        await mailEach(
          deps,
          tx,
          tenant,
          [await userRecipient(tx, user.id)],
          { template: 'competition:mail_receipt' },
          () => ({
            order: competition.order_no,
            receipt: receiptNo,
            hash: sha256,
          }),
        );
        return { receiptNo, sha256, salt: content.salt, submittedAt: content.submittedAt, replaced: replacedNo };
      });
    },
  };
}
