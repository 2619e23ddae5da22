import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { testPlatform, type TestPlatform } from '../support/platform.js';
import { csrfFrom, signIn, type Agent } from '../support/session.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const PASSWORD = 'river-lantern-copper-77';

describe('supplier registration', () => {
  let platform: TestPlatform;
  let app: Express;
  let slug: string;
  let other: string;
  before(async () => {
    // Ten registrations from one address: more than the production limit (request-limits.test.ts).
    platform = await testPlatform({ env: { RATE_LIMITS: 'supplier-registration=100/3600' } });
    slug = (await platform.createTenant('vietnam', { demo: true })).slug;
    other = (await platform.createTenant('kurdistan', { demo: true })).slug;
    app = await platform.app();
  });
  after(() => platform.close());

  // One session for the file: a third sign-in within 30 s would wait for the next TOTP window.
  let adminSession: Promise<Agent> | undefined;
  const tenantAdmin = () => (adminSession ??= signIn(app, slug, `tenant-admin@${slug}.demo`));

  const fields = (n: string) => ({
    legal_name_vi: `Công ty TNHH Xây dựng ${n}`,
    legal_name_en: `Construction ${n} Co., Ltd.`,
    registration_no: `0312-${n}`,
    tax_id: `TX-${n}`,
    representative: 'Nguyễn Văn An',
    address: '12 Lê Lợi, Quận 1, TP. Hồ Chí Minh',
    contact_phone: '+84 28 3822 0000',
    name: 'Trần Thị Bình',
    email: `binh-${n}@example.vn`,
    password: PASSWORD,
    pledge: '1',
  });

  async function submit(
    agent: Agent,
    values: Record<string, string>,
    files: { name: string; content: Buffer }[] = [{ name: 'certificate.pdf', content: PDF }],
    categories = ['works', 'goods'],
  ) {
    // Messages are asserted in English, one of the tenant's languages.
    const form = await agent.get(`/t/${slug}/register`).set('Accept-Language', 'en').expect(200);
    let req = agent.post(`/t/${slug}/register`).set('Accept-Language', 'en').field('_csrf', csrfFrom(form.text));
    for (const [k, v] of Object.entries(values)) req = req.field(k, v);
    for (const c of categories) req = req.field('categories', c);
    for (const f of files) req = req.attach('documents', f.content, f.name);
    return req;
  }

  function expectStatus(res: request.Response, status: number): request.Response {
    assert.equal(res.status, status, res.text.slice(0, 300));
    return res;
  }

  /** Waits for an e-mail to `address` (whose body matches `pattern`) to be delivered by the worker. */
  async function mailTo(address: string, pattern = /./): Promise<string> {
    const services = await platform.services();
    const tenant = (await services.tenancy.resolve(slug))!;
    for (let i = 0; i < 100; i++) {
      const rows = await inTenant(tenant, (tx) =>
        tx('outbound_emails').where({ recipient: address }).whereNotNull('sent_at').pluck('body_text'),
      );
      const found = (rows as string[]).find((body) => pattern.test(body));
      if (found) return found;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no e-mail matching ${pattern} delivered to ${address}`);
  }

  it('signs a supplier up, verifies the e-mail from the outbox, gets it approved, and lets it sign in only here', async () => {
    const values = fields('a1');
    const done = expectStatus(await submit(request.agent(app), values), 200);
    assert.match(done.text, /Thank you/);

    // Not before the e-mail is confirmed.
    const early = request.agent(app);
    const page = await early.get(`/t/${slug}/login`);
    await early
      .post(`/t/${slug}/login`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: values.email, password: PASSWORD })
      .expect(401);

    await mailTo(values.email);
    // The local outbox is the tenant administrator's (a trainer's), never the public's.
    await request(app).get(`/t/${slug}/outbox`).expect(302);
    const outbox = await (await tenantAdmin()).get(`/t/${slug}/outbox`).expect(200);
    const link = /href="(https?:\/\/[^"]+\/verify-email\?token&#x3D;[A-Za-z0-9_-]+)"/
      .exec(outbox.text)?.[1]
      ?.replace('&#x3D;', '=');
    assert.ok(link, 'the verification link is on the outbox page');
    await request(app)
      .get(new URL(link).pathname + new URL(link).search)
      .expect(200);

    const supplier = await signIn(app, slug, values.email, { password: PASSWORD });
    const pending = await supplier.get(`/t/${slug}/supplier?lng=en`).expect(200);
    assert.match(pending.text, /Awaiting approval/);
    assert.match(pending.text, /may not bid until its registration is approved/);

    const admin = await tenantAdmin();
    const list = await admin.get(`/t/${slug}/admin/suppliers`).expect(200);
    const id = new RegExp(`/t/${slug}/admin/suppliers/([0-9a-f-]{36})`).exec(list.text)?.[1];
    assert.ok(id);
    const detail = await admin.get(`/t/${slug}/admin/suppliers/${id}`).expect(200);
    assert.match(detail.text, /certificate\.pdf/);
    await admin
      .post(`/t/${slug}/admin/suppliers/${id}/approve`)
      .type('form')
      .send({ _csrf: csrfFrom(detail.text) })
      .expect(303);
    // The validity date spelled out in the recipient's language, never as YYYY-MM-DD.
    const approval = await mailTo(values.email, /is valid until|có hiệu lực đến/);
    assert.doesNotMatch(approval, /2\d{3}-\d{2}-\d{2}/);

    const approved = await supplier.get(`/t/${slug}/supplier?lng=en`).expect(200);
    assert.match(approved.text, /Approved/);
    assert.match(approved.text, /may submit bids/);
    // Valid for the period of the rule: 24 months in vietnam's config.
    const validUntil = await inTenant((await platform.tenancy.resolve(slug))!, (tx) =>
      tx('suppliers').where({ id }).first<{ valid_until: Date; decided_at: Date }>('valid_until', 'decided_at'),
    );
    const months =
      (validUntil.valid_until.getUTCFullYear() - validUntil.decided_at.getUTCFullYear()) * 12 +
      validUntil.valid_until.getUTCMonth() -
      validUntil.decided_at.getUTCMonth();
    assert.equal(months, 24);

    const elsewhere = request.agent(app);
    const otherForm = await elsewhere.get(`/t/${other}/login`);
    await elsewhere
      .post(`/t/${other}/login`)
      .type('form')
      .send({ _csrf: csrfFrom(otherForm.text), email: values.email, password: PASSWORD })
      .expect(401);
  });

  it('refuses a duplicate registration number with a field error and keeps what was typed', async () => {
    expectStatus(await submit(request.agent(app), fields('b1')), 200);
    const again = expectStatus(await submit(request.agent(app), { ...fields('b2'), registration_no: '0312-b1' }), 422);
    assert.match(again.text, /already registered here/);
    assert.match(again.text, /value="binh-b2@example.vn"/);
  });

  it('explains each invalid field and keeps the form', async () => {
    const res = expectStatus(
      await submit(
        request.agent(app),
        { ...fields('c1'), contact_phone: 'call me', pledge: '', password: 'short' },
        [],
        [],
      ),
      422,
    );
    const errors = [...res.text.matchAll(/class="field-error">([^<]+)</g)].map((m) => m[1]);
    assert.ok(errors.length >= 3, `field errors: ${errors.join(' | ')}`);
    assert.match(res.text, /value="Trần Thị Bình"/);
  });

  it('refuses an oversized or wrong-type upload and stores nothing', async () => {
    const count = async () =>
      inTenant((await platform.tenancy.resolve(slug))!, async (tx) =>
        Number((await tx('suppliers').count<{ c: string }[]>('* as c'))[0]!.c),
      );
    const before = await count();
    expectStatus(
      await submit(request.agent(app), fields('d1'), [
        { name: 'big.pdf', content: Buffer.concat([PDF, Buffer.alloc(6 * 1024 * 1024)]) },
      ]),
      413,
    );
    expectStatus(
      await submit(request.agent(app), fields('d2'), [
        { name: 'script.pdf', content: Buffer.from('#!/bin/sh\necho not a pdf\n') },
      ]),
      415,
    );
    assert.equal(await count(), before);
  });

  it('does not reveal that an e-mail address already has an account', async () => {
    const res = expectStatus(await submit(request.agent(app), { ...fields('e1'), email: `officer@${slug}.demo` }), 200);
    assert.match(res.text, /Thank you/);
    await mailTo(`officer@${slug}.demo`, /password\/forgot/);
  });

  it('debars a supplier: it can sign in and read, and is told why and until when it cannot bid', async () => {
    const values = fields('f1');
    expectStatus(await submit(request.agent(app), values), 200);
    const tenant = (await platform.tenancy.resolve(slug))!;
    await inTenant(tenant, (tx) =>
      tx('users')
        .where({ email: values.email })
        .update({ email_verified_at: tx.raw('app_now()') }),
    );
    const id = await inTenant(
      tenant,
      async (tx) =>
        (await tx('suppliers').where({ registration_no: values.registration_no }).first<{ id: string }>('id')).id,
    );
    const admin = await tenantAdmin();
    const detail = await admin.get(`/t/${slug}/admin/suppliers/${id}`).expect(200);
    await admin
      .post(`/t/${slug}/admin/suppliers/${id}/approve`)
      .type('form')
      .send({ _csrf: csrfFrom(detail.text) })
      .expect(303);
    const detail2 = await admin.get(`/t/${slug}/admin/suppliers/${id}`).expect(200);
    await admin
      .post(`/t/${slug}/admin/suppliers/${id}/debar`)
      .type('form')
      .send({ _csrf: csrfFrom(detail2.text), until: '2099-05-31', reason: 'Falsified experience certificates' })
      .expect(303);
    const supplier = await signIn(app, slug, values.email, { password: PASSWORD });
    const page = await supplier.get(`/t/${slug}/supplier?lng=en`).expect(200);
    assert.match(page.text, /debarred until May 31, 2099 and may not bid\. Reason: Falsified experience certificates/);
    const entries = await inTenant(tenant, (tx) =>
      tx('audit_entries').where({ target_id: id }).orderBy('seq').pluck('action'),
    );
    assert.deepEqual(entries, ['supplier.registered', 'supplier.approved', 'supplier.debarred']);
  });

  it('sends a change of legal identity back to approval', async () => {
    const values = fields('g1');
    expectStatus(await submit(request.agent(app), values), 200);
    const tenant = (await platform.tenancy.resolve(slug))!;
    await inTenant(tenant, async (tx) => {
      await tx('users')
        .where({ email: values.email })
        .update({ email_verified_at: tx.raw('app_now()') });
      await tx('suppliers')
        .where({ registration_no: values.registration_no })
        .update({ status: 'approved', valid_until: tx.raw(`app_now() + interval '1 year'`) });
    });
    const supplier = await signIn(app, slug, values.email, { password: PASSWORD });
    const page = await supplier.get(`/t/${slug}/supplier`).expect(200);
    await supplier
      .post(`/t/${slug}/supplier/identity`)
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        legal_name_vi: 'Công ty Cổ phần Mới g1',
        legal_name_en: values.legal_name_en,
        registration_no: values.registration_no,
        representative: values.representative,
      })
      .expect(200);
    const status = await inTenant(
      tenant,
      async (tx) =>
        (await tx('suppliers').where({ registration_no: values.registration_no }).first<{ status: string }>('status'))
          .status,
    );
    assert.equal(status, 'pending');
  });

  it('renews a registration from the end of its current validity and plans the next reminder', async () => {
    const values = fields('h1');
    expectStatus(await submit(request.agent(app), values), 200);
    const tenant = (await platform.tenancy.resolve(slug))!;
    await inTenant(tenant, (tx) =>
      tx('users')
        .where({ email: values.email })
        .update({ email_verified_at: tx.raw('app_now()') }),
    );
    const id = await inTenant(
      tenant,
      async (tx) =>
        (await tx('suppliers').where({ registration_no: values.registration_no }).first<{ id: string }>('id')).id,
    );
    const admin = await tenantAdmin();
    const detail = await admin.get(`/t/${slug}/admin/suppliers/${id}`).expect(200);
    await admin
      .post(`/t/${slug}/admin/suppliers/${id}/approve`)
      .type('form')
      .send({ _csrf: csrfFrom(detail.text) })
      .expect(303);
    const first = await inTenant(
      tenant,
      async (tx) => (await tx('suppliers').where({ id }).first<{ valid_until: Date }>('valid_until')).valid_until,
    );

    const supplier = await signIn(app, slug, values.email, { password: PASSWORD });
    const own = await supplier.get(`/t/${slug}/supplier?lng=en`).expect(200);
    assert.match(own.text, /Request the renewal/);
    assert.match(own.text, /href="\/t\/[a-z0-9]+\/supplier">Your company</);
    await supplier
      .post(`/t/${slug}/supplier/renew`)
      .type('form')
      .send({ _csrf: csrfFrom(own.text) })
      .expect(200);

    const queue = await admin.get(`/t/${slug}/admin/suppliers?status=renewal`).expect(200);
    assert.match(queue.text, new RegExp(id));
    const again = await admin.get(`/t/${slug}/admin/suppliers/${id}`).expect(200);
    await admin
      .post(`/t/${slug}/admin/suppliers/${id}/approve-renewal`)
      .type('form')
      .send({ _csrf: csrfFrom(again.text) })
      .expect(303);
    const renewed = await inTenant(
      tenant,
      async (tx) =>
        await tx('suppliers').where({ id }).first<{ valid_until: Date; renewal_requested_at: Date | null }>(),
    );
    const months =
      (renewed.valid_until.getUTCFullYear() - first.getUTCFullYear()) * 12 +
      renewed.valid_until.getUTCMonth() -
      first.getUTCMonth();
    assert.equal(months, 24);
    assert.equal(renewed.renewal_requested_at, null);
    const planned = await inTenant(tenant, (tx) =>
      tx('job_outbox').where({ name: 'renewal-reminder' }).whereRaw("payload->>'supplierId' = ?", [id]).pluck('job_id'),
    );
    assert.equal(planned.length, 2, 'a reminder for each validity');
  });

  it('keeps supplier pages from officers and the admin desk from suppliers', async () => {
    const officer = await signIn(app, slug, `officer@${slug}.demo`);
    await officer.get(`/t/${slug}/admin/suppliers`).expect(403);
    const supplier = await signIn(app, slug, `supplier@${slug}.demo`);
    await supplier.get(`/t/${slug}/admin/suppliers`).expect(403);
  });
});
