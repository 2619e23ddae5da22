/**
 * Reading public pages makes no session: no cookie is set and no row is written, however many
 * visitors come. A form that anonymous visitors may post (sign-in) starts one, and a signed-in
 * reader's session is still found on every page.
 */
import assert from 'node:assert/strict';
import pg from 'pg';
import { createClient } from 'redis';
import request from 'supertest';
import { buildNotice, buildTenant } from '../support/factories.js';
import { signIn } from '../support/session.js';
import type { TenderWorld } from '../support/tender.js';

describe('anonymous readers and sessions', () => {
  let world: TenderWorld;
  let noticeId: string;
  before(async () => {
    world = await buildTenant('korea', { at: '2026-09-01T01:00:00Z' });
    noticeId = (
      await buildNotice(world, {
        state: 'open',
        fields: { submissionDeadline: '2026-09-10T10:00', openingAt: '2026-09-10T11:00' },
      })
    ).id;
  });
  after(() => world.platform.close());

  /** Sessions stored, wherever this run keeps them (Redis when REDIS_URL is set, else PostgreSQL). */
  async function sessionRows(): Promise<number> {
    const { redisUrl, queuePrefix } = world.platform.config;
    if (redisUrl) {
      const redis = createClient({ url: redisUrl });
      await redis.connect();
      try {
        return (await redis.keys(`${queuePrefix}sess:*`)).length;
      } finally {
        await redis.quit();
      }
    }
    const client = new pg.Client({ connectionString: process.env.TEST_OWNER_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>('select count(*) as n from platform.sessions');
      return Number(rows[0]!.n);
    } finally {
      await client.end();
    }
  }

  it('sets no session cookie and stores no session for public pages', async () => {
    const before = await sessionRows();
    for (const path of ['/', '/notices', `/notices/${noticeId}`]) {
      const res = await request(world.app).get(`/t/${world.slug}${path}`);
      assert.equal(res.status, 200, `${path}: ${res.status} ${String(res.headers.location)}`);
      const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
      assert.deepEqual(
        cookies.filter((c) => c.startsWith('koneps.')),
        [],
        `${path} set ${cookies.join(', ')}`,
      );
    }
    assert.equal(await sessionRows(), before);
  });

  it('stores the session that the sign-in page starts', async () => {
    const before = await sessionRows();
    await request(world.app).get(`/t/${world.slug}/login`).expect(200);
    assert.equal(await sessionRows(), before + 1);
  });

  it('starts a session for the sign-in form, and a signed-in reader keeps it on public pages', async () => {
    const login = await request(world.app).get(`/t/${world.slug}/login`).expect(200);
    const cookies = ([] as string[]).concat(login.headers['set-cookie'] ?? []);
    assert.ok(
      cookies.some((c) => c.startsWith('koneps.sid=')),
      'the sign-in page starts a session',
    );
    assert.ok(
      cookies.some((c) => c.startsWith('koneps.csrf=')),
      'with its CSRF cookie',
    );
    const officer = await signIn(world.app, world.slug, `officer@${world.slug}.demo`);
    const page = await officer.get(`/t/${world.slug}/notices/${noticeId}`).expect(200);
    assert.match(page.text, /name="_csrf" value="[^"]+"/, 'the signed-in page carries its sign-out form token');
  });
});
