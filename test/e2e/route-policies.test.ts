import assert from 'node:assert/strict';
import { tenantRouters } from '../../server/app.js';
import { healthRouter } from '../../server/http/health.js';
import { platformRouter } from '../../server/platform/router.js';
import { outagePages } from '../../server/platform/outage-routes.js';
import { staffPages } from '../../server/platform/staff-routes.js';
import { csrfProtection } from '../../server/identity/csrf.js';
import { testPlatform, type TestPlatform } from '../support/platform.js';

interface Layer {
  route?: { path: string; stack: { method?: string; handle: { policy?: string } }[] };
  handle: { stack?: Layer[]; policy?: string };
}

/** Every route of a router tree with the policy its handlers declare (or none). */
function routes(stack: Layer[], prefix = ''): { route: string; policy?: string }[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const methods = [...new Set(layer.route.stack.map((s) => s.method?.toUpperCase()).filter(Boolean))].join(',');
      const policy = layer.route.stack.map((s) => s.handle.policy).find(Boolean);
      return [{ route: `${methods} ${prefix}${layer.route.path}`, policy }];
    }
    return layer.handle.stack ? routes(layer.handle.stack, prefix) : [];
  });
}

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
      ...routes(api.stack as unknown as Layer[], '/t/:slug/api/v1'),
      ...routes(pages.stack as unknown as Layer[], '/t/:slug'),
      ...routes(platformRouter(services.tenancy).stack as unknown as Layer[]),
      ...routes(healthRouter([]).stack as unknown as Layer[]),
      ...routes(
        staffPages(services, services.staff, csrfProtection('x'.repeat(32), false)).stack as unknown as Layer[],
      ),
      ...routes(outagePages(services, csrfProtection('x'.repeat(32), false)).stack as unknown as Layer[]),
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

  it('documents every API route in the OpenAPI document', async () => {
    const services = await platform.services();
    const { api } = tenantRouters(services);
    const record = await platform.createTenant('korea');
    const doc = await (
      await import('supertest')
    )
      .default(await platform.app())
      .get(`/t/${record.slug}/api/v1/openapi.json`)
      .expect(200);
    const documented = new Set(
      Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
        Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
      ),
    );
    const missing = routes(api.stack as unknown as Layer[])
      .flatMap((r) => {
        const [methods, path] = r.route.split(' ') as [string, string];
        return methods.split(',').map((m) => `${m} ${path.replace(/:([A-Za-z]+)/g, '{$1}')}`);
      })
      .filter((r) => r !== 'GET /openapi.json' && !documented.has(r));
    assert.deepEqual(missing, []);
  });
});
