/** What the alerts form offers to choose from: the tenant's buyer agencies, by name. */
import type { Language } from '../i18n/languages.js';
import type { Actor } from '../identity/actor.js';
import { inTenant } from '../tenancy/tenant-context.js';

export interface AgencyChoice {
  id: string;
  code: string;
  name: Partial<Record<Language, string>>;
}

export function agencyChoices(actor: Actor): Promise<AgencyChoice[]> {
  return inTenant(actor.tenant, (tx) => tx('agencies').orderBy('code').select<AgencyChoice[]>('id', 'code', 'name'));
}
