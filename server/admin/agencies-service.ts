/** Buyer agencies (ministries, units) of one tenant, managed by its tenant admin. */
import { z } from 'zod';
import { parseInput, ValidationError } from '../http/validate.js';
import type { Language } from '../i18n/languages.js';
import { assertCan, can } from '../identity/policy.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import type { AdminActor, AdminServices } from './users-service.js';

const fieldError = (field: string, key: string) => new ValidationError([{ field, key }]);
const isUniqueViolation = (error: unknown) => (error as { code?: unknown } | null)?.code === '23505';

export interface AgencyListing {
  id: string;
  code: string;
  name: Partial<Record<Language, string>>;
  users: number;
}

/** The buyer agencies, by code; readable by whoever manages users or agencies. */
export async function listAgencies(tenant: TenantHandle, actor: AdminActor): Promise<AgencyListing[]> {
  if (!can(actor.user, 'users:manage')) assertCan(actor.user, 'agencies:manage');
  const rows = await inTenant(tenant, (tx) =>
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

const AGENCY_CODE = /^[A-Z0-9][A-Z0-9._-]*$/;

/** Names per supported language; the tenant's default language is required, the others optional. */
function agencyInput(tenant: TenantHandle) {
  const { default: required, supported } = tenant.config.locales;
  const optionalName = z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().trim().max(200).optional(),
  );
  const names = Object.fromEntries(
    supported.map((lng) => [lng, lng === required ? z.string().trim().min(1).max(200) : optionalName]),
  );
  return z.object({
    code: z
      .string()
      .trim()
      .toUpperCase()
      .min(1)
      .max(32)
      .refine((c) => AGENCY_CODE.test(c), { params: { key: 'admin:code_format' } }),
    names: z.object(names),
  });
}

/** Adds a buyer agency (ministry, unit) with a unique code and its name in the tenant's languages. */
export async function createAgency(
  services: AdminServices,
  tenant: TenantHandle,
  actor: AdminActor,
  input: unknown,
): Promise<{ id: string }> {
  assertCan(actor.user, 'agencies:manage');
  const data = parseInput(agencyInput(tenant), input);
  const names = Object.fromEntries(Object.entries(data.names).filter(([, v]) => typeof v === 'string'));
  return inTenant(tenant, async (tx) => {
    if (await tx('agencies').where({ code: data.code }).first('id')) throw fieldError('code', 'admin:code_taken');
    const rows = await tx('agencies')
      .insert({ code: data.code, name: JSON.stringify(names) })
      .returning<{ id: string }[]>('id')
      .catch((error: unknown) => {
        throw isUniqueViolation(error) ? fieldError('code', 'admin:code_taken') : error;
      });
    const id = rows[0]!.id;
    await services.audit.record(tx, tenant, actor.audit, {
      action: 'agency.created',
      target: { type: 'agency', id },
      summary: { code: data.code, name: names },
    });
    return { id };
  });
}
