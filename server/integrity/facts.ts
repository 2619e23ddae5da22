/**
 * What the red flags read, inside the caller's tenant transaction, as the plain data the pure
 * rules take (rules-tender.ts, rules-supplier.ts). Prices come only from the published opening
 * record; the sealed columns of `bids` are never selected (every query names its columns).
 * Bidders' identities and contacts are read only once the tender is opened.
 */
import type { Knex } from 'knex';
import { peopleOf } from '../conflicts/people.js';
import { openingRecord } from '../procurement/opening/record.js';
import type { RedFlagThresholds } from '../regulations/red-flags.js';
import { normaliseAddress, normaliseEmail, normalisePhone } from './normalise.js';
import type { TenderFacts } from './rules-tender.js';
import type { SupplierFacts } from './rules-supplier.js';

interface NoticeFactRow {
  id: string;
  method: string;
  evaluation_method: string;
  category: string;
  estimated_price: string;
  published_at: Date | null;
  submission_deadline: Date;
}

const DAY_MS = 86_400_000;

/** Receipt numbers of a notice's bids by bid id, and their suppliers (no sealed column). */
async function bidIndex(tx: Knex.Transaction, noticeId: string) {
  const rows = await tx('bids')
    .where({ notice_id: noticeId })
    .select<{ id: string; receipt_no: string; supplier_id: string }[]>('id', 'receipt_no', 'supplier_id');
  return {
    receiptOf: (bidId: string | null | undefined) => rows.find((r) => r.id === bidId)?.receipt_no ?? null,
    supplierOf: (receipt: string) => rows.find((r) => r.receipt_no === receipt)?.supplier_id ?? '',
  };
}

async function evaluationFacts(tx: Knex.Transaction, noticeId: string, receiptOf: (id: string) => string | null) {
  const [reopened] = await tx('evaluation_results')
    .where({ notice_id: noticeId, status: 'reopened' })
    .count<{ n: string }[]>('* as n');
  const round = Number(reopened?.n ?? 0) + 1;
  const failed = await tx('qualification_reviews')
    .where({ notice_id: noticeId, round, passed: false })
    .pluck<string[]>('bid_id');
  const result = await tx('evaluation_results')
    .where({ notice_id: noticeId, round, status: 'final' })
    .first<{ winner_bid_id: string | null; score_table: { rows?: { receiptNo: string; excluded?: boolean }[] } }>(
      'winner_bid_id',
      'score_table',
    );
  return {
    failedReviews: failed.map(receiptOf).filter((r): r is string => r !== null),
    underFloor: (result?.score_table.rows ?? []).filter((r) => r.excluded).map((r) => r.receiptNo),
    resultWinnerBid: result?.winner_bid_id ?? null,
  };
}

async function contractFacts(tx: Knex.Transaction, noticeId: string): Promise<TenderFacts['contracts']> {
  const contracts = await tx('contracts')
    .where({ notice_id: noticeId })
    .orderBy('contract_no')
    .select<{ id: string; contract_no: string; value: string }[]>('id', 'contract_no', 'value');
  const out: TenderFacts['contracts'] = [];
  for (const c of contracts) {
    const amendments = await tx('contract_amendments')
      .where({ contract_id: c.id })
      .orderBy('number')
      .select<{ number: number; changes: { value?: { from: number; to: number } } }[]>('number', 'changes');
    const valued = amendments.filter((a) => a.changes.value);
    const current = Number(c.value);
    out.push({
      contractNo: c.contract_no,
      current,
      original: valued[0] ? Number(valued[0].changes.value!.from) : current,
      amendments: valued.map((a) => a.number),
    });
  }
  return out;
}

