/**
 * Which tenants' demo worlds this process is building, for the home page's notice, and the
 * background run that builds them one tenant after another once the server listens.
 */
import type { Logger } from '../logger.js';
import type { Tenancy } from '../tenancy/tenancy.js';
import { buildDemoWorld } from './build.js';
import type { WorldDeps } from './cast.js';

/**
 * The tenants whose demo worlds a start builds: those it provisioned itself, in the embedded
 * default with demo data on (DEMO_DATA=false, or any other deployment, builds none).
 */
export function demoWorldTenants(config: { embedded: boolean; demoData: boolean }, provisioned: string[]): string[] {
  return config.embedded && config.demoData ? provisioned : [];
}

export class DemoWorldProgress {
  private readonly pending = new Set<string>();

  /** True while the tenant's world is announced or under construction in this process. */
  building(slug: string): boolean {
    return this.pending.has(slug);
  }

  /**
   * Builds the worlds of `slugs` in the background, in turn (one tenant's transactions at a time
   * leave the pool to the requests). Resolves when all are done; failures are logged, not thrown.
   */
  async buildInBackground(deps: WorldDeps & { tenancy: Tenancy; logger: Logger }, slugs: string[]): Promise<void> {
    if (slugs.length === 0) return;
    for (const slug of slugs) this.pending.add(slug);
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
        this.pending.delete(slug);
      }
    }
    deps.logger.info({ tenants: slugs.length, ms: Date.now() - started }, 'demo worlds complete');
  }
}
