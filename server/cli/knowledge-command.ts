/**
 * `npm run tenants -- knowledge <slug>`: copies the call center's shipped help articles
 * (tenants/knowledge/) that a tenant lacks into its knowledge base, in its languages; articles it
 * already has, possibly corrected by its agents, stay as they are. Demo tenants get them when
 * their demo data is seeded; this is for the others, and for articles shipped later.
 */
import type { Platform } from '../bootstrap.js';
import { loadKnowledgeArticles, shippedFor } from '../callcenter/knowledge-files.js';
import { ProvisioningError } from '../tenancy/provisioning.js';
import { inTenant } from '../tenancy/tenant-context.js';

/** Loads the missing articles; returns the lines to print. */
export async function loadKnowledgeFromCli(platform: Platform, slug: string): Promise<string[]> {
  const tenant = await platform.tenancy.resolve(slug);
  if (!tenant) throw new ProvisioningError(`No tenant "${slug}"`);
  const added = await inTenant(tenant, (tx) => loadKnowledgeArticles(tx, tenant));
  const shipped = shippedFor(tenant).length;
  const articles = (n: number) => `${n} help article${n === 1 ? '' : 's'}`;
  return [`Added ${articles(added)} to ${slug} (${articles(shipped - added)} of the shipped ones already there)`];
}
