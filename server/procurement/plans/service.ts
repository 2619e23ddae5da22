/**
 * Procurement plans: officers enter what their agency intends to buy this year and publish it.
 * What the public and the officers read is in read.ts.
 */
import type { Language } from '../../i18n/languages.js';
import { collectLocalized } from '../../i18n/localized-fields.js';
import type { Deps } from '../../deps.js';
import { NotFoundError } from '../../http/errors.js';
import { ValidationError } from '../../http/validate.js';
import type { Actor } from '../../identity/actor.js';
import { assertCan } from '../../identity/policy.js';
import { inTenant } from '../../tenancy/tenant-context.js';

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

export class PlanEntryNotFoundError extends NotFoundError {
  constructor() {
    super('plan_entry_not_found', 'plans:not_found');
  }
}

/** Only a draft is published. */
export class PlanNotDraftError extends ValidationError {
  constructor() {
    super([{ field: '(body)', key: 'plans:not_draft' }]);
  }
}

export function plansService(deps: Pick<Deps, 'audit'>) {
  return {
    /** Enters a draft for the officer's agency; returns its id. */
    async create(actor: Actor, input: PlanInput): Promise<string> {
      const { user } = actor;
      assertCan(user, 'plans:manage');
      const title = collectLocalized(input, 'title', actor.tenant.config.locales.supported);
      return inTenant(actor.tenant, async (tx) => {
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
        await deps.audit.record(tx, actor.tenant, actor.audit, {
          action: 'plan.created',
          target: { type: 'plan-entry', id: row!.id },
          summary: { after: { ...input } },
        });
        return row!.id;
      });
    },

    async publish(actor: Actor, id: string): Promise<void> {
      await inTenant(actor.tenant, async (tx) => {
        const entry = await tx<PlanEntry>('plan_entries').where({ id }).forUpdate().first();
        if (!entry) throw new PlanEntryNotFoundError();
        assertCan(actor.user, 'plans:manage', entry.agency_id);
        if (entry.status !== 'draft') throw new PlanNotDraftError();
        await tx('plan_entries')
          .where({ id })
          .update({ status: 'published', published_at: tx.raw('app_now()') });
        await deps.audit.record(tx, actor.tenant, actor.audit, {
          action: 'plan.published',
          target: { type: 'plan-entry', id },
          summary: { before: { status: 'draft' }, after: { status: 'published' } },
        });
      });
    },
  };
}
