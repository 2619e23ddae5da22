import assert from 'node:assert/strict';
import request from 'supertest';
import { followUpJob } from '../../server/callcenter/follow-up-job.js';
import { formatDateTime } from '../../server/i18n/format.js';
import { issueApiToken } from '../../server/identity/api-tokens.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../server/tenancy/seed.js';
import { buildNotice, buildTenant, type BuiltNotice, type TenderWorld } from '../support/factories.js';
import { uniqueSlug } from '../support/platform.js';
import { csrfFrom, signIn, staffSignIn, type Agent } from '../support/session.js';

/** Another tenant on the world's platform and clock, with its demo officer signed in by token. */
async function neighbour(world: TenderWorld, template: string): Promise<TenderWorld> {
  const slug = (await world.platform.createTenant(template, { demo: true })).slug;
  const tenant = (await world.platform.tenancy.resolve(slug))!;
  const officer = await inTenant(tenant, async (tx) => {
    const user = await tx('users')
      .where({ email: `officer@${slug}.demo` })
      .first<{ id: string }>('id');
    return { Authorization: `Bearer ${(await issueApiToken(tx, user.id)).token}` };
  });
  return { ...world, slug, tenant, officer };
}

const PRICE_VN = 87_654_321;
const PRICE_KRD = 76_543_219;

