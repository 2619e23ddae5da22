import assert from 'node:assert/strict';
import type { Router } from 'express';
import { tenantRouters } from '../../server/app.js';
import { healthRouter } from '../../server/http/health.js';
import { routeTable } from '../../server/http/route-table.js';
import { platformRouter } from '../../server/platform/router.js';
import { outagePages } from '../../server/platform/outage-routes.js';
import { staffPages } from '../../server/platform/staff-routes.js';
import { csrfProtection } from '../../server/identity/csrf.js';
import { testPlatform, type TestPlatform } from '../support/platform.js';

const routes = (router: Router, prefix = '') =>
  routeTable(router, prefix).map((r) => ({ route: `${r.method.toUpperCase()} ${r.path}`, policy: r.policy }));

describe('route policies', () => {
  let platform: TestPlatform;
  before(async () => {
    platform = await testPlatform();
  });
  after(() => platform.close());

  it('has a declared policy (or "public") on every route', async () => {
    const services = await platform.services();
    const { api, pages } = tenantRouters(services);
    const all = [
      ...routes(api, '/t/:slug/api/v1'),
      ...routes(pages, '/t/:slug'),
      ...routes(platformRouter(services.tenancy)),
      ...routes(healthRouter([])),
      ...routes(staffPages(services, services.staff, csrfProtection('x'.repeat(32), false))),
      ...routes(outagePages(services, csrfProtection('x'.repeat(32), false))),
    ];
    assert.ok(all.length > 15, `found only ${all.length} routes`);
    assert.deepEqual(
      all.filter((r) => !r.policy).map((r) => r.route),
      [],
    );
    // Spot checks: what must stay public, and what must not.
    const policy = (route: string) => all.find((r) => r.route === route)?.policy;
    assert.equal(policy('POST /t/:slug/api/v1/auth/token'), 'public');
    assert.equal(policy('GET /t/:slug/account'), 'account:use');
  });
});
