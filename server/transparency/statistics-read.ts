/**
 * The figures of the statistics page for one fiscal year (a notice's year is its plan entry's):
 * tenders published and value awarded by method, category and agency; bidders per opened tender
 * and the share of tenders with a single bid (from the published opening records); days from a
 * notice's publication to its contract's conclusion (both parties' signatures); and budget
 * execution against the plan, computed by the plans feature (plans/read.ts) as its own page does.
 */
import type { Knex } from 'knex';
import type { Actor } from '../identity/actor.js';
import type { OpeningRecord } from '../procurement/opening/record.js';
import { readBudgetExecution, type AgencyExecution } from '../procurement/plans/read.js';
import { localDate } from '../regulations/lookup.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { now } from '../time/clock.js';
import { concludedContracts, noticeYear, type LocalizedText } from './lists-read.js';

export interface Volume {
  key: string;
  name?: LocalizedText;
  tenders: number;
  /** Live awards' amounts (standstill or final), minor units. */
  awarded: string;
}

export interface Statistics {
  year: number;
  byMethod: Volume[];
  byCategory: Volume[];
  byAgency: Volume[];
  /** Tenders opened (or failed at opening) and their bidders. */
  opened: number;
  averageBidders: number | null;
  singleBidShare: number | null;
  /** Days from publication to conclusion, one per concluded contract. */
  daysToContract: { average: number | null; median: number | null; contracts: number };
  execution: AgencyExecution[];
}

function volume(tx: Knex.Transaction, year: number, zone: string) {
  const [sql, bindings] = noticeYear(zone);
  return tx('notices as n')
    .leftJoin('plan_entries as pe', 'pe.id', 'n.plan_entry_id')
    .leftJoin('awards as w', (j) => j.on('w.notice_id', 'n.id').onIn('w.status', ['standstill', 'final']))
    .whereNot('n.status', 'planning')
    .whereRaw(`${sql} = ?`, [...bindings, year]);
}

const measures = (tx: Knex.Transaction) => [
  tx.raw('count(distinct n.id)::int as tenders'),
  tx.raw('coalesce(sum(w.amount), 0)::text as awarded'),
];

/** Distinct suppliers in an opening record: a supplier bidding for two lots is one bidder. */
const biddersOf = (record: OpeningRecord) => new Set(record.bids.map((b) => b.supplier.registrationNo)).size;

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const average = (values: number[]) =>
  values.length === 0 ? null : values.reduce((sum, v) => sum + v, 0) / values.length;

/** The year asked for, or the tenant's current one (its clock: a sandbox may run ahead). */
export async function statisticsYear(actor: Actor, year: number | undefined): Promise<number> {
  if (year) return year;
  const today = await inTenant(actor.tenant, async (tx) => localDate(await now(tx), actor.tenant.config.timeZone));
  return Number(today.slice(0, 4));
}

export async function readStatistics(actor: Actor, year: number): Promise<Statistics> {
  const zone = actor.tenant.config.timeZone;
  const figures = await inTenant(actor.tenant, async (tx) => {
    const [sql, bindings] = noticeYear(zone);
    const openings = await tx('tender_openings as o')
      .join('notices as n', 'n.id', 'o.notice_id')
      .leftJoin('plan_entries as pe', 'pe.id', 'n.plan_entry_id')
      .whereRaw(`${sql} = ?`, [...bindings, year])
      .select<{ record: OpeningRecord }[]>('o.record');
    const signed = await tx('contracts as c')
      .join('notices as n', 'n.id', 'c.notice_id')
      .leftJoin('plan_entries as pe', 'pe.id', 'n.plan_entry_id')
      .join(
        tx
          .from(concludedContracts(tx).as('k'))
          .groupBy('k.contract_id')
          .select('k.contract_id', tx.raw('min(k.concluded_at) as at'))
          .as('s'),
        's.contract_id',
        'c.id',
      )
      .whereRaw(`${sql} = ?`, [...bindings, year])
      .select<{ days: string }[]>(tx.raw('extract(epoch from (s.at - n.published_at)) / 86400 as days'));
    return {
      byMethod: await volume(tx, year, zone)
        .groupBy('n.method')
        .orderBy('n.method')
        .select<Volume[]>('n.method as key', ...measures(tx)),
      byCategory: await volume(tx, year, zone)
        .groupBy('n.category')
        .orderBy('n.category')
        .select<Volume[]>('n.category as key', ...measures(tx)),
      byAgency: await volume(tx, year, zone)
        .join('agencies as a', 'a.id', 'n.agency_id')
        .groupBy('a.code', 'a.name')
        .orderBy('a.code')
        .select<Volume[]>('a.code as key', 'a.name as name', ...measures(tx)),
      bidders: openings.map((o) => biddersOf(o.record)),
      days: signed.map((s) => Number(s.days)),
    };
  });
  const { rows: execution } = await readBudgetExecution(actor, { year });
  const { bidders, days } = figures;
  return {
    year,
    byMethod: figures.byMethod,
    byCategory: figures.byCategory,
    byAgency: figures.byAgency,
    opened: bidders.length,
    averageBidders: average(bidders),
    singleBidShare: bidders.length === 0 ? null : bidders.filter((b) => b === 1).length / bidders.length,
    daysToContract: { average: average(days), median: median(days), contracts: days.length },
    execution,
  };
}