describe('the call-center console', () => {
  let vietnam: TenderWorld;
  let kurdistan: TenderWorld;
  let korea: TenderWorld;
  let vnNotice: BuiltNotice;
  let krdNotice: BuiltNotice;
  let agent: Agent;
  const agentEmail = `${uniqueSlug('agent')}@platform.test`;

  before(async () => {
    vietnam = await buildTenant('vietnam', { at: '2026-12-07T02:00:00Z' });
    kurdistan = await neighbour(vietnam, 'kurdistan');
    korea = await neighbour(vietnam, 'korea');
    const dates = { submissionDeadline: '2027-01-05T10:00', openingAt: '2027-01-05T10:30' };
    vnNotice = await buildNotice(vietnam, { state: 'open', fields: dates, bids: [PRICE_VN] });
    krdNotice = await buildNotice(kurdistan, { state: 'open', fields: dates, bids: [PRICE_KRD] });
    const services = await vietnam.platform.services();
    await services.staff.upsert({
      email: agentEmail,
      name: 'Agent Kim',
      role: 'agent',
      password: DEMO_PASSWORD,
      totpSecret: DEMO_TOTP_SECRET,
      grants: [vietnam.slug, kurdistan.slug],
      timeZone: 'Asia/Seoul',
    });
    agent = await staffSignIn(vietnam.app, agentEmail);
  });
  after(() => vietnam.platform.close());

  const auditOf = (world: TenderWorld, action: string) =>
    inTenant(world.tenant, (tx) =>
      tx('audit_entries')
        .where({ action })
        .orderBy('seq')
        .select<{ actor_type: string; actor_label: string; summary: Record<string, unknown>; target_id: string }[]>(),
    );

  /** A call about a vietnam account: its ticket opened, the account's page and its form token. */
  async function callAbout(email: string, topic: string) {
    const userId = await inTenant(vietnam.tenant, async (tx) =>
      String((await tx('users').where({ email }).first<{ id: string }>('id')).id),
    );
    const form = await agent.get(`/platform/tickets/new?tenant=${vietnam.slug}&user=${userId}`).expect(200);
    const opened = await agent
      .post('/platform/tickets')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), tenant: vietnam.slug, userId, callerName: 'Caller', language: 'vi', topic })
      .expect(303);
    const ticketId = String(opened.headers.location).split('/').pop()!;
    const accountPath = `/platform/console/${vietnam.slug}/accounts/${userId}`;
    const page = await agent.get(`${accountPath}?ticket=${ticketId}&lng=en`).expect(200);
    const csrf = csrfFrom(page.text);
    const passCheck = () =>
      agent
        .post(`${accountPath}/identity-check`)
        .type('form')
        .send({ _csrf: csrf, ticketId, answered: ['account-email', 'full-name'] })
        .expect(303);
    return { userId, ticketId, accountPath, page: page.text, csrf, passCheck };
  }

  it('finds a Vietnamese bid receipt by its number and tells its state and deadline in Korean, in both zones', async () => {
    const receipt = vnNotice.bids[0]!.receiptNo;
    const page = await agent.get(`/platform/console?q=${encodeURIComponent(receipt)}&lng=ko`).expect(200);
    assert.match(page.text, new RegExp(receipt));
    assert.match(page.text, /<html lang="ko"/);
    const deadline = await inTenant(vietnam.tenant, (tx) =>
      tx('notices').where({ id: vnNotice.id }).first<{ submission_deadline: Date }>('submission_deadline'),
    );
    // The caller's time (Viet Nam) and the agent's (Seoul), both written in Korean.
    const caller = formatDateTime(deadline.submission_deadline, 'ko', 'Asia/Ho_Chi_Minh', 'latn');
    const own = formatDateTime(deadline.submission_deadline, 'ko', 'Asia/Seoul', 'latn');
    assert.notEqual(caller, own);
    assert.ok(page.text.includes(caller), 'the deadline in the caller’s zone');
    assert.ok(page.text.includes(own), 'the deadline in the agent’s zone');
    // The status and what the caller can do next, as Korean sentences: no codes.
    const ko = (await vietnam.platform.services()).i18n.getFixedT('ko', 'bids');
    assert.ok(page.text.includes(ko('status_current')));
    assert.doesNotMatch(page.text, />current</);
    // No sealed price, whatever its writing.
    for (const written of [String(PRICE_VN), PRICE_VN.toLocaleString('en'), PRICE_VN.toLocaleString('vi')])
      assert.ok(!page.text.includes(written), `no ${written}`);
    const [entry] = (await auditOf(vietnam, 'callcenter.search')).filter((e) => e.summary.query === receipt);
    assert.equal(entry?.actor_type, 'platform');
    assert.equal(entry?.actor_label, agentEmail);
  });

  it('finds a notice by its number with any revision suffix, a company by registration number, phone or a name in Arabic script', async () => {
    const base = vnNotice.noticeNo!.split('-')[0]!;
    for (const q of [base, `${base}-007`, vnNotice.noticeNo!]) {
      const page = await agent.get(`/platform/console?q=${encodeURIComponent(q)}&lng=en`).expect(200);
      assert.ok(page.text.includes(vnNotice.noticeNo!), q);
    }
    const vnSupplier = vnNotice.bids[0]!.bidder;
    const byRegistration = await agent.get(`/platform/console?q=${vnSupplier.registrationNo}&lng=en`).expect(200);
    assert.ok(byRegistration.text.includes(`/platform/console/${vietnam.slug}/suppliers/${vnSupplier.supplierId}`));
    const byEmail = await agent.get(`/platform/console?q=${encodeURIComponent(vnSupplier.email)}&lng=en`).expect(200);
    assert.ok(byEmail.text.includes(`/platform/console/${vietnam.slug}/accounts/${vnSupplier.userId}`));
    // Kurdish written with an Arabic keyboard (ك and ي for ک and ی) finds the Kurdish name.
    const arabicKeyboard = 'كۆمپانياى بازرگانيى';
    const byName = await agent.get(`/platform/console?q=${encodeURIComponent(arabicKeyboard)}&lng=ckb`).expect(200);
    assert.ok(byName.text.includes('کۆمپانیای بازرگانیی نموونە'));
    assert.match(byName.text, /dir="rtl"/);
  });

  it('shows a supplier, its receipts and a notice read-only, and never a sealed price of kurdistan', async () => {
    const krdBid = krdNotice.bids[0]!;
    const found = await agent.get(`/platform/console?q=${encodeURIComponent(krdBid.receiptNo)}&lng=en`).expect(200);
    assert.ok(found.text.includes(krdBid.receiptNo));
    const supplier = await agent
      .get(`/platform/console/${kurdistan.slug}/suppliers/${krdBid.bidder.supplierId}?lng=en`)
      .expect(200);
    assert.ok(supplier.text.includes(krdBid.receiptNo));
    const notice = await agent.get(`/platform/console/${kurdistan.slug}/notices/${krdNotice.id}?lng=en`).expect(200);
    assert.match(notice.text, /Not opened yet/);
    for (const page of [found.text, supplier.text, notice.text])
      for (const written of [String(PRICE_KRD), PRICE_KRD.toLocaleString('en'), PRICE_KRD.toLocaleString('ar')])
        assert.ok(!page.includes(written), `no ${written}`);
    // No key of kurdistan was used for the agent: nothing sealed was opened.
    const keyUses = await inTenant(kurdistan.tenant, (tx) =>
      tx('audit_entries')
        .where({ actor_type: 'platform' })
        .whereNot('action', 'like', 'callcenter.%')
        .count<{ count: string }[]>(),
    );
    assert.equal(Number(keyUses[0]!.count), 0);
  });

  it('keeps tenants not granted invisible: search, every console address with foreign ids, and counts', async () => {
    const koreaOfficer = `officer@${korea.slug}.demo`;
    const koreaIds = await inTenant(korea.tenant, async (tx) => ({
      user: (await tx('users').where({ email: koreaOfficer }).first<{ id: string }>('id')).id,
      supplier: (await tx('suppliers').first<{ id: string }>('id')).id,
      notice:
        (await tx('notices').first<{ id: string } | undefined>('id'))?.id ?? '00000000-0000-4000-8000-000000000000',
    }));
    const search = await agent.get(`/platform/console?q=${encodeURIComponent(koreaOfficer)}&lng=en`).expect(200);
    assert.match(search.text, /Nothing found in your tenants/);
    assert.ok(!search.text.includes(`/platform/console/${korea.slug}/`));
    for (const path of [
      `/platform/console/${korea.slug}/accounts/${koreaIds.user}`,
      `/platform/console/${korea.slug}/suppliers/${koreaIds.supplier}`,
      `/platform/console/${korea.slug}/notices/${koreaIds.notice}`,
      `/platform/tickets/${korea.slug}/00000000-0000-4000-8000-000000000000`,
      // A granted tenant's address with another tenant's id is not found either.
      `/platform/console/${vietnam.slug}/accounts/${koreaIds.user}`,
      `/platform/console/${vietnam.slug}/suppliers/${krdNotice.bids[0]!.bidder.supplierId}`,
      `/platform/console/${kurdistan.slug}/notices/${vnNotice.id}`,
    ])
      await agent.get(path).expect(404);
    await agent
      .post(`/platform/console/${korea.slug}/accounts/${koreaIds.user}/actions`)
      .type('form')
      .send({
        _csrf: csrfFrom((await agent.get('/platform/tickets').expect(200)).text),
        ticketId: '00000000-0000-4000-8000-000000000000',
        action: 'password-reset',
      })
      .expect(404);
    const queue = await agent.get(`/platform/tickets?status=all&lng=en`).expect(200);
    assert.ok(!queue.text.includes(korea.slug));
    const filtered = await agent.get(`/platform/tickets?tenant=${korea.slug}&status=all&lng=en`).expect(200);
    assert.match(filtered.text, /No tickets/);
    assert.deepEqual(await auditOf(korea, 'callcenter.search'), []);
  });

  it('opens a ticket, checks the caller, resends the confirmation link, and the vietnam auditor reads both with the ticket number', async () => {
    const supplier = vnNotice.bids[0]!.bidder;
    await inTenant(vietnam.tenant, (tx) =>
      tx('users').where({ id: supplier.userId }).update({ email_verified_at: null }),
    );
    const form = await agent
      .get(`/platform/tickets/new?tenant=${vietnam.slug}&user=${supplier.userId}&lng=ko`)
      .expect(200);
    const opened = await agent
      .post('/platform/tickets')
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        tenant: vietnam.slug,
        userId: supplier.userId,
        callerName: 'Nguyễn Văn An',
        callerContact: '+84 90 123 4567',
        language: 'vi',
        topic: 'sign-in',
        notes: 'Cannot confirm the e-mail address',
        followUpAt: '2026-12-08T10:00',
      })
      .expect(303);
    const ticketPath = String(opened.headers.location);
    const ticketId = ticketPath.split('/').pop()!;
    const ticket = await inTenant(vietnam.tenant, (tx) =>
      tx('support_tickets').where({ id: ticketId }).first<{ ticket_no: string; follow_up_at: Date }>(),
    );
    assert.match(ticket.ticket_no, /^VN-CC-\d{6}$/);
    // The follow-up was typed on the agent's clock (Seoul): 10:00 there is 01:00 UTC.
    assert.equal(ticket.follow_up_at.toISOString(), '2026-12-08T01:00:00.000Z');
    const accountPath = `/platform/console/${vietnam.slug}/accounts/${supplier.userId}?ticket=${ticketId}`;
    const account = await agent.get(`${accountPath}&lng=ko`).expect(200);
    const csrf = csrfFrom(account.text);
    // Without a passed identity check the action is refused, with the reason, in Korean.
    const refused = await agent
      .post(`/platform/console/${vietnam.slug}/accounts/${supplier.userId}/actions?lng=ko`)
      .type('form')
      .send({ _csrf: csrf, ticketId, action: 'resend-verification' })
      .expect(422);
    const ko = (await vietnam.platform.services()).i18n.getFixedT('ko', 'callcenter');
    assert.ok(refused.text.includes(ko('identity_check_needed')));
    // One right answer is not enough for vietnam (two are required) …
    await agent
      .post(`/platform/console/${vietnam.slug}/accounts/${supplier.userId}/identity-check`)
      .type('form')
      .send({ _csrf: csrf, ticketId, answered: 'account-email' })
      .expect(303);
    await agent
      .post(`/platform/console/${vietnam.slug}/accounts/${supplier.userId}/actions`)
      .type('form')
      .send({ _csrf: csrf, ticketId, action: 'resend-verification' })
      .expect(422);
    // … two are.
    await agent
      .post(`/platform/console/${vietnam.slug}/accounts/${supplier.userId}/identity-check`)
      .type('form')
      .send({ _csrf: csrf, ticketId, answered: ['account-email', 'registration-number'] })
      .expect(303);
    const done = await agent
      .post(`/platform/console/${vietnam.slug}/accounts/${supplier.userId}/actions`)
      .type('form')
      .send({ _csrf: csrf, ticketId, action: 'resend-verification' })
      .expect(303);
    const after = await agent.get(`${String(done.headers.location)}&lng=ko`).expect(200);
    assert.ok(after.text.includes(ko('done_resend_verification')));
    const mail = await inTenant(vietnam.tenant, (tx) =>
      tx('outbound_emails')
        .where({ recipient: supplier.email })
        .orderBy('created_at', 'desc')
        .first<{ body_text: string }>(),
    );
    assert.ok(mail, 'the confirmation link went to the account’s own address');
    const [action] = await auditOf(vietnam, 'callcenter.resend-verification');
    assert.equal(action?.summary.ticket, ticket.ticket_no);
    const looks = (await auditOf(vietnam, 'callcenter.account-viewed')).filter(
      (e) => e.summary.ticket === ticket.ticket_no,
    );
    assert.ok(looks.length > 0);

    // The tenant's auditor reads the look and the action with the ticket's number.
    const auditor = await signIn(vietnam.app, vietnam.slug, `auditor@${vietnam.slug}.demo`);
    for (const act of ['callcenter.account-viewed', 'callcenter.resend-verification']) {
      const trail = await auditor.get(`/t/${vietnam.slug}/audit?action=${act}&lng=en`).expect(200);
      assert.ok(trail.text.includes(`Call-center ticket ${ticket.ticket_no}`), act);
      assert.ok(trail.text.includes(agentEmail), act);
    }
    // The ticket's history tells the check and the action in words.
    const history = await agent.get(`${ticketPath}?lng=en`).expect(200);
    assert.match(history.text, /Identity check passed/);
    assert.match(history.text, /Send the confirmation link again/);
    // Its follow-up is planned as a job.
    const job = await inTenant(vietnam.tenant, (tx) =>
      tx('job_outbox').where({ name: 'callcenter-follow-up' }).first<{ run_at: Date } | undefined>('run_at'),
    );
    assert.equal(job?.run_at.toISOString(), '2026-12-08T01:00:00.000Z');
  });

  it('hands a ticket over to another agent of the tenant, closes it, and lists it in the queues', async () => {
    const services = await vietnam.platform.services();
    const colleague = `${uniqueSlug('agent2')}@platform.test`;
    const colleagueId = await services.staff.upsert({
      email: colleague,
      name: 'Agent Lee',
      role: 'agent',
      password: DEMO_PASSWORD,
      totpSecret: DEMO_TOTP_SECRET,
      grants: [vietnam.slug],
    });
    const form = await agent.get(`/platform/tickets/new?tenant=${vietnam.slug}`).expect(200);
    const opened = await agent
      .post('/platform/tickets')
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        tenant: vietnam.slug,
        callerName: 'Trần Thị B',
        language: 'vi',
        topic: 'other',
      })
      .expect(303);
    const path = String(opened.headers.location);
    const page = await agent.get(path).expect(200);
    assert.ok(page.text.includes(colleague));
    await agent
      .post(`${path}/handover`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), to: colleagueId, note: 'Speaks Vietnamese only' })
      .expect(303);
    // Not to the agent who has it already.
    await agent
      .post(`${path}/handover`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), to: colleagueId })
      .expect(422);
    const queue = await agent.get(`/platform/tickets?tenant=${vietnam.slug}&language=vi&lng=en`).expect(200);
    assert.ok(queue.text.includes(colleague));
    await agent
      .post(`${path}/close`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), outcome: 'resolved', note: 'Called back' })
      .expect(303);
    const closed = await agent.get(`${path}?lng=en`).expect(200);
    assert.match(closed.text, /Closed: Resolved/);
    const counted = await services.metrics.registry.getSingleMetricAsString('koneps_callcenter_calls_total');
    assert.ok(counted.includes(`tenant="${vietnam.slug}",topic="other",language="vi",outcome="resolved"`), counted);
    // A bad form is refused with its reason, nothing lost.
    const bad = await agent
      .post('/platform/tickets?lng=en')
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        tenant: vietnam.slug,
        callerName: 'Kept name',
        language: 'vi',
        topic: 'nonsense',
      })
      .expect(422);
    assert.ok(bad.text.includes('Kept name'));
  });

  it('lifts a sign-in hold and starts a password reset to the account’s own address, after the identity check', async () => {
    const target = `evaluator@${vietnam.slug}.demo`;
    const rival = request.agent(vietnam.app);
    for (let i = 0; i < 7; i++) {
      const page = await rival.get(`/t/${vietnam.slug}/login`).expect(200);
      const res = await rival
        .post(`/t/${vietnam.slug}/login`)
        .type('form')
        .send({ _csrf: csrfFrom(page.text), email: target, password: `wrong-${i}-password` });
      if (res.status === 429) break;
    }
    const services = await vietnam.platform.services();
    const { ticketId, accountPath, page: held, csrf, passCheck } = await callAbout(target, 'sign-in');
    assert.match(held, /Signing in is held until/);
    await passCheck();
    for (const action of ['unlock', 'password-reset'])
      await agent.post(`${accountPath}/actions`).type('form').send({ _csrf: csrf, ticketId, action }).expect(303);
    const released = await agent.get(`${accountPath}?ticket=${ticketId}&lng=en`).expect(200);
    assert.doesNotMatch(released.text, /Signing in is held until/);
    // The hold is gone for the address it held: the owner signs in from there again.
    const page = await rival.get(`/t/${vietnam.slug}/login`).expect(200);
    await rival
      .post(`/t/${vietnam.slug}/login`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: target, password: DEMO_PASSWORD })
      .expect(303);
    // Lifting a hold that is not there is refused, in words.
    const again = await agent
      .post(`${accountPath}/actions?lng=en`)
      .type('form')
      .send({ _csrf: csrf, ticketId, action: 'unlock' })
      .expect(422);
    assert.match(again.text, /cannot be done for the account as it is now/);
    const reset = await inTenant(vietnam.tenant, (tx) =>
      tx('outbound_emails').where({ recipient: target }).whereLike('body_text', '%/password/reset?token=%').first('id'),
    );
    assert.ok(reset, 'the reset link went to the account’s own address');
    assert.equal(await services.throttle.heldUntil(vietnam.slug, target, ['127.0.0.1', '::ffff:127.0.0.1']), null);
  });

  it('asks the tenant administrator to reset a lost authenticator, with the reason and the ticket', async () => {
    const target = `officer@${vietnam.slug}.demo`;
    const { userId, ticketId, accountPath, csrf, passCheck } = await callAbout(target, 'second-factor');
    await passCheck();
    // The administrator reads why: a request without a reason is refused.
    await agent
      .post(`${accountPath}/actions`)
      .type('form')
      .send({ _csrf: csrf, ticketId, action: 'second-factor-reset' })
      .expect(422);
    await agent
      .post(`${accountPath}/actions`)
      .type('form')
      .send({ _csrf: csrf, ticketId, action: 'second-factor-reset', reason: 'Phone lost on a site visit' })
      .expect(303);
    const approval = await inTenant(vietnam.tenant, (tx) =>
      tx('approvals').where({ target_id: userId, status: 'pending' }).first<{ context: { ticketNo?: string } }>(),
    );
    const ticket = await inTenant(vietnam.tenant, (tx) =>
      tx('support_tickets').where({ id: ticketId }).first<{ ticket_no: string }>('ticket_no'),
    );
    assert.equal(approval.context.ticketNo, ticket.ticket_no);
    // Nothing is reset before the administrator decides; the agent sees the request waiting.
    const account = await agent.get(`${accountPath}?ticket=${ticketId}&lng=en`).expect(200);
    assert.match(account.text, /waits for the tenant administrator/);
    assert.ok(!account.text.includes('value="second-factor-reset"'));
    const still = await inTenant(vietnam.tenant, (tx) =>
      tx('users').where({ id: userId }).first<{ totp_enabled_at: Date | null }>('totp_enabled_at'),
    );
    assert.ok(still.totp_enabled_at);
    const [audited] = await auditOf(vietnam, 'callcenter.second-factor-reset');
    assert.equal(audited?.summary.ticket, ticket.ticket_no);
  });

  it('reminds the assigned agent of a follow-up when it falls due, once, in the agent’s language', async () => {
    const services = await vietnam.platform.services();
    const due = await inTenant(vietnam.tenant, (tx) =>
      tx('support_tickets').whereNotNull('follow_up_at').first<{ id: string; ticket_no: string; follow_up_at: Date }>(),
    );
    const handler = followUpJob(services);
    const job = { data: { ticketId: due.id, followUpAt: due.follow_up_at.toISOString() } };
    await vietnam.setClock(new Date(due.follow_up_at.getTime() + 60_000));
    const context = { job, tenant: vietnam.tenant } as unknown as Parameters<typeof handler>[0];
    assert.deepEqual(await handler(context), { outcome: 'reminded' });
    assert.deepEqual(await handler(context), { outcome: 'already-sent' });
    const reminder = await inTenant(vietnam.tenant, (tx) =>
      tx('outbound_emails').where({ recipient: agentEmail }).first<{ subject: string; locale: string }>(),
    );
    // The ticket was opened by the agent working in Korean: the reminder is in Korean.
    assert.equal(reminder.locale, 'ko');
    assert.ok(reminder.subject.includes(due.ticket_no));
  });

  it('gives the console the platform navigation and sign-out', async () => {
    const page = await agent.get('/platform/console?lng=en').expect(200);
    for (const href of ['/platform/console', '/platform/tickets', '/platform/desk'])
      assert.ok(page.text.includes(`href="${href}"`));
    assert.match(page.text, /action="\/platform\/logout"/);
    // Agents are not offered the operators' pages.
    assert.ok(!page.text.includes('href="/platform/outages"'));
    const desk = await agent.get('/platform/desk?lng=en').expect(200);
    assert.ok(!desk.text.includes('href="/platform/outages"'));
  });
});
