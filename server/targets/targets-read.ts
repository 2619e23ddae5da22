/**
 * What progress against execution targets is read from, inside the caller's tenant transaction:
 * the milestones in force for an agency and year (its own, set by the tenant admin, else the
 * tenant's `execution-targets` rule), the plan's total, what was ordered by a date and the plan
 * entries still to order. "Ordered" means put to tender: the estimated prices of notices
 * published from the agency's plan entries of that year by the end of the date, cancelled
 * notices left out (an award comes months later; the rapid-execution policy counts orders).
 */
import type { Knex } from 'knex';
import { defaultExecutionTargets } from '../regulations/execution-targets.js';
import type { TenantConfig } from '../tenancy/config-schema.js';
import { endOfDay } from '../time/zone.js';
import { monthlyProgress, targetProgress, type Milestone, type MonthPoint, type Progress } from './progress.js';

export interface TargetAgency {
  id: string;
  code: string;
  name: Record<string, string>;
}

export interface PlanToOrder {
  id: string;
  title: Record<string, string>;
  category: string;
  quarter: number;
  estimatedBudget: number;
}

export interface AgencyProgress {
  agency: TargetAgency;
  /** Where the milestones come from: the agency's own targets or the tenant's rule. */
  source: 'agency' | 'rule' | 'none';
  progress: Progress;
  months: MonthPoint[];
  toOrder: PlanToOrder[];
  moreToOrder: boolean;
}

const TO_ORDER_LIMIT = 50;

/** "execution-target DEMO 2026-06-30 v2": how an agency's own milestone is cited. */
export function agencyTargetReference(code: string, dueOn: string, version: number): string {
  return `execution-target ${code} ${dueOn} v${version}`;
}

/** The newest version of each of the agency's own milestones for the year. */
export async function agencyMilestones(
  tx: Knex.Transaction,
  agency: Pick<TargetAgency, 'id' | 'code'>,
  year: number,
): Promise<Milestone[]> {
  const rows = await tx('execution_targets')
    .distinctOn('due_on')
    .where({ agency_id: agency.id, fiscal_year: year })
    .orderBy([{ column: 'due_on' }, { column: 'version', order: 'desc' }])
    .select<{ due_on: string; percent: string; version: number }[]>(
      tx.raw('due_on::text as due_on'),
      'percent',
      'version',
    );
  return rows.map((r) => ({
    dueOn: r.due_on,
    percent: Number(r.percent),
    rule: agencyTargetReference(agency.code, r.due_on, r.version),
    agencyVersion: r.version,
  }));
}

/** The agencies with a published plan for the year (or the one asked for), by code. */
function plannedAgencies(tx: Knex.Transaction, year: number, agencyId?: string) {
  const q = tx('plan_entries as p')
    .join('agencies as a', 'a.id', 'p.agency_id')
    .where({ 'p.fiscal_year': year, 'p.status': 'published' })
    .groupBy('a.id', 'a.code', 'a.name')
    .orderBy('a.code')
    .select<(TargetAgency & { planned: string })[]>(
      'a.id',
      'a.code',
      'a.name',
      tx.raw('sum(p.estimated_budget)::text as planned'),
    );
  if (agencyId) q.where('a.id', agencyId);
  return q;
}

/** Each order (notice published from the year's plan) by the end of `asOf`, by its local day. */
function orders(tx: Knex.Transaction, config: TenantConfig, year: number, asOf: string, agencyId?: string) {
  const q = tx('notices as n')
    .join('plan_entries as pe', 'pe.id', 'n.plan_entry_id')
    .where('pe.fiscal_year', year)
    .where('n.published_at', '<=', endOfDay(asOf, config.timeZone))
    .whereNot('n.status', 'cancelled')
    .select<{ agency_id: string; day: string; value: string }[]>(
      'pe.agency_id',
      tx.raw('((n.published_at at time zone ?)::date)::text as day', [config.timeZone]),
      tx.raw('n.estimated_price::text as value'),
    );
  if (agencyId) q.where('pe.agency_id', agencyId);
  return q;
}

/** The agency's published plan entries of the year with no notice published from them by `asOf`. */
async function entriesToOrder(
  tx: Knex.Transaction,
  config: TenantConfig,
  agencyId: string,
  year: number,
  asOf: string,
) {
  const rows = await tx('plan_entries as p')
    .where({ 'p.agency_id': agencyId, 'p.fiscal_year': year, 'p.status': 'published' })
    .whereNotExists(
      tx('notices as n')
        .whereRaw('n.plan_entry_id = p.id')
        .where('n.published_at', '<=', endOfDay(asOf, config.timeZone))
        .whereNot('n.status', 'cancelled'),
    )
    .orderBy(['p.quarter', 'p.created_at'])
    .limit(TO_ORDER_LIMIT + 1)
    .select<
      { id: string; title: Record<string, string>; category: string; quarter: number; estimated_budget: string }[]
    >('p.id', 'p.title', 'p.category', 'p.quarter', 'p.estimated_budget');
  return {
    toOrder: rows.slice(0, TO_ORDER_LIMIT).map((r) => ({
      id: r.id,
      title: r.title,
      category: r.category,
      quarter: r.quarter,
      estimatedBudget: Number(r.estimated_budget),
    })),
    moreToOrder: rows.length > TO_ORDER_LIMIT,
  };
}

/**
 * Progress of every agency with a published plan for `year` (or of `agencyId` only) as of the end
 * of `asOf` (YYYY-MM-DD in the tenant's zone); the rule defaults are those in force on that day.
 */
export async function readTargetProgress(
  tx: Knex.Transaction,
  config: TenantConfig,
  query: { year: number; asOf: string; agencyId?: string },
): Promise<AgencyProgress[]> {
  const { year, asOf, agencyId } = query;
  const agencies = await plannedAgencies(tx, year, agencyId);
  const all = await orders(tx, config, year, asOf, agencyId);
  const defaults = defaultExecutionTargets(config, year, endOfDay(asOf, config.timeZone));
  const result: AgencyProgress[] = [];
  for (const { planned: plannedText, ...agency } of agencies) {
    const own = await agencyMilestones(tx, agency, year);
    const milestones = own.length > 0 ? own : defaults;
    const planned = Number(plannedText);
    const mine = all.filter((o) => o.agency_id === agency.id).map((o) => ({ day: o.day, value: Number(o.value) }));
    const ordered = mine.reduce((s, o) => s + o.value, 0);
    result.push({
      agency,
      source: own.length > 0 ? 'agency' : defaults.length > 0 ? 'rule' : 'none',
      progress: targetProgress({ year, asOf, planned, ordered, milestones }),
      months: monthlyProgress({ year, asOf, planned, orders: mine, milestones }),
      ...(await entriesToOrder(tx, config, agency.id, year, asOf)),
    });
  }
  return result;
}
