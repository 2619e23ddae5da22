/**
 * A database whose disk is full (SQLSTATE 53100, raised here inside the server by a trigger on the
 * documents table, as a full tablespace raises it): an upload answers 507 problem+json in the
 * reader's language through the API and a localized error page on the officer's desk, never a 500,
 * and its transaction rolls back whole (no document, no audit entry). With room again, it works.
 * The cluster tier fills a real disk (test/cluster/disk-full.test.ts).
 */
import assert from 'node:assert/strict';
import pg from 'pg';
import request from 'supertest';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { buildNotice, buildTenant, TENDER_PDF, type TenderWorld } from '../support/factories.js';
import { testSuperuserUrl } from '../support/platform.js';
import { csrfFrom, signIn } from '../support/session.js';

async function asSuperuser(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: testSuperuserUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('a database out of disk space', () => {
  let world: TenderWorld;
  let noticeId: string;
  let schema: string;
  before(async () => {
    world = await buildTenant('korea', { at: '2026-09-01T01:00:00Z' });
    noticeId = (
      await buildNotice(world, {
        state: 'draft',
        fields: { submissionDeadline: '2026-10-01T10:00', openingAt: '2026-10-01T10:30' },
      })
    ).id;
    // The schema comes from the tenant handle, not from input.
    schema = world.tenant.schema;
    await asSuperuser(`
      create function ${schema}.disk_is_full() returns trigger language plpgsql as $$
      begin
        raise exception 'could not extend file: No space left on device' using errcode = '53100';
      end $$;
      create trigger disk_is_full before insert on ${schema}.notice_documents
        for each row execute function ${schema}.disk_is_full();`);
  });
  after(async () => {
    await asSuperuser(`drop function if exists ${schema}.disk_is_full() cascade`);
    await world.platform.close();
  });

  const stored = () =>
    inTenant(world.tenant, async (tx) => ({
      documents: (await tx('notice_documents').where({ notice_id: noticeId })).length,
      audit: (await tx('audit_entries').where({ action: 'notice.documents-uploaded', target_id: noticeId })).length,
    }));

  it('answers an API upload 507 problem+json in the reader language and stores nothing', async () => {
    const before = await stored();
    const res = await request(world.app)
      .post(`/t/${world.slug}/api/v1/notices/${noticeId}/documents`)
      .set(world.officer)
      .set('Accept-Language', 'ko')
      .attach('documents', TENDER_PDF, 'full.pdf');
    assert.equal(res.status, 507, res.text);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    assert.equal(res.body.type, 'urn:koneps:problem:storage_full');
    assert.equal(res.body.title, '지금은 저장할 수 없습니다');
    assert.deepEqual(await stored(), before);
  });

  it("answers the officer's upload page with a localized error page, and uploads again once there is room", async () => {
    const before = await stored();
    const officer = await signIn(world.app, world.slug, `officer@${world.slug}.demo`);
    const desk = `/t/${world.slug}/notices-desk/${noticeId}/documents`;
    const page = await officer.get(`${desk}?lng=en`).expect(200);
    const refused = await officer
      .post(`${desk}?lng=en`)
      .field('_csrf', csrfFrom(page.text))
      .attach('documents', TENDER_PDF, 'full.pdf');
    assert.equal(refused.status, 507);
    assert.match(refused.text, /The system cannot store this right now/);
    assert.match(refused.text, /nothing of what you sent was saved/);
    assert.deepEqual(await stored(), before);

    await asSuperuser(`drop trigger disk_is_full on ${schema}.notice_documents`);
    await officer
      .post(desk)
      .field('_csrf', csrfFrom(page.text))
      .attach('documents', TENDER_PDF, 'room.pdf')
      .expect(303);
    assert.deepEqual(await stored(), { documents: before.documents + 1, audit: before.audit + 1 });
  });
});
