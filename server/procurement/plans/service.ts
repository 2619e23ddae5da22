/**
 * Procurement plans: officers enter what their agency intends to buy this year and publish it;
 * the public reads published entries; everyone sees budget execution per agency.
 */
import type { Knex } from 'knex';
import type { AuditContext } from '../../audit/trail.js';
import { NotFoundError } from '../../http/errors.js';
import { ValidationError } from '../../http/validate.js';
import type { Language } from '../../i18n/languages.js';
import { assertCan } from '../../identity/policy.js';
import type { SessionUser } from '../../identity/users.js';
import { collectLocalized } from '../../i18n/localized-fields.js';
import type { Deps } from '../../deps.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';

export interface PlanInput {
  fiscalYear: number;
  category: string;
  estimatedBudget: number;
  quarter: number;
  method: string;
  [title: `title_${string}`]: string | undefined;
}

export interface PlanEntry {
  id: string;
  agency_id: string;
  fiscal_year: number;
  title: Partial<Record<Language, string>>;
  category: string;
  estimated_budget: string;
  quarter: number;
  method: string;
  status: string;
  published_at: Date | null;
}

export interface PlanFilter {
  year?: number;
  agency?: string;
  category?: string;
  quarter?: number;
}

const isUuid = (v: string) => /^[0-9a-f-]{36}$/.test(v);

export function plansService(services: Pick<Deps, 'audit'>) {
  return {
    async create(tenant: TenantHandle, user: SessionUser, context: AuditContext, input: PlanInput): Promise<string> {
      assertCan(user, 'plans:manage');
      const title = collectLocalized(input, 'title', tenant.config.locales.supported);
      return inTenant(tenant, async (tx) => {
        const [row] = await tx('plan_entries')
          .insert({
            agency_id: user.agencyId,
            fiscal_year: input.fiscalYear,
            title: JSON.stringify(title),
            category: input.category,
            estimated_budget: input.estimatedBudget,
            quarter: input.quarter,
            method: input.method,
            created_by: user.id,
          })
          .returning<{ id: string }[]>('id');
        await services.audit.record(tx, tenant, context, {
          action: 'plan.created',
          target: { type: 'plan-entry', id: row!.id },
          summary: { after: { ...input } },
        });
        return row!.id;
      });
    },

    async publish(tenant: TenantHandle, user: SessionUser, context: AuditContext, id: string): Promise<void> {
      await inTenant(tenant, async (tx) => {
        const entry = isUuid(id) ? await tx<PlanEntry>('plan_entries').where({ id }).forUpdate().first() : undefined;
        if (!entry) throw new NotFoundError('plan_entry_not_found', 'plans:not_found');
        assertCan(user, 'plans:manage', entry.agency_id);
        if (entry.status !== 'draft') throw new ValidationError([{ field: '(body)', key: 'plans:not_draft' }]);
        await tx('plan_entries')
          .where({ id })
          .update({ status: 'published', published_at: tx.raw('app_now()') });
        await services.audit.record(tx, tenant, context, {
          action: 'plan.published',
          target: { type: 'plan-entry', id },
          summary: { before: { status: 'draft' }, after: { status: 'published' } },
        });
      });
    },
  };
}

export function publishedPlans(tx: Knex.Transaction, filter: PlanFilter) {
  const q = tx('plan_entries as p').join('agencies as a', 'a.id', 'p.agency_id').where('p.status', 'published');
  if (filter.year) q.where('p.fiscal_year', filter.year);
  if (filter.agency && isUuid(filter.agency)) q.where('p.agency_id', filter.agency);
  if (filter.category) q.where('p.category', filter.category);
  if (filter.quarter) q.where('p.quarter', filter.quarter);
  return q
    .orderBy([{ column: 'p.fiscal_year', order: 'desc' }, 'p.quarter', 'a.code'])
    .limit(500)
    .select<(PlanEntry & { agency_code: string; agency_name: Record<string, string> })[]>(
      'p.*',
      'a.code as agency_code',
      'a.name as agency_name',
    );
}

/**
 * Budget execution per agency for a year, as of a date: planned (published entries) against what
 * was put to tender (estimated prices of notices published from those entries by that date, less
 * cancelled ones) and what was awarded (awards published by that date and not withdrawn).
 */
export async function budgetExecution(tx: Knex.Transaction, year: number, asOf: Date) {
  return tx('plan_entries as p')
    .join('agencies as a', 'a.id', 'p.agency_id')
    .where({ 'p.fiscal_year': year, 'p.status': 'published' })
    .groupBy('a.id', 'a.code', 'a.name')
    .orderBy('a.code')
    .select<
      {
        code: string;
        name: Record<string, string>;
        planned: string;
        entries: string;
        tendered: string;
        awarded: string;
      }[]
    >(
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
