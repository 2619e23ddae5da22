/**
 * Reading framework agreements: the agency's list, one agreement (items, parties, their prices,
 * open price changes), and a supplier's own. A tendering agreement's prices do not exist yet (they
 * are sealed in the bids); after conclusion the price lists are public, as KONEPS publishes its
 * schedule prices.
 */
import type { Knex } from 'knex';
import { isUuid } from '../../http/params.js';
import type { Actor } from '../../identity/actor.js';
import { assertCan, can } from '../../identity/policy.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { AgreementNotFoundError } from './errors.js';
import { changesOf, itemsOf, partiesOf, type ChangeView, type ItemView, type PartyView } from './parts-read.js';

export type { ChangeView, ItemView, PartyView, PriceView } from './parts-read.js';

export interface AgreementSummary {
  id: string;
  agreementNo: string;
  noticeId: string;
  title: Record<string, string>;
  startsOn: string;
  endsOn: string;
  maxValue: number;
  orderedValue: number;
  maxParties: number;
  status: string;
  parties: number;
}

export interface AgreementDetail extends AgreementSummary {
  agencyId: string;
  noticeNo: string | null;
  concludedAt: Date | null;
  rules: string[];
  items: ItemView[];
  parties: number;
  partyList: PartyView[];
  changes: ChangeView[];
}

const SUMMARY_COLUMNS = [
  'a.id',
  'a.agreement_no',
  'a.notice_id',
  'a.agency_id',
  'a.title',
  'a.max_value',
  'a.ordered_value',
  'a.max_parties',
  'a.status',
  'a.concluded_at',
  'a.applied_rules',
];

interface AgreementRow {
  id: string;
  agreement_no: string;
  notice_id: string;
  agency_id: string;
  title: Record<string, string>;
  starts_on: string;
  ends_on: string;
  max_value: string;
  ordered_value: string;
  max_parties: number;
  status: string;
  concluded_at: Date | null;
  applied_rules: string[];
  parties: string;
}

function agreements(tx: Knex.Transaction) {
  return tx('framework_agreements as a').select<AgreementRow[]>(
    ...SUMMARY_COLUMNS,
    tx.raw('a.starts_on::text as starts_on'),
    tx.raw('a.ends_on::text as ends_on'),
    tx.raw(`(select count(*) from framework_parties p where p.agreement_id = a.id and p.status = 'active') as parties`),
  );
}

const summaryOf = (a: AgreementRow): AgreementSummary => ({
  id: a.id,
  agreementNo: a.agreement_no,
  noticeId: a.notice_id,
  title: a.title,
  startsOn: a.starts_on,
  endsOn: a.ends_on,
  maxValue: Number(a.max_value),
  orderedValue: Number(a.ordered_value),
  maxParties: a.max_parties,
  status: a.status,
  parties: Number(a.parties),
});

/** The officer's agency's agreements, newest first. */
export async function agencyAgreements(actor: Actor): Promise<AgreementSummary[]> {
  assertCan(actor.user, 'notices:manage');
  return inTenant(actor.tenant, async (tx) => {
    const rows = await agreements(tx).where('a.agency_id', actor.user!.agencyId).orderBy('a.created_at', 'desc');
    return rows.map(summaryOf);
  });
}

/**
 * One agreement as its reader may see it: the agency's officers everything; anyone else only an
 * active or expired agreement, its items, parties and prices (no price change requests). A
 * tendering, failed or terminated agreement is the agency's business alone (404 to others).
 */
export async function agreementDetail(actor: Actor, id: string): Promise<AgreementDetail> {
  return inTenant(actor.tenant, async (tx) => {
    const row = isUuid(id) ? await agreements(tx).where('a.id', id).first() : undefined;
    if (!row) throw new AgreementNotFoundError();
    const officer = can(actor.user, 'notices:manage', row.agency_id);
    if (!officer && !['active', 'expired'].includes(row.status)) throw new AgreementNotFoundError();
    const notice = await tx('notices').where({ id: row.notice_id }).first<{ notice_no: string | null }>('notice_no');
    return {
      ...summaryOf(row),
      agencyId: row.agency_id,
      noticeNo: notice?.notice_no ?? null,
      concludedAt: row.concluded_at,
      rules: row.applied_rules,
      items: await itemsOf(tx, row.id),
      partyList: await partiesOf(tx, row.id),
      changes: officer ? await changesOf(tx, row.id) : [],
    };
  });
}

export interface OwnAgreement extends AgreementSummary {
  items: ItemView[];
  party: PartyView;
  changes: ChangeView[];
}

/** The agreements where the supplier user's company is a party, with its own prices and changes. */
export async function ownAgreements(actor: Actor): Promise<OwnAgreement[]> {
  assertCan(actor.user, 'invoices:submit');
  const supplierId = actor.user.supplierId ?? '';
  return inTenant(actor.tenant, async (tx) => {
    const rows = await agreements(tx)
      .join('framework_parties as own', 'own.agreement_id', 'a.id')
      .where('own.supplier_id', supplierId)
      .orderBy('a.created_at', 'desc');
    const out: OwnAgreement[] = [];
    for (const row of rows) {
      const [party] = await partiesOf(tx, row.id, supplierId);
      out.push({
        ...summaryOf(row),
        items: await itemsOf(tx, row.id),
        party: party!,
        changes: await changesOf(tx, row.id, supplierId),
      });
    }
    return out;
  });
}

/** The agreement of a notice, if the notice is a framework (for the notice's officer pages). */
export async function agreementOfNotice(
  tx: Knex.Transaction,
  noticeId: string,
): Promise<(AgreementSummary & { items: ItemView[] }) | undefined> {
  const row = isUuid(noticeId) ? await agreements(tx).where('a.notice_id', noticeId).first() : undefined;
  return row && { ...summaryOf(row), items: await itemsOf(tx, row.id) };
}

/**
 * A notice's framework terms (items with ceilings and quantities, never prices): the agency's
 * officers at any time, everyone else once the notice is published, so bidders can price them.
 */
export async function noticeFramework(
  actor: Actor,
  noticeId: string,
): Promise<AgreementSummary & { items: ItemView[]; editable: boolean }> {
  return inTenant(actor.tenant, async (tx) => {
    const notice = isUuid(noticeId)
      ? await tx('notices')
          .where({ id: noticeId })
          .first<{ agency_id: string; status: string; status_details: string } | undefined>(
            'agency_id',
            'status',
            'status_details',
          )
      : undefined;
    const officer = notice ? can(actor.user, 'notices:manage', notice.agency_id) : false;
    const published = notice && notice.status !== 'planning' && notice.status_details !== 'draft';
    const agreement = notice && (officer || published) ? await agreementOfNotice(tx, noticeId) : undefined;
    if (!agreement) throw new AgreementNotFoundError();
    return { ...agreement, editable: officer && notice!.status_details === 'draft' };
  });
}

/** The items a bid on the notice prices (the bid page's price list): none when it is no framework. */
export async function itemsToPrice(actor: Actor, noticeId: string): Promise<ItemView[]> {
  if (!isUuid(noticeId)) return [];
  return inTenant(actor.tenant, async (tx) => (await agreementOfNotice(tx, noticeId))?.items ?? []);
}
