/**
 * The background run that builds the demo worlds once the server listens, one tenant after
 * another (one tenant's transactions at a time leave the pool to the requests), and which tenants
 * a start builds at all.
 */
import type { Logger } from '../logger.js';
import type { Tenancy } from '../tenancy/tenancy.js';
import { buildDemoWorld } from './build.js';
import type { WorldDeps } from './cast.js';
import type { DemoWorldProgress } from './status.js';

/**
 * The tenants whose demo worlds a start builds: those it provisioned itself, in the embedded
 * default with demo data on (DEMO_DATA=false, or any other deployment, builds none).
 */
export function demoWorldTenants(config: { embedded: boolean; demoData: boolean }, provisioned: string[]): string[] {
  return config.embedded && config.demoData ? provisioned : [];
}

/** Builds the worlds of `slugs` in turn; resolves when all are done. Failures are logged, not thrown. */
export async function buildInBackground(
  deps: WorldDeps & { tenancy: Tenancy; logger: Logger; demoWorld: DemoWorldProgress },
  slugs: string[],
): Promise<void> {
  if (slugs.length === 0) return;
  deps.demoWorld.announce(slugs);
  const started = Date.now();
  for (const slug of slugs) {
    try {
      const tenant = await deps.tenancy.resolve(slug);
      if (!tenant) continue;
      const outcome = await buildDemoWorld(deps, tenant);
      deps.logger.info({ tenant: slug, ...outcome }, 'demo world');
    } catch (error) {
      deps.logger.error({ tenant: slug, err: error }, 'demo world not built');
    } finally {
      deps.demoWorld.done(slug);
    }
  }
  deps.logger.info({ tenants: slugs.length, ms: Date.now() - started }, 'demo worlds complete');
}
