/**
 * The embedded default's first start: every partner government in tenants/ is provisioned (with
 * demo accounts), and later starts bring existing tenants up to the current migrations. Answers the
 * tenants provisioned by this start (their demo worlds are built next, in the background).
 */
import type { Logger } from '../logger.js';
import type { Provisioning } from './provisioning.js';
import type { Tenancy } from './tenancy.js';

export async function ensureConfiguredTenants(
  tenancy: Tenancy,
  provisioning: Provisioning,
  options: { demo: boolean; logger: Logger },
): Promise<string[]> {
  const registered = new Set((await tenancy.registry.list()).map((r) => r.slug));
  await provisioning.migrateAll({
    onResult: (r) => {
      if (!r.ok) options.logger.error({ tenant: r.slug, error: r.error }, 'tenant migration failed');
    },
  });
  const provisioned: string[] = [];
  // Each tenant is provisioned in its own transaction, so they can go side by side.
  await Promise.all(
    tenancy.configs
      .all()
      .filter((config) => !registered.has(config.slug))
      .map(async (config) => {
        try {
          await provisioning.create(config.slug, { demo: options.demo });
          options.logger.info({ tenant: config.slug }, 'tenant provisioned');
          provisioned.push(config.slug);
        } catch (error) {
          options.logger.error({ tenant: config.slug, error: (error as Error).message }, 'tenant not provisioned');
        }
      }),
  );
  return provisioned.sort();
}
