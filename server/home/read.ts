/** What a tenant's home page and its public API show: read from the tenant's own schema. */
import type { Actor } from '../identity/actor.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { now } from '../time/clock.js';

export interface TenantOverview {
  slug: string;
  /** Read from the tenant's schema: proves the request was bound to the right one. */
  instanceSlug: string;
  provisionedAt: Date;
  serverTime: Date;
  defaultLanguage: string;
  languages: string[];
  currency: string;
  timeZone: string;
  weekend: string[];
}

export async function readTenantOverview(actor: Actor): Promise<TenantOverview> {
  const { tenant } = actor;
  return inTenant(tenant, async (tx) => {
    const instance = await tx<{ slug: string; provisioned_at: Date }>('instance').first('slug', 'provisioned_at');
    if (!instance) throw new Error(`tenant ${tenant.slug} has no instance row`);
    return {
      slug: tenant.slug,
      instanceSlug: instance.slug,
      provisionedAt: instance.provisioned_at,
      serverTime: await now(tx),
      defaultLanguage: tenant.config.locales.default,
      languages: tenant.config.locales.supported,
      currency: tenant.config.currency,
      timeZone: tenant.config.timeZone,
      weekend: tenant.config.weekend,
    };
  });
}
