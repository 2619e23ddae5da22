/**
 * The framework pages: the officer sets a draft's terms through the form (a refusal comes back
 * with its message), finds the agreement in the navigation and the list; the bid page asks a
 * unit price per item and refuses a price that is not the list's total; the public sees nothing
 * of a tendering agreement.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { attachTenderDocuments, buildNotice, buildTenant, type TenderWorld } from '../support/factories.js';
import { csrfFrom, signIn } from '../support/session.js';
import { securityFor, tenantBase } from '../support/tender.js';

describe('framework pages (korea)', () => {
  let world: TenderWorld;
  after(() => world?.platform.close());

  it('sets terms on the form, lists the agreement and takes a price list on the bid page', async () => {
    world = await buildTenant('korea', { at: '2026-09-01T01:00:00Z' });
    const base = tenantBase(world);
    const notice = await buildNotice(world, {
      state: 'draft',
      fields: {
        title_ko: '사무용 가구 다수공급자계약',
        submissionDeadline: '2026-09-10T10:00',
        openingAt: '2026-09-10T11:00',
      },
    });
    const officer = await signIn(world.app, world.slug, `officer@${world.slug}.demo`);
    const form = await officer.get(`${base}/notices/${notice.id}/framework?lng=en`).expect(200);
    assert.match(form.text, /name="items.0.ceilingUnitPrice"/);
    const fields = {
      startsOn: '2026-10-01',
      endsOn: '2027-09-30',
      maxValue: '300000000',
      maxParties: '3',
      'items.0.number': '1',
      'items.0.classification': '5612150101',
      'items.0.description': 'Office desk',
      'items.0.unit': 'EA',
      'items.0.ceilingUnitPrice': '200000',
      'items.0.estimatedQuantity': '300',
    };
    const refused = await officer
      .post(`${base}/notices/${notice.id}/framework?lng=en`)
      .type('form')
      .send({ ...fields, _csrf: csrfFrom(form.text), endsOn: '2026-09-01' })
      .expect(422);
    assert.match(refused.text, /The end comes before the start/);
    assert.match(refused.text, /value="Office desk"/);
    await officer
      .post(`${base}/notices/${notice.id}/framework?lng=en`)
      .type('form')
      .send({ ...fields, _csrf: csrfFrom(refused.text) })
      .expect(303);
    const list = await officer.get(`${base}/frameworks?lng=en`).expect(200);
    assert.match(list.text, new RegExp(`href="${base}/frameworks"`));
    assert.match(list.text, /FA-2026-\d{6}/);
    assert.match(list.text, /Tendering/);
    const id = /frameworks\/([0-9a-f-]{36})"/.exec(list.text)![1]!;
    await officer.get(`${base}/frameworks/${id}?lng=ko`).expect(200);
    await request(world.app).get(`${base}/frameworks/${id}`).expect(404);

    await attachTenderDocuments({ app: world.app, slug: world.slug, base, auth: world.officer }, notice.id, 1);
    await request(world.app).post(`${base}/api/v1/notices/${notice.id}/publish?lng=en`).set(world.officer).expect(200);
    const locked = await officer.get(`${base}/notices/${notice.id}/framework?lng=en`).expect(200);
    assert.doesNotMatch(locked.text, /name="items.0.number"/);
    assert.match(locked.text, /Office desk/);

    const supplier = await signIn(world.app, world.slug, `supplier@${world.slug}.demo`);
    const bidPage = await supplier.get(`${base}/notices/${notice.id}/bid?lng=en`).expect(200);
    assert.match(bidPage.text, /Price list/);
    assert.match(bidPage.text, /name="priceList.1"/);
    const wrong = await supplier
      .post(`${base}/notices/${notice.id}/bid?lng=en`)
      .field('_csrf', csrfFrom(bidPage.text))
      .field('price', '55000000')
      .field('bidSecurityAmount', String(securityFor(55_000_000)))
      .field('picks', '2')
      .field('picks', '11')
      .field('priceList.1', '180000')
      .expect(422);
    assert.match(wrong.text, /the price list&#x27;s total|the price list's total/);
    assert.match(wrong.text, /value="180000"/);
    const receipt = await supplier
      .post(`${base}/notices/${notice.id}/bid?lng=en`)
      .field('_csrf', csrfFrom(wrong.text))
      .field('price', '54000000')
      .field('bidSecurityAmount', String(securityFor(54_000_000)))
      .field('picks', '2')
      .field('picks', '11')
      .field('priceList.1', '180000')
      .expect(201);
    assert.match(receipt.text, /[0-9a-f]{64}/);
    assert.doesNotMatch(receipt.text, /180,?000/);
  });
});
