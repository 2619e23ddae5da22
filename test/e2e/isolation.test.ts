import assert from 'node:assert/strict';
import request from 'supertest';
import { testPlatform, type TestPlatform } from '../support/platform.js';

describe('tenant isolation over HTTP', () => {
  let platform: TestPlatform;
  before(async () => {
    // A small pool, so connections are reused across tenants all the time.
    platform = await testPlatform({ env: { DB_POOL_MAX: '3' } });
  });
  after(() => platform.close());

  it('serves 200 interleaved requests for two tenants with zero cross-reads', async () => {
    const a = (await platform.createTenant('korea')).slug;
    const b = (await platform.createTenant('kurdistan')).slug;
    const app = await platform.app();
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        const slug = i % 2 === 0 ? a : b;
        return request(app)
          .get(`/t/${slug}/api/v1/tenant`)
          .then((res) => ({ slug, status: res.status, seen: (res.body as { instanceSlug: string }).instanceSlug }));
      }),
    );
    assert.deepEqual(
      responses.filter((r) => r.status !== 200),
      [],
    );
    assert.deepEqual(
      responses.filter((r) => r.seen !== r.slug),
      [],
    );
  });

  it('honours TRUST_PROXY for client addresses', async () => {
    const trusting = await testPlatform({ env: { TRUST_PROXY: '1' } });
    try {
      const app = await trusting.app();
      const trust = app.get('trust proxy fn') as (address: string, hop: number) => boolean;
      assert.equal(trust('10.0.0.5', 0), true);
      assert.equal(trust('10.0.0.5', 1), false);
    } finally {
      await trusting.close();
    }
    const app = await platform.app();
    const untrusting = app.get('trust proxy fn') as (address: string, hop: number) => boolean;
    assert.equal(untrusting('10.0.0.5', 0), false);
  });
});
