import assert from 'node:assert/strict';
import request from 'supertest';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { buildNotice, buildSupplier, buildTenant, type TenderWorld } from '../support/factories.js';
import { csrfFrom, signIn } from '../support/session.js';
import { securityFor } from '../support/tender.js';

describe("a supplier's bid pages", () => {
  let world: TenderWorld;
  let notice: { id: string; noticeNo: string | null };
  before(async () => {
    world = await buildTenant('korea', { at: '2026-09-01T01:00:00Z' });
    notice = await buildNotice(world, {
      state: 'open',
      plan: { title_ko: '사무용품 구매 계획' },
      fields: {
        title_ko: '사무용품 구매',
        estimatedPrice: 60_000_000,
        lots: ['종이류', '필기구'],
        submissionDeadline: '2026-09-10T10:00',
        openingAt: '2026-09-10T11:00',
      },
    });
  });
  after(() => world.platform.close());

  it('shows the server time, the lots and the reserve-price candidates; bad input comes back on the form', async () => {
    const supplier = await signIn(world.app, world.slug, `supplier@${world.slug}.demo`);
    const notice_page = await supplier.get(`/t/${world.slug}/notices/${notice.id}?lng=en`).expect(200);
    assert.match(notice_page.text, /Submit or manage your bid/);
    const form = await supplier.get(`/t/${world.slug}/notices/${notice.id}/bid?lng=en`).expect(200);
    assert.match(form.text, /Server time/);
    assert.match(form.text, /datetime="2026-09-01T01:00:00.000Z"/);
    assert.equal((form.text.match(/name="picks"/g) ?? []).length, 15);
    assert.match(form.text, /종이류/);

    const refused = await supplier
      .post(`/t/${world.slug}/notices/${notice.id}/bid?lng=en`)
      .field('_csrf', csrfFrom(form.text))
      .field('lot', '1')
      .field('price', '55000000')
      .field('bidSecurityAmount', '1000')
      .field('picks', '2')
      .field('picks', '11')
      .expect(422);
    assert.match(refused.text, /at least 5 % of your bid price/);
    assert.match(refused.text, /value="55000000"/);

    const receipt = await supplier
      .post(`/t/${world.slug}/notices/${notice.id}/bid?lng=en`)
      .field('_csrf', csrfFrom(refused.text))
      .field('lot', '1')
      .field('price', '55000000')
      .field('bidSecurityAmount', String(securityFor(55_000_000)))
      .field('picks', '2')
      .field('picks', '11')
      .expect(201);
    assert.match(receipt.text, /Bid receipt/);
    assert.match(receipt.text, new RegExp(`${notice.noticeNo!}-B\\d{6}`));
    assert.match(receipt.text, /[0-9a-f]{64}/);

    const again = await supplier.get(`/t/${world.slug}/notices/${notice.id}/bid?lng=en`).expect(200);
    assert.match(again.text, /Counts/);
    const bidId = /\/bids\/([0-9a-f-]{36})\/withdraw/.exec(again.text)![1]!;
    await supplier
      .post(`/t/${world.slug}/bids/${bidId}/withdraw`)
      .type('form')
      .send({ _csrf: csrfFrom(again.text), noticeId: notice.id })
      .expect(303);
    const after = await supplier.get(`/t/${world.slug}/notices/${notice.id}/bid?lng=en`).expect(200);
    assert.match(after.text, /Withdrawn/);
  });

  it('tells the bidders, in their language, when the agency cancels the notice', async () => {
    const bidder = await buildSupplier(world, { prefix: 'CANCEL' });
    await request(world.app)
      .post(`/t/${world.slug}/api/v1/notices/${notice.id}/bids`)
      .set(bidder.auth)
      .send({ lot: 2, price: 30_000_000, bidSecurityAmount: securityFor(30_000_000), picks: [4, 5] })
      .expect(201);
    await request(world.app)
      .post(`/t/${world.slug}/api/v1/notices/${notice.id}/cancel`)
      .set(world.officer)
      .send({ reason: 'The budget was withdrawn.' })
      .expect(204);
    const mail = await inTenant(world.tenant, (tx) =>
      tx('outbound_emails')
        .where({ recipient: bidder.email })
        .whereLike('subject', '%cancelled%')
        .first('subject', 'body_text'),
    );
    assert.match(mail!.subject as string, /has been cancelled/);
    assert.match(mail!.body_text as string, /The budget was withdrawn\./);
  });

  it('keeps officers and the public away from the bid form', async () => {
    const officer = await signIn(world.app, world.slug, `officer@${world.slug}.demo`);
    await officer.get(`/t/${world.slug}/notices/${notice.id}/bid`).expect(403);
  });
});
