/**
 * Plans as they are read: published entries for the public, budget execution per agency for
 * everyone, and an officer's own agency's entries.
 */
import type { Knex } from 'knex';
import { isUuid } from '../../http/params.js';
import type { Actor } from '../../identity/actor.js';
import { assertCan } from '../../identity/policy.js';
import { localDate } from '../../regulations/lookup.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { now } from '../../time/clock.js';
import { endOfDay } from '../../time/zone.js';
import type { PlanEntry } from './service.js';
import { dateTimeFormat } from '../../i18n/intl-cache.js';

export interface PlanFilter {
  year?: number;
  agency?: string;
  category?: string;
  quarter?: number;
}

export type PublishedPlan = PlanEntry & { agency_code: string; agency_name: Record<string, string> };

export interface AgencyExecution {
  code: string;
  name: Record<string, string>;
  planned: string;
  entries: string;
  tendered: string;
  awarded: string;
}

/** The year now in the tenant's time zone. */
export function currentYear(tenant: TenantHandle): number {
  return Number(dateTimeFormat('en', { timeZone: tenant.config.timeZone, year: 'numeric' }).format(new Date()));
}

function publishedPlans(tx: Knex.Transaction, filter: PlanFilter) {
  const q = tx('plan_entries as p').join('agencies as a', 'a.id', 'p.agency_id').where('p.status', 'published');
  if (filter.year) q.where('p.fiscal_year', filter.year);
  if (filter.agency && isUuid(filter.agency)) q.where('p.agency_id', filter.agency);
  if (filter.category) q.where('p.category', filter.category);
  if (filter.quarter) q.where('p.quarter', filter.quarter);
  return q
    .orderBy([{ column: 'p.fiscal_year', order: 'desc' }, 'p.quarter', 'a.code'])
    .limit(500)
    .select<PublishedPlan[]>('p.*', 'a.code as agency_code', 'a.name as agency_name');
}

/** Published plan entries (at most 500), newest year first. */
export function readPublishedPlans(actor: Actor, filter: PlanFilter): Promise<PublishedPlan[]> {
  return inTenant(actor.tenant, (tx) => publishedPlans(tx, filter));
}

/**
 * Budget execution per agency for a year, as of a date: planned (published entries) against what
 * was put to tender (estimated prices of notices published from those entries by that date, less
 * cancelled ones) and what was awarded (awards published by that date and not withdrawn).
 */
function budgetExecution(tx: Knex.Transaction, year: number, asOf: Date) {
  return tx('plan_entries as p')
    .join('agencies as a', 'a.id', 'p.agency_id')
    .where({ 'p.fiscal_year': year, 'p.status': 'published' })
    .groupBy('a.id', 'a.code', 'a.name')
    .orderBy('a.code')
    .select<AgencyExecution[]>(
      'a.code',
      'a.name',
      tx.raw('sum(p.estimated_budget)::text as planned'),
      tx.raw('count(*)::text as entries'),
      tx.raw(
        `coalesce((select sum(n.estimated_price) from notices n join plan_entries pe on pe.id = n.plan_entry_id
           where pe.agency_id = a.id and pe.fiscal_year = ? and n.published_at <= ? and n.status <> 'cancelled'), 0)::text as tendered`,
        [year, asOf],
      ),
      tx.raw(
        `coalesce((select sum(w.amount) from awards w join notices n on n.id = w.notice_id
           join plan_entries pe on pe.id = n.plan_entry_id
           where pe.agency_id = a.id and pe.fiscal_year = ? and w.published_at <= ? and w.status <> 'withdrawn'), 0)::text as awarded`,
        [year, asOf],
      ),
    );
}

/** Execution as of the end of `asOf` (a local date; today when absent) in the tenant's time zone. */
export function readBudgetExecution(
  actor: Actor,
  query: { year: number; asOf?: string },
): Promise<{ rows: AgencyExecution[]; asOf: string }> {
  const tz = actor.tenant.config.timeZone;
  return inTenant(actor.tenant, async (tx) => {
    const day = query.asOf ?? localDate(await now(tx), tz);
    return { rows: await budgetExecution(tx, query.year, endOfDay(day, tz)), asOf: day };
  });
}

/** The entries of the officer's agency, newest first (at most 500). */
export function readAgencyPlans(actor: Actor): Promise<PlanEntry[]> {
  const { user } = actor;
  assertCan(user, 'plans:manage');
  return inTenant(actor.tenant, (tx) =>
    tx('plan_entries')
      .where({ agency_id: user.agencyId })
      .orderBy('created_at', 'desc')
      .limit(500)
      .select<PlanEntry[]>('*'),
  );
}