/** Everything the tender flags of one notice read; undefined for a notice never published. */
export async function tenderFacts(tx: Knex.Transaction, noticeId: string): Promise<TenderFacts | undefined> {
  const notice = await tx('notices')
    .where({ id: noticeId })
    .whereNotNull('published_at')
    .first<NoticeFactRow | undefined>(
      'id',
      'method',
      'evaluation_method',
      'category',
      'estimated_price',
      'published_at',
      'submission_deadline',
    );
  if (!notice) return undefined;
  const record = await openingRecord(tx, noticeId);
  const index = await bidIndex(tx, noticeId);
  const evaluation = await evaluationFacts(tx, noticeId, index.receiptOf);
  const award = await tx('awards')
    .where({ notice_id: noticeId })
    .whereNot({ status: 'withdrawn' })
    .first<{ bid_id: string; amount: string } | undefined>('bid_id', 'amount');
  const bids = (record?.bids ?? []).map((b) => ({
    receiptNo: b.receiptNo,
    supplierId: index.supplierOf(b.receiptNo),
    name: b.supplier.name,
    lot: b.lot,
    price: record?.outcome === 'opened' ? b.price : null,
    valid: b.valid,
  }));
  const contacts = record
    ? await tx('suppliers')
        .whereIn(
          'id',
          bids.map((b) => b.supplierId),
        )
        .select<{ id: string; contact_email: string; contact_phone: string; address: string }[]>(
          'id',
          'contact_email',
          'contact_phone',
          'address',
        )
    : [];
  const awardReceipt = award ? index.receiptOf(award.bid_id) : null;
  const bidderIds = [...new Set(bids.map((b) => b.supplierId))];
  const owners = record ? await peopleOf(tx, bidderIds) : new Map<string, never[]>();
  return {
    notice: {
      id: notice.id,
      method: notice.method,
      evaluationMethod: notice.evaluation_method,
      category: notice.category,
      estimatedPrice: Number(notice.estimated_price),
      publishedAt: notice.published_at,
      submissionDeadline: notice.submission_deadline,
    },
    opening: record ? { outcome: record.outcome, bids, sameSource: record.flags } : null,
    award: award && awardReceipt ? { receiptNo: awardReceipt, amount: Number(award.amount) } : null,
    resultWinner: index.receiptOf(evaluation.resultWinnerBid),
    failedReviews: evaluation.failedReviews,
    underFloor: evaluation.underFloor,
    contacts: contacts.map((c) => ({
      supplierId: c.id,
      email: normaliseEmail(c.contact_email),
      phone: normalisePhone(c.contact_phone),
      address: normaliseAddress(c.address),
    })),
    contracts: await contractFacts(tx, noticeId),
    owners: [...owners].map(([supplierId, people]) => ({ supplierId, people })),
  };
}

/** The suppliers a notice's recompute revisits: its bidders once it is opened (who bid is secret before). */
export async function biddersOf(tx: Knex.Transaction, noticeId: string): Promise<string[]> {
  const opened = await tx('tender_openings')
    .where({ notice_id: noticeId })
    .first<{ notice_id: string } | undefined>('notice_id');
  if (!opened) return [];
  return tx('bids').where({ notice_id: noticeId, status: 'current' }).distinct().pluck<string[]>('supplier_id');
}

/** A supplier's decided bids and wins within the windows of the thresholds, as of `at`. */
export async function supplierFacts(
  tx: Knex.Transaction,
  supplierId: string,
  thresholds: RedFlagThresholds,
  at: Date,
): Promise<SupplierFacts> {
  const loserSince = new Date(at.getTime() - thresholds.habitualLoser.windowDays * DAY_MS);
  const captiveSince = new Date(at.getTime() - thresholds.captiveSupplier.windowDays * DAY_MS);
  const decided = await tx('bids as b')
    .join('tender_openings as o', 'o.notice_id', 'b.notice_id')
    .join('notices as n', 'n.id', 'b.notice_id')
    .join('awards as a', (j) => j.on('a.notice_id', 'b.notice_id').andOnVal('a.status', '<>', 'withdrawn'))
    .where({ 'b.supplier_id': supplierId, 'b.status': 'current', 'o.outcome': 'opened' })
    .where('o.opened_at', '>=', loserSince)
    .where('o.opened_at', '<=', at)
    .groupBy('n.id', 'n.notice_no', 'a.supplier_id')
    .select<{ notice_no: string; winner: string }[]>('n.notice_no', 'a.supplier_id as winner');
  const wins = await tx('awards as a')
    .join('notices as n', 'n.id', 'a.notice_id')
    .join('agencies as g', 'g.id', 'n.agency_id')
    .where({ 'a.supplier_id': supplierId })
    .whereNot({ 'a.status': 'withdrawn' })
    .where('a.published_at', '>=', captiveSince)
    .where('a.published_at', '<=', at)
    .orderBy('n.notice_no')
    .select<{ notice_no: string; agency_id: string; name: Record<string, string> }[]>(
      'n.notice_no',
      'n.agency_id',
      'g.name',
    );
  return {
    supplierId,
    decidedBids: decided.map((d) => ({ noticeNo: d.notice_no, won: d.winner === supplierId })),
    wins: wins.map((w) => ({ noticeNo: w.notice_no, agencyId: w.agency_id, agencyName: w.name })),
  };
}
