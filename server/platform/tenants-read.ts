/** The partner governments hosted on the platform, as its front page lists them (never a training sandbox). */
import type { Tenancy } from '../tenancy/tenancy.js';

export interface HostedTenant {
  slug: string;
  /** In the reader's language, else English, else the tenant's own. */
  name: string;
  nativeName: string;
  lang: string;
}

export async function hostedTenants(tenancy: Tenancy, lng: string): Promise<HostedTenant[]> {
  const records = (await tenancy.registry.list()).filter((r) => r.status === 'active' && r.kind === 'partner');
  return records.flatMap((record) => {
    const handle = tenancy.handleFor(record);
    if (!handle) return [];
    const names = handle.config.names;
    const own = handle.config.locales.default;
    return [
      {
        slug: record.slug,
        name: names[lng as keyof typeof names] ?? names.en ?? names[own] ?? record.slug,
        nativeName: names[own] ?? record.slug,
        lang: own,
      },
    ];
  });
}
