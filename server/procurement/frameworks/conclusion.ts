/**
 * Concluding a framework agreement when its notice's award becomes final, in the same
 * transaction: the opened valid bids with their price lists go through the rule (selectParties);
 * the chosen become parties with their unit prices, at most the agreement's own party cap. No
 * qualifying bid: the agreement fails. Each party's supplier users hear of it in their language.
 */
import type { Knex } from 'knex';
import type { Deps } from '../../deps.js';
import type { Actor } from '../../identity/actor.js';
import { selectParties, type PartySelection, type PriceListBid } from '../../regulations/frameworks.js';
import { localDate } from '../../regulations/lookup.js';
import { openingRecord } from '../opening/record.js';

type ConclusionDeps = Pick<Deps, 'audit' | 'mailer'>;

interface AgreementRow {
  id: string;
  agreement_no: string;
  max_parties: number;
  status: string;
  title: Record<string, string>;
  starts_on: string;
  ends_on: string;
}

/** The opened valid bids of the notice with their price lists, matched to their bid rows. */
async function pricedBids(tx: Knex.Transaction, noticeId: string): Promise<PriceListBid[]> {
  const record = await openingRecord(tx, noticeId);
  if (!record) return [];
  const opened = record.bids.filter((b) => b.valid && b.priceList);
  const rows = await tx('bids')
    .where({ notice_id: noticeId })
    .whereIn(
      'receipt_no',
      opened.map((b) => b.receiptNo),
    )
    .select<{ id: string; supplier_id: string; receipt_no: string; submitted_at: Date }[]>(
      'id',
      'supplier_id',
      'receipt_no',
      'submitted_at',
    );
  const byReceipt = new Map(rows.map((r) => [r.receipt_no, r]));
  return opened.flatMap((b) => {
    const row = byReceipt.get(b.receiptNo);
    if (!row) return [];
    return [
      {
        bidId: row.id,
        supplierId: row.supplier_id,
        unitPrices: new Map(b.priceList!.map((e) => [e.item, e.unitPrice])),
        total: b.price ?? 0,
        submittedAt: row.submitted_at,
      },
    ];
  });
}

/** The rule's choice, then the agreement's own cap (at most the rule's). */
function withinCap(selection: PartySelection, cap: number): PartySelection {
  const beyond = selection.parties.slice(cap).map((p) => ({ bidId: p.bidId, reason: 'beyond-cap' as const }));
  return { ...selection, parties: selection.parties.slice(0, cap), excluded: [...selection.excluded, ...beyond] };
}

/** Each party's supplier users hear that their company is a party, in their language. */
async function tellParties(
  tx: Knex.Transaction,
  deps: ConclusionDeps,
  actor: Actor,
  agreement: AgreementRow,
  supplierIds: string[],
): Promise<void> {
  if (supplierIds.length === 0) return;
  const c = actor.tenant.config;
  const users = await tx('users')
    .whereIn('supplier_id', supplierIds)
    .where({ status: 'active' })
    .select<{ email: string; locale: string | null; display_name: string }[]>('email', 'locale', 'display_name');
  for (const user of users) {
    const lng = user.locale ?? c.locales.default;
    await deps.mailer.queue(tx, actor.tenant, {
      to: user.email,
      locale: user.locale,
      template: 'framework_concluded',
      params: {
        name: user.display_name,
        agreement: agreement.agreement_no,
        title: agreement.title[lng] ?? agreement.title[c.locales.default] ?? Object.values(agreement.title)[0] ?? '',
        from: agreement.starts_on,
        until: agreement.ends_on,
      },
    });
  }
}

/** Concludes the notice's framework agreement, if it has one still tendering; nothing otherwise. */
export async function concludeFramework(
  tx: Knex.Transaction,
  deps: ConclusionDeps,
  actor: Actor,
  noticeId: string,
  at: Date,
): Promise<void> {
  const agreement = await tx('framework_agreements')
    .where({ notice_id: noticeId })
    .forUpdate()
    .first<AgreementRow | undefined>(
      'id',
      'agreement_no',
      'max_parties',
      'status',
      'title',
      tx.raw('starts_on::text as starts_on'),
      tx.raw('ends_on::text as ends_on'),
    );
  if (!agreement || agreement.status !== 'tendering') return;
  const items = await tx('framework_items')
    .where({ agreement_id: agreement.id })
    .select<{ id: string; number: number; ceiling_unit_price: string }[]>('id', 'number', 'ceiling_unit_price');
  const bids = await pricedBids(tx, noticeId);
  const selection = withinCap(
    selectParties(
      actor.tenant.config,
      at,
      items.map((i) => ({ number: i.number, ceilingUnitPrice: Number(i.ceiling_unit_price) })),
      bids,
    ),
    agreement.max_parties,
  );
  const byBid = new Map(bids.map((b) => [b.bidId, b]));
  for (const party of selection.parties) {
    const [row] = await tx('framework_parties')
      .insert({ agreement_id: agreement.id, supplier_id: party.supplierId, bid_id: party.bidId, rank: party.rank })
      .returning<{ id: string }[]>('id');
    const prices = byBid.get(party.bidId)!.unitPrices;
    await tx('framework_prices').insert(
      items.map((item) => ({ party_id: row!.id, item_id: item.id, unit_price: prices.get(item.number)! })),
    );
  }
  const status = selection.parties.length > 0 ? 'active' : 'failed';
  await tx('framework_agreements')
    .where({ id: agreement.id })
    .update({ status, concluded_at: at, applied_rules: tx.raw('array_append(applied_rules, ?)', [selection.rule]) });
  await deps.audit.record(tx, actor.tenant, actor.audit, {
    at,
    action: 'framework.concluded',
    target: { type: 'framework', id: agreement.id },
    summary: {
      notice: noticeId,
      agreementNo: agreement.agreement_no,
      before: { status: 'tendering' },
      after: { status },
      parties: selection.parties,
      excluded: selection.excluded,
      rule: selection.rule,
      on: localDate(at, actor.tenant.config.timeZone),
    },
  });
  await tellParties(
    tx,
    deps,
    actor,
    agreement,
    selection.parties.map((p) => p.supplierId),
  );
}
