import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import type { TenantHandle } from '../../server/tenancy/tenant-handle.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, demoEmail } from '../../server/tenancy/seed.js';
import { testPlatform, uniqueSlug, type TestPlatform } from '../support/platform.js';
import { csrfFrom, staffSignIn, type Agent } from '../support/session.js';

interface Row {
  id: string;
  slug: string;
  language: string;
  title: string;
}

describe('the call center knowledge base', () => {
  let platform: TestPlatform;
  let app: Express;
  let vietnam: TenantHandle;
  let kurdistan: TenantHandle;
  let agent: Agent;
  let agentId: string;
  const agentEmail = `${uniqueSlug('agent')}@platform.test`;

  const articles = (tenant: TenantHandle) =>
    inTenant(tenant, (tx) =>
      tx<Row>('knowledge_articles').orderBy(['slug', 'language']).select('id', 'slug', 'language', 'title'),
    );
  const article = async (tenant: TenantHandle, slug: string, language: string) =>
    (await articles(tenant)).find((a) => a.slug === slug && a.language === language)!;

  /** A ticket opened for the demo supplier user, in their language, assigned to the agent. */
  async function openTicketFor(language: string): Promise<{ id: string; ticket_no: string }> {
    return inTenant(vietnam, async (tx) => {
      const user = await tx('users')
        .where({ email: demoEmail(vietnam.slug, 'supplier') })
        .first<{ id: string; display_name: string }>('id', 'display_name');
      const [ticket] = await tx('support_tickets')
        .insert({
          ticket_no: `T-${uniqueSlug('')}`,
          caller_name: user.display_name,
          caller_contact: '+84 000 000',
          caller_user_id: user.id,
          language,
          topic: 'second-factor',
          assigned_staff_id: agentId,
          assigned_staff_label: agentEmail,
          assigned_staff_language: 'en',
          opened_by_staff_id: agentId,
        })
        .returning<{ id: string; ticket_no: string }[]>(['id', 'ticket_no']);
      return ticket!;
    });
  }

  before(async () => {
    platform = await testPlatform();
    vietnam = (await platform.tenancy.resolve((await platform.createTenant('vietnam', { demo: true })).slug))!;
    kurdistan = (await platform.tenancy.resolve((await platform.createTenant('kurdistan', { demo: true })).slug))!;
    app = await platform.app();
    const services = await platform.services();
    agentId = await services.staff.upsert({
      email: agentEmail,
      name: 'Knowledge Agent',
      role: 'agent',
      password: DEMO_PASSWORD,
      totpSecret: DEMO_TOTP_SECRET,
      grants: [vietnam.slug],
    });
    // One sign-in for the whole file: a staff account may sign in at most twice per 30 s.
    agent = await staffSignIn(app, agentEmail);
  });
  after(() => platform.close());

  it("seeds the shipped articles in the tenant's languages only", async () => {
    const seeded = await articles(vietnam);
    assert.deepEqual([...new Set(seeded.map((a) => a.language))].sort(), ['en', 'vi']);
    assert.equal(seeded.length, 8);
    const kurdish = await articles(kurdistan);
    assert.deepEqual([...new Set(kurdish.map((a) => a.language))].sort(), ['ar', 'ckb', 'en']);
  });

  it('lists the articles of a granted tenant in each of its languages', async () => {
    const vi = await agent.get(`/platform/knowledge?tenant=${vietnam.slug}&language=vi&lng=en`).expect(200);
    assert.match(vi.text, /Tôi bị mất ứng dụng xác thực/);
    assert.match(vi.text, /Gia hạn đăng ký nhà thầu/);
    assert.doesNotMatch(vi.text, /I lost my authenticator/);
    // Topics in words, in the reader's language, and the tenant by its name.
    assert.match(vi.text, /<td>Two-step verification<\/td>/);
    assert.doesNotMatch(vi.text, /second-factor/);
    const en = await agent.get(`/platform/knowledge?tenant=${vietnam.slug}&language=en&lng=en`).expect(200);
    for (const title of [
      'My bid will not go through before the deadline',
      'I lost my authenticator',
      'Renewing a supplier registration',
      'Finding a notice and its addenda',
    ])
      assert.ok(en.text.includes(title), title);
    assert.doesNotMatch(en.text, /Tôi bị mất/);
    // The tenant select offers the granted tenant only, by name.
    assert.doesNotMatch(en.text, new RegExp(`value="${kurdistan.slug}"`));
    assert.doesNotMatch(en.text, new RegExp(`>${vietnam.slug}</option>`));
  });

  it('finds an article by a word of its text, in Vietnamese and in English', async () => {
    const vi = await agent
      .get(`/platform/knowledge?tenant=${vietnam.slug}&language=vi&q=${encodeURIComponent('khôi phục')}&lng=en`)
      .expect(200);
    assert.match(vi.text, /Tôi bị mất ứng dụng xác thực/);
    assert.doesNotMatch(vi.text, /Gia hạn đăng ký nhà thầu/);
    assert.match(vi.text, /Articles found: 1/);
    const en = await agent.get(`/platform/knowledge?tenant=${vietnam.slug}&q=recovery&lng=en`).expect(200);
    assert.match(en.text, /I lost my authenticator/);
    assert.match(en.text, /Articles found: 1/);
    // A word written inside another (Korean particles, Khmer without spaces) is found by its character pairs.
    const part = await agent.get(`/platform/knowledge?tenant=${vietnam.slug}&q=authenticat&lng=en`).expect(200);
    assert.match(part.text, /I lost my authenticator/);
  });

  it('answers 404 for a tenant not granted, with its real article ids too', async () => {
    const foreign = await article(kurdistan, 'lost-authenticator', 'ckb');
    await agent.get(`/platform/knowledge?tenant=${kurdistan.slug}`).expect(404);
    await agent.get(`/platform/knowledge/${kurdistan.slug}/${foreign.id}`).expect(404);
    await agent.get(`/platform/knowledge/${kurdistan.slug}/${foreign.id}/edit`).expect(404);
    await agent.get(`/platform/knowledge/${kurdistan.slug}/new`).expect(404);
    // The foreign article through the granted tenant's address is not found either.
    await agent.get(`/platform/knowledge/${vietnam.slug}/${foreign.id}`).expect(404);
    const own = await article(vietnam, 'lost-authenticator', 'vi');
    const page = await agent.get(`/platform/knowledge/${vietnam.slug}/${own.id}`).expect(200);
    const csrf = csrfFrom(page.text);
    const ticket = await openTicketFor('vi');
    await agent
      .post(`/platform/knowledge/${kurdistan.slug}/${foreign.id}/send`)
      .type('form')
      .send({ _csrf: csrf, ticket: ticket.id })
      .expect(404);
    await agent
      .post(`/platform/knowledge/${vietnam.slug}/${foreign.id}/send`)
      .type('form')
      .send({ _csrf: csrf, ticket: ticket.id })
      .expect(404);
  });

  it("sends an article in the caller's language to the caller's own address, with a ticket entry and an audit entry", async () => {
    const english = await article(vietnam, 'lost-authenticator', 'en');
    const ticket = await openTicketFor('vi');
    const page = await agent
      .get(`/platform/knowledge/${vietnam.slug}/${english.id}?ticket=${ticket.id}&lng=en`)
      .expect(200);
    assert.match(page.text, /I lost my authenticator/);
    assert.match(page.text, new RegExp(`name="ticket" value="${ticket.id}"`));
    assert.match(page.text, /Tiếng Việt/);
    const sent = await agent
      .post(`/platform/knowledge/${vietnam.slug}/${english.id}/send`)
      .type('form')
      // An address typed on the call is never used.
      .send({ _csrf: csrfFrom(page.text), ticket: ticket.id, to: 'someone@elsewhere.example' })
      .expect(303);
    const done = await agent.get(`${sent.headers.location}&lng=en`).expect(200);
    assert.match(done.text, /Sent by e-mail to the caller of ticket/);

    const { emails, entries, audit } = await inTenant(vietnam, async (tx) => ({
      emails: await tx('outbound_emails')
        .where('body_text', 'like', '%khôi phục%')
        .select<{ recipient: string; locale: string; subject: string; body_text: string }[]>(
          'recipient',
          'locale',
          'subject',
          'body_text',
        ),
      entries: await tx('support_ticket_entries')
        .where({ ticket_id: ticket.id })
        .select<{ kind: string; staff_id: string; details: Record<string, string> }[]>('kind', 'staff_id', 'details'),
      audit: await tx('audit_entries')
        .where({ action: 'callcenter.article-sent' })
        .select<{ actor_label: string; summary: Record<string, string> }[]>('actor_label', 'summary'),
    }));
    assert.equal(emails.length, 1);
    assert.equal(emails[0]!.recipient, demoEmail(vietnam.slug, 'supplier'));
    assert.equal(emails[0]!.locale, 'vi');
    assert.match(emails[0]!.subject, /Tôi bị mất ứng dụng xác thực/);
    assert.match(emails[0]!.body_text, new RegExp(ticket.ticket_no));
    assert.match(emails[0]!.body_text, /1\. Đăng nhập bằng địa chỉ thư điện tử/);
    // Terms substituted, Markdown read as text.
    assert.match(emails[0]!.body_text, /Khi Xác thực hai bước được bật/);
    assert.doesNotMatch(emails[0]!.body_text, /\{\{|\*\*|##/);
    assert.deepEqual(
      entries.map((e) => [e.kind, e.staff_id, e.details.article, e.details.language]),
      [['article-sent', agentId, 'lost-authenticator', 'vi']],
    );
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.actor_label, agentEmail);
    assert.deepEqual(audit[0]!.summary, { ticket: ticket.ticket_no, article: 'lost-authenticator', language: 'vi' });
  });

  it('writes an article, shows its Markdown with a <script> as text, and refuses to send it untranslated', async () => {
    const form = await agent.get(`/platform/knowledge/${vietnam.slug}/new?lng=en`).expect(200);
    const saved = await agent
      .post(`/platform/knowledge/${vietnam.slug}/new`)
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        title: 'Thanh toán hóa đơn',
        topic: 'contract-payment',
        language: 'vi',
        body: 'Mở **{{term:common:nav_notices}}**.\n\n<script>alert(1)</script> [x](javascript:alert(2))',
        translationOf: '',
      })
      .expect(303);
    assert.match(saved.headers.location!, /\/edit\?saved=1$/);
    const edit = await agent.get(`${saved.headers.location}&lng=en`).expect(200);
    assert.match(edit.text, /The article has been saved/);
    const id = /\/knowledge\/[^/]+\/([0-9a-f-]{36})\/edit/.exec(saved.headers.location!)![1]!;
    const page = await agent.get(`/platform/knowledge/${vietnam.slug}/${id}?lng=en`).expect(200);
    assert.match(page.text, /Mở <strong>Thông báo mời thầu<\/strong>\./);
    assert.match(page.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(page.text, /<script>alert/);
    assert.doesNotMatch(page.text, /href="javascript:/i);
    const audit = await inTenant(vietnam, (tx) =>
      tx('audit_entries')
        .where({ action: 'knowledge.article-saved' })
        .first<{ summary: { article: string; language: string; created: boolean } }>('summary'),
    );
    assert.deepEqual(audit?.summary, {
      article: 'thanh-toan-hoa-don',
      language: 'vi',
      title: 'Thanh toán hóa đơn',
      created: true,
    });

    // An English-speaking caller: the article has no English translation yet.
    const ticket = await openTicketFor('en');
    const refused = await agent
      .post(`/platform/knowledge/${vietnam.slug}/${id}/send?lng=en`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), ticket: ticket.id })
      .expect(422);
    assert.match(refused.text, /This article is not written in the caller&#x27;s language/);
    const mails = await inTenant(vietnam, (tx) => tx('outbound_emails').where('subject', 'like', '%Thanh toán%'));
    assert.equal(mails.length, 0);
  });

  it('shows a refused search again with its message (422)', async () => {
    const res = await agent.get(`/platform/knowledge?tenant=${vietnam.slug}&q=${'x'.repeat(201)}&lng=en`).expect(422);
    assert.match(res.text, /Enter at most 200 characters/);
    assert.match(res.text, /value="x{201}"/);
  });

  it('shows a refused article form again with its messages (422)', async () => {
    const form = await agent.get(`/platform/knowledge/${vietnam.slug}/new?lng=en`).expect(200);
    const csrf = csrfFrom(form.text);
    const empty = await agent
      .post(`/platform/knowledge/${vietnam.slug}/new?lng=en`)
      .type('form')
      .send({ _csrf: csrf, title: '', topic: 'nothing', language: 'vi', body: '' })
      .expect(422);
    assert.match(empty.text, /Some of the information is missing or not valid/);
    assert.match(empty.text, /Choose a topic\./);
    assert.match(empty.text, /Enter at least 3 characters|This field is required/);
    const tenantRefusal = await agent
      .post(`/platform/knowledge/${vietnam.slug}/new?lng=en`)
      .type('form')
      .send({ _csrf: csrf, title: 'Kurdish article', topic: 'other', language: 'ckb', body: 'Text' })
      .expect(422);
    assert.match(tenantRefusal.text, /This procurement system does not offer this language/);
    // What was typed is kept.
    assert.match(tenantRefusal.text, /value="Kurdish article"/);
    const badTerm = await agent
      .post(`/platform/knowledge/${vietnam.slug}/new?lng=en`)
      .type('form')
      .send({ _csrf: csrf, title: 'Terms', topic: 'other', language: 'en', body: 'See {{term:common:nav_notice}}' })
      .expect(422);
    assert.match(badTerm.text, /These references name no word of the screens: common:nav_notice/);
    const taken = await article(vietnam, 'lost-authenticator', 'vi');
    const english = await article(vietnam, 'lost-authenticator', 'en');
    await agent
      .post(`/platform/knowledge/${vietnam.slug}/${english.id}/edit?lng=en`)
      .type('form')
      .send({ _csrf: csrf, title: english.title, topic: 'second-factor', language: 'vi', body: 'Text' })
      .expect(422)
      .expect(/This article is already written in this language/);
    assert.equal((await article(vietnam, 'lost-authenticator', 'vi')).title, taken.title);
  });

  it('keeps the knowledge base from anonymous visitors', async () => {
    const res = await request(app).get('/platform/knowledge').expect(302);
    assert.equal(res.headers.location, '/platform/login');
  });
});
