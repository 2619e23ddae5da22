/**
 * An agency's budget lines: what its orders are charged to. Officers list the lines of the
 * current fiscal year (the calendar year in the tenant's zone) and add one, audited.
 */
import type { Knex } from 'knex';
import type { Deps } from '../../deps.js';
import type { Actor } from '../../identity/actor.js';
import { assertCan } from '../../identity/policy.js';
import { localDate } from '../../regulations/lookup.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { now } from '../../time/clock.js';
import { BudgetLineExistsError } from './errors.js';
import type { BudgetLineInput } from './schema.js';

export interface BudgetLine {
  id: string;
  fiscalYear: number;
  code: string;
  label: Record<string, string>;
  amount: number;
  committed: number;
  remaining: number;
}

interface BudgetLineRow {
  id: string;
  agency_id: string;
  fiscal_year: number;
  code: string;
  label: Record<string, string>;
  amount: string;
  committed: string;
}

export const budgetLineOf = (r: BudgetLineRow): BudgetLine => ({
  id: r.id,
  fiscalYear: r.fiscal_year,
  code: r.code,
  label: r.label,
  amount: Number(r.amount),
  committed: Number(r.committed),
  remaining: Number(r.amount) - Number(r.committed),
});

/** The fiscal year of the tenant's date at `at` (calendar years). */
export const fiscalYearAt = (tenant: TenantHandle, at: Date) =>
  Number(localDate(at, tenant.config.timeZone).slice(0, 4));

export async function agencyBudgetLines(tx: Knex.Transaction, tenant: TenantHandle, agencyId: string) {
  const year = fiscalYearAt(tenant, await now(tx));
  const rows = await tx('budget_lines')
    .where({ agency_id: agencyId, fiscal_year: year })
    .orderBy('code')
    .select<BudgetLineRow[]>();
  return rows.map(budgetLineOf);
}

/** Moves a line's commitment by `delta` (negative releases); the table's checks keep it within the amount. */
export async function commitBudget(tx: Knex.Transaction, lineId: string, delta: number): Promise<void> {
  if (delta === 0) return;
  await tx('budget_lines')
    .where({ id: lineId })
    .update({ committed: tx.raw('greatest(committed + ?, 0)', [delta]) });
}

/** The officer's agency's lines of this fiscal year. */
export function listBudgetLines(actor: Actor): Promise<BudgetLine[]> {
  const user = actor.user;
  assertCan(user, 'notices:manage');
  return inTenant(actor.tenant, (tx) => agencyBudgetLines(tx, actor.tenant, user.agencyId!));
}

export function budgetLinesService(deps: Pick<Deps, 'audit'>) {
  return {
    list: listBudgetLines,

    async create(actor: Actor, lng: string, input: BudgetLineInput): Promise<BudgetLine> {
      const user = actor.user;
      assertCan(user, 'notices:manage');
      return inTenant(actor.tenant, async (tx) => {
        const year = fiscalYearAt(actor.tenant, await now(tx));
        const taken = await tx('budget_lines')
          .where({ agency_id: user.agencyId, fiscal_year: year, code: input.code })
          .first<{ id: string } | undefined>('id');
        if (taken) throw new BudgetLineExistsError(input.code);
        const [row] = await tx('budget_lines')
          .insert({
            agency_id: user.agencyId,
            fiscal_year: year,
            code: input.code,
            label: JSON.stringify({ [lng]: input.label }),
            amount: input.amount,
          })
          .returning<BudgetLineRow[]>('*');
        await deps.audit.record(tx, actor.tenant, actor.audit, {
          action: 'budget-line.created',
          target: { type: 'budget-line', id: row!.id },
          summary: { code: input.code, fiscalYear: year, amount: input.amount },
        });
        return budgetLineOf(row!);
      });
    },
  };
}
