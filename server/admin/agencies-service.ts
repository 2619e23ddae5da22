/** Buyer agencies (ministries, units) of one tenant, managed by its tenant admin. */
import type { Language } from '../i18n/languages.js';
import type { Actor } from '../identity/actor.js';
import { assertCan, can } from '../identity/policy.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { AgencyCodeTakenError } from './errors.js';
import type { AgencyInput } from './schema.js';
import type { AdminDeps } from './users-service.js';

const isUniqueViolation = (error: unknown) => (error as { code?: unknown } | null)?.code === '23505';

export interface AgencyListing {
  id: string;
  code: string;
  name: Partial<Record<Language, string>>;
  users: number;
}

/** The buyer agencies, by code; readable by whoever manages users or agencies. */
export async function listAgencies(actor: Actor): Promise<AgencyListing[]> {
  if (!can(actor.user, 'users:manage')) assertCan(actor.user, 'agencies:manage');
  const rows = await inTenant(actor.tenant, (tx) =>
    tx('agencies as a')
      .leftJoin('users as u', 'u.agency_id', 'a.id')
      .groupBy('a.id')
      .orderBy('a.code')
      .select<{ id: string; code: string; name: Partial<Record<Language, string>>; users: string }[]>(
        'a.id',
        'a.code',
        'a.name',
        tx.raw('count(u.id) as users'),
      ),
  );
  return rows.map((r) => ({ ...r, users: Number(r.users) }));
}

/** Adds a buyer agency (ministry, unit) with a unique code and its name in the tenant's languages. */
export function agencyAdmin(deps: AdminDeps) {
  return {
    async create(actor: Actor, input: AgencyInput): Promise<{ id: string }> {
      assertCan(actor.user, 'agencies:manage');
      const names = Object.fromEntries(Object.entries(input.names).filter(([, v]) => typeof v === 'string'));
      return inTenant(actor.tenant, async (tx) => {
        if (await tx('agencies').where({ code: input.code }).first('id')) throw new AgencyCodeTakenError();
        const rows = await tx('agencies')
          .insert({ code: input.code, name: JSON.stringify(names) })
          .returning<{ id: string }[]>('id')
          .catch((error: unknown) => {
            throw isUniqueViolation(error) ? new AgencyCodeTakenError() : error;
          });
        const id = rows[0]!.id;
        await deps.audit.record(tx, actor.tenant, actor.audit, {
          action: 'agency.created',
          target: { type: 'agency', id },
          summary: { code: input.code, name: names },
        });
        return { id };
      });
    },
  };
}
