/**
 * Saved searches and alerts, end to end through the job queue: a supplier saves a search on the
 * alerts page, the officer publishes a matching notice and the worker writes the alert in the
 * supplier's language; an addendum alerts again; the morning digest lists what matched since the
 * last one; the one-click link stops the alerts; nothing is sent twice, and no one reads or
 * changes another supplier's searches.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { jobId } from '../../server/jobs/catalog.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { buildNotice, buildSuppliers, buildTenant, type Bidder } from '../support/factories.js';
import { csrfFrom, signIn, type Agent } from '../support/session.js';
import type { TenderWorld } from '../support/tender.js';
import { until, untilJobDone } from '../support/waiting.js';

interface Mail {
  id: string;
  subject: string;
  body_text: string;
  locale: string;
  list_unsubscribe: string | null;
}

const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

describe('saved searches and alerts', function () {
  this.timeout(120_000);
  let world: TenderWorld;
  let supplier: Agent;
  let daily: Bidder;
  let narrow: Bidder;
  const demoSupplier = () => `supplier@${world.slug}.demo`;
  const page = (path: string) => `/t/${world.slug}${path}`;
  const api = (path: string) => `/t/${world.slug}/api/v1${path}`;

  const mailTo = (recipient: string): Promise<Mail[]> =>
    inTenant(world.tenant, (tx) =>
      tx('outbound_emails')
        .where({ recipient })
        .orderBy('created_at')
        .select<Mail[]>('id', 'subject', 'body_text', 'locale', 'list_unsubscribe'),
    );
  const alertsTo = async (recipient: string) =>
    (await mailTo(recipient)).filter((m) => m.body_text.includes('/alerts/unsubscribe?'));
  /** Puts a job on its queue as the outbox relay or a scheduler would, and waits until it is done. */
  const runJob = async (name: 'notice-alerts' | 'alerts-digest', data: Record<string, unknown>, id: string) => {
    const services = await world.platform.services();
    const queue = services.queues.queues.notifications;
    await queue.add(name, { ...data, tenant: world.slug }, { jobId: id });
    await untilJobDone(queue, id);
  };

  /** The demo supplier's search for office supplies, posted through the alerts page in English. */
  const postSearch = async (range: { minValue: string; maxValue: string }) => {
    const form = await supplier.get(page('/alerts?lng=en')).expect(200);
    assert.match(form.text, /New saved search/);
    return supplier
      .post(page('/alerts?lng=en'))
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        name: 'Office supplies',
        keywords: 'نووسینگە',
        categories: 'goods',
        frequency: 'both',
        ...range,
      });
  };

  before(async () => {
    world = await buildTenant('kurdistan', { at: '2026-09-01T07:00:00Z' });
    supplier = await signIn(world.app, world.slug, demoSupplier());
    [daily, narrow] = (await buildSuppliers(world, 2, 'ALERT')) as [Bidder, Bidder];
  });
  after(() => world.platform.close());

  it('refuses a search whose price range is upside down, keeping what was typed, in the page language', async () => {
    const refused = await postSearch({ minValue: '90,000,000', maxValue: '1,000' });
    assert.equal(refused.status, 422);
    assert.match(refused.text, /The lower limit must not be above the upper limit\./);
    assert.match(refused.text, /value="Office supplies"/);
    assert.match(refused.text, /value="90,000,000"/);
  });

  it('saves a search from the page and lists it as a sentence, not as codes', async () => {
    const saved = await postSearch({ minValue: '10,000,000', maxValue: '' });
    assert.equal(saved.status, 303);
    assert.equal(saved.headers.location, page('/alerts?done=saved'));
    const list = await supplier.get(page('/alerts?done=saved&lng=en')).expect(200);
    assert.match(list.text, /The search is saved\./);
    assert.match(list.text, /Goods; estimated price from IQD\s10,000,000; title with “نووسینگە”/);
    assert.match(list.text, /At once and in the morning summary/);
    assert.doesNotMatch(list.text, />both</);
    const audit = await inTenant(world.tenant, (tx) => tx('audit_entries').where({ action: 'alert.saved' }).count());
    assert.equal(Number((audit[0] as { count: string }).count), 1);
  });

  it('saves searches through the API too, and checks them the same way', async () => {
    await request(world.app)
      .post(api('/alerts'))
      .set(daily.auth)
      .send({ name: 'Goods, daily', categories: ['goods'], minValue: 1_000_000, frequency: 'daily' })
      .expect(201);
    await request(world.app)
      .post(api('/alerts'))
      .set(narrow.auth)
      .send({ name: 'Small purchases', maxValue: 1_000, frequency: 'both' })
      .expect(201);
    const bad = await request(world.app)
      .post(api('/alerts'))
      .set(narrow.auth)
      .send({ name: '', frequency: 'hourly', agencies: ['not-an-id'] })
      .expect(422);
    assert.equal(bad.headers['content-type'], 'application/problem+json; charset=utf-8');
    const fields = (bad.body.errors as { field: string }[]).map((e) => e.field).sort();
    assert.deepEqual(fields, ['agencies.0', 'frequency', 'name']);
    const mine = await request(world.app).get(api('/alerts')).set(daily.auth).expect(200);
    assert.deepEqual(
      (mine.body.savedSearches as { name: string; minValue: number }[]).map((s) => [s.name, s.minValue]),
      [['Goods, daily', 1_000_000]],
    );
  });

  it('keeps each supplier to their own searches', async () => {
    const [own] = (await request(world.app).get(api('/alerts')).set(daily.auth).expect(200)).body.savedSearches as {
      id: string;
    }[];
    await supplier.get(page(`/alerts/${own!.id}/edit`)).expect(404);
    const form = await supplier.get(page('/alerts')).expect(200);
    await supplier
      .post(page(`/alerts/${own!.id}/delete`))
      .type('form')
      .send({ _csrf: csrfFrom(form.text) })
      .expect(404);
    await request(world.app)
      .delete(api(`/alerts/${own!.id}`))
      .set(narrow.auth)
      .expect(404);
    await request(world.app).get(api('/alerts')).set(world.officer).expect(403);
  });

  let noticeId = '';
  let noticeNo = '';
  it('writes an alert in the supplier’s language as soon as a matching notice is published, once', async () => {
    // Reading a page in Central Kurdish makes it the account's language.
    await supplier.get(page('/alerts?lng=ckb')).expect(200);
    const notice = await buildNotice(world, {
      state: 'open',
      fields: {
        title_ckb: 'کڕینی کەلوپەلی نووسینگە',
        estimatedPrice: 50_000_000,
        bidSecurityPercent: 2,
        submissionDeadline: '2026-10-01T10:00',
        openingAt: '2026-10-01T10:30',
      },
    });
    noticeId = notice.id;
    noticeNo = notice.noticeNo!;
    await until(async () => (await alertsTo(demoSupplier())).length === 1, 30_000);
    const [mail] = await alertsTo(demoSupplier());
    assert.ok(mail!.subject.includes(noticeNo));
    assert.equal(mail!.locale, 'ckb', 'in the language of the account');
    // In Kurdish, the links stand whole: no invisible direction mark a mail program would take into them.
    assert.ok(
      mail!.body_text.includes(`${mail!.list_unsubscribe}\n`) || mail!.body_text.endsWith(mail!.list_unsubscribe!),
    );
    assert.match(mail!.body_text, new RegExp(`/notices/${noticeId}\n`));
    assert.ok(mail!.body_text.includes('کڕینی کەلوپەلی نووسینگە'));
    assert.ok(mail!.body_text.includes(`/t/${world.slug}/notices/${noticeId}`));
    assert.doesNotMatch(mail!.body_text, ISO, 'dates are written for people');
    assert.match(mail!.list_unsubscribe ?? '', /\/alerts\/unsubscribe\?search=[0-9a-f-]{36}&token=[\w-]{43}$/);
    // The searches that did not ask for immediate alerts, or do not match, wrote nothing.
    assert.equal((await alertsTo(daily.email)).length, 0);
    assert.equal((await alertsTo(narrow.email)).length, 0);

    // The same event again (a retried job under another id) sends nothing more.
    await runJob('notice-alerts', { noticeId, addendumId: null }, jobId('alerts-again', world.slug, noticeId));
    assert.equal((await alertsTo(demoSupplier())).length, 1);
  });

  it('writes again when the notice gets an addendum', async () => {
    await request(world.app)
      .post(api(`/notices/${noticeId}/addenda`))
      .set(world.officer)
      .send({ summary: 'The delivery address is the ministry’s new building.' })
      .expect(201);
    await until(async () => (await alertsTo(demoSupplier())).length === 2, 30_000);
    const addendum = (await alertsTo(demoSupplier()))[1]!;
    assert.ok(addendum.body_text.includes('The delivery address is the ministry’s new building.'));
    assert.equal((await alertsTo(narrow.email)).length, 0);
  });

  it('sends the morning digest once, with the new notice and not its addendum again', async () => {
    await world.setClock('2026-09-02T03:00:00Z');
    await runJob('alerts-digest', {}, jobId('digest-test', world.slug, 1));
    const [digest, ...more] = await alertsTo(daily.email);
    assert.equal(more.length, 0);
    assert.ok(digest!.body_text.includes(noticeNo.replace(/-\d{3}$/, '')), 'the notice is listed');
    assert.ok(digest!.body_text.includes(`/notices/${noticeId}`));
    assert.doesNotMatch(digest!.body_text, /addendum 1/i);
    assert.doesNotMatch(digest!.body_text, ISO);
    // The demo supplier asked for both: its digest lists the notice too.
    assert.equal((await alertsTo(demoSupplier())).length, 3);
    assert.equal((await alertsTo(narrow.email)).length, 0);

    await runJob('alerts-digest', {}, jobId('digest-test', world.slug, 2));
    assert.equal((await alertsTo(daily.email)).length, 1, 'nothing new: no second digest');
  });

  it('stops a search’s alerts with the link in the mail, without signing in', async () => {
    const link = new URL((await alertsTo(daily.email))[0]!.list_unsubscribe!);
    const path = link.pathname + link.search;
    const anonymous = request.agent(world.app);
    const confirm = await anonymous.get(`${path}&lng=en`).expect(200);
    assert.match(confirm.text, /Stop the e-mail alerts of the saved search “Goods, daily”\?/);
    // Another language keeps the link's search and token.
    const arabic = /href="([^"]*)"[^>]*hreflang="ar"/
      .exec(confirm.text)?.[1]
      ?.replace(/&amp;/g, '&')
      .replace(/&#x3D;/g, '=');
    assert.equal(arabic, `${link.search}&lng=ar`);
    await anonymous.get(path.replace(/token=[\w-]{4}/, 'token=AAAA')).expect(404);
    // A mail program's one-click POST (RFC 8058): no session, no CSRF token.
    await request(world.app).post(path).type('form').send('List-Unsubscribe=One-Click').expect(200);
    const search = await inTenant(world.tenant, (tx) =>
      tx('saved_searches').where({ name: 'Goods, daily' }).first<{ frequency: string }>('frequency'),
    );
    assert.equal(search?.frequency, 'off');
    const again = await anonymous.get(`${path}&lng=en`).expect(200);
    assert.match(again.text, /were stopped already/);
    const audit = await inTenant(world.tenant, (tx) =>
      tx('audit_entries').where({ action: 'alert.unsubscribed' }).first<{ actor_label: string }>('actor_label'),
    );
    assert.equal(audit?.actor_label, daily.email);

    // A new matching notice no longer reaches the stopped search.
    const second = await buildNotice(world, {
      state: 'open',
      fields: {
        title_ckb: 'کڕینی کورسی نووسینگە',
        estimatedPrice: 40_000_000,
        bidSecurityPercent: 2,
        submissionDeadline: '2026-10-05T10:00',
        openingAt: '2026-10-05T10:30',
      },
    });
    await until(async () => (await alertsTo(demoSupplier())).length === 4, 30_000);
    await world.setClock('2026-09-03T03:00:00Z');
    await runJob('alerts-digest', {}, jobId('digest-test', world.slug, 3));
    assert.equal((await alertsTo(daily.email)).length, 1);
    const digests = (await alertsTo(demoSupplier())).filter((m) => m.body_text.includes(`/notices/${second.id}`));
    assert.equal(digests.length, 2, 'the demo supplier got the immediate alert and the digest');
  });
});
