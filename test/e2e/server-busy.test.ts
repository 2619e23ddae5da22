import assert from 'node:assert/strict';
import request from 'supertest';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { testPlatform } from '../support/platform.js';

describe('a request that finds no database connection free', () => {
  it('answers 503 busy with Retry-After, in the reader’s language, and serves again once one is free', async () => {
    const platform = await testPlatform({ env: { DB_POOL_MAX: '1', DB_ACQUIRE_TIMEOUT_MS: '300' } });
    try {
      const slug = (await platform.createTenant('kurdistan')).slug;
      const tenant = (await platform.tenancy.resolve(slug))!;
      const app = await platform.app();
      await request(app).get(`/t/${slug}/api/v1/notices`).expect(200);

      // The pool's only connection stays in a transaction while the requests arrive.
      let release!: () => void;
      const holding = inTenant(tenant, () => new Promise<void>((resolve) => (release = resolve)));
      try {
        const api = await request(app).get(`/t/${slug}/api/v1/notices?lng=ar`).expect(503);
        assert.equal(api.headers['content-type'], 'application/problem+json; charset=utf-8');
        assert.equal(api.headers['retry-after'], '5');
        assert.equal(api.body.type, 'urn:koneps:problem:server_busy');
        assert.equal(api.body.title, 'النظام مشغول');
        const page = await request(app).get(`/t/${slug}/notices?lng=en`).expect(503);
        assert.equal(page.headers['retry-after'], '5');
        assert.match(page.text, /The system is busy/);
        assert.match(page.text, /Please try again in a few seconds/);
        assert.doesNotMatch(page.text, /Knex|pool|at .*\.ts:\d+/);
      } finally {
        release();
        await holding;
      }
      await request(app).get(`/t/${slug}/api/v1/notices`).expect(200);
    } finally {
      await platform.close();
    }
  });
});
