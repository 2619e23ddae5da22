/**
 * Mutual checks (maker-checker) on a notice, where the tenant's `mutual-checks` rule asks for them:
 * publishing and cancelling wait for a second officer of the notice's agency. The maker can neither
 * decide their own request nor change the notice meanwhile; an officer of another agency cannot
 * decide it; the checker's approval makes the change at that moment (the notice is published
 * then, not when asked) and the audit trail names both; a return keeps everything as it was.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { tenantsWithRule } from '../support/tenant-copies.js';
import { addStaff } from '../support/bidders.js';
import { attachTenderDocuments, buildTenant, type TenderWorld } from '../support/factories.js';
import { csrfFrom, signIn, type Agent } from '../support/session.js';
import { draftNotice, publishedPlanEntry } from '../support/tender.js';

const START = '2026-09-01T01:00:00Z';

/** A copy of the shipped tenants where korea puts publishing and cancelling a notice under a second officer. */
const tenantsWithMutualChecks = () =>
  tenantsWithRule('korea', {
    id: 'mutual-checks',
    version: 1,
    effectiveFrom: '2026-01-01',
    source: 'mutual checks test',
    value: '{ actions: [notice-publish, notice-cancel] }',
  });

describe('mutual checks on publishing and cancelling a notice', function () {
  this.timeout(120_000);
  let world: TenderWorld;
  let base: string;
  let maker: Agent;
  let checker: Agent;
  let outsider: Agent;
  let checkerId: string;
  const officerEmail = () => `officer@${world.slug}.demo`;

  const api = (p: string) => `${base}/api/v1${p}`;
  const noticeRow = (id: string) =>
    inTenant(world.tenant, (tx) =>
      tx('notices')
        .where({ id })
        .first<{ status: string; status_details: string; notice_no: string | null; published_at: Date | null }>(),
    );
  const trail = (targetId: string) =>
    inTenant(world.tenant, (tx) =>
      tx('audit_entries')
        .where({ target_id: targetId })
        .orderBy('seq')
        .select<{ action: string; actor_label: string; summary: Record<string, unknown> }[]>(
          'action',
          'actor_label',
          'summary',
        ),
    );
  const mails = (to: string) =>
    inTenant(world.tenant, (tx) =>
      tx('outbound_emails')
        .where({ recipient: to })
        .orderBy('created_at')
        .select<{ subject: string; body_text: string }[]>(),
    );
  const pendingId = (targetId: string) =>
    inTenant(world.tenant, (tx) =>
      tx('approvals').where({ target_id: targetId, status: 'pending' }).first<{ id: string } | undefined>('id'),
    ).then((row) => row?.id);

  async function decide(as: Agent, id: string, decision: 'approve' | 'refuse', fields: Record<string, string> = {}) {
    const page = await as.get(`${base}/admin/approvals?lng=en`).expect(200);
    return as
      .post(`${base}/admin/approvals/${id}/${decision}?lng=en`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), ...fields });
  }

  async function readyDraft(title: string): Promise<string> {
    const planEntryId = await publishedPlanEntry(world, { title_ko: title });
    const id = await draftNotice(world, {
      planEntryId,
      title_ko: title,
      estimatedPrice: 60_000_000,
      submissionDeadline: '2026-10-20T10:00',
      openingAt: '2026-10-20T11:00',
    });
    await attachTenderDocuments({ app: world.app, slug: world.slug, base, auth: world.officer }, id, 1);
    return id;
  }

  before(async () => {
    world = await buildTenant('korea', { at: START, env: { TENANTS_DIR: tenantsWithMutualChecks() } });
    base = `/t/${world.slug}`;
    const { agency, otherAgency } = await inTenant(world.tenant, async (tx) => ({
      agency: (await tx('users').where({ email: officerEmail() }).first<{ agency_id: string }>('agency_id')).agency_id,
      otherAgency: (
        await tx('agencies')
          .insert({ code: 'OTHER', name: JSON.stringify({ en: 'Another agency', ko: '다른 기관' }) })
          .returning<{ id: string }[]>('id')
      )[0]!.id,
    }));
    const [second] = await addStaff(world.tenant, 1, 'officer', 'CHECKER');
    const [stranger] = await addStaff(world.tenant, 1, 'officer', 'STRANGER');
    checkerId = second!.userId;
    await inTenant(world.tenant, async (tx) => {
      await tx('users').where({ id: checkerId }).update({ agency_id: agency });
      await tx('users').where({ id: stranger!.userId }).update({ agency_id: otherAgency });
    });
    maker = await signIn(world.app, world.slug, officerEmail());
    checker = await signIn(world.app, world.slug, second!.email);
    outsider = await signIn(world.app, world.slug, stranger!.email);
  });
  after(() => world.platform.close());

  it('sends the publication to a second officer, who publishes it at the moment of approval', async () => {
    const id = await readyDraft('상호 확인 공고');
    const sent = await request(world.app)
      .post(api(`/notices/${id}/publish?lng=en`))
      .set(world.officer)
      .expect(202);
    assert.equal(sent.body.status, 'awaiting-check');
    assert.equal(sent.body.rule, 'mutual-checks v1');
    assert.match(String(sent.body.message), /second person of your agency/);
    const waiting = await noticeRow(id);
    assert.equal(waiting.status_details, 'draft', 'nothing is published before the check');
    assert.equal(waiting.notice_no, null);

    // The maker cannot change what the checker will read, nor send it twice.
    await request(world.app)
      .post(api(`/notices/${id}/publish`))
      .set(world.officer)
      .expect(409);
    const desk = await maker.get(`${base}/notices-desk/${id}?lng=en`).expect(200);
    assert.match(desk.text, /Waiting for a second person(&#x27;|')s check/);
    assert.doesNotMatch(desk.text, new RegExp(`/notices-desk/${id}/publish`));

    const approvalId = sent.body.approvalId as string;
    const own = await maker.get(`${base}/admin/approvals?lng=en`).expect(200);
    assert.match(own.text, /Publish the notice/);
    assert.match(own.text, /another person with the deciding role must decide it/);
    assert.equal((await decide(maker, approvalId, 'approve')).status, 403, 'never the maker');
    const elsewhere = await outsider.get(`${base}/admin/approvals?lng=en`).expect(200);
    assert.doesNotMatch(elsewhere.text, /Publish the notice/, 'another agency does not see it');
    assert.equal((await decide(outsider, approvalId, 'approve')).status, 403, 'nor an officer of another agency');

    // A day later the checker approves: the notice period counts from now.
    await world.setClock('2026-09-02T02:00:00Z');
    const page = await checker.get(`${base}/admin/approvals?lng=en`).expect(200);
    assert.match(page.text, /Publish the notice .*상호 확인 공고/);
    assert.match(page.text, /Read it in full/);
    assert.equal((await decide(checker, approvalId, 'approve')).status, 303);
    const published = await noticeRow(id);
    assert.equal(published.status_details, 'published');
    assert.ok(published.notice_no);
    assert.equal(published.published_at!.toISOString(), '2026-09-02T02:00:00.000Z');

    const entries = await trail(id);
    const checkerEmail = `checker-1@${world.slug}.test`;
    assert.deepEqual(
      entries.slice(-3).map((e) => [e.action, e.actor_label]),
      [
        ['approval.requested', officerEmail()],
        ['approval.approved', checkerEmail],
        ['notice.published', checkerEmail],
      ],
    );
    const publishedEntry = entries.find((e) => e.action === 'notice.published')!;
    assert.deepEqual(publishedEntry.summary.checked, { approvalId, requestedBy: officerEmail() });
    const told = (await mails(officerEmail())).filter((m) => /승인|approved/i.test(m.subject));
    assert.equal(told.length, 1, 'the maker learns the decision');
  });

  it('returns a cancellation with a reason, keeping the notice, and cancels on a later approval', async () => {
    const id = await readyDraft('취소 확인 공고');
    const sent = await request(world.app)
      .post(api(`/notices/${id}/publish`))
      .set(world.officer)
      .expect(202);
    assert.equal((await decide(checker, sent.body.approvalId as string, 'approve')).status, 303);

    const asked = await request(world.app)
      .post(api(`/notices/${id}/cancel?lng=en`))
      .set(world.officer)
      .send({ reason: 'Budget withdrawn by the ministry' })
      .expect(202);
    assert.equal((await noticeRow(id)).status, 'active');
    const returned = await decide(checker, asked.body.approvalId as string, 'refuse', {
      reason: 'The budget letter is not attached',
    });
    assert.equal(returned.status, 303);
    assert.equal((await noticeRow(id)).status, 'active', 'a returned request changes nothing');
    const told = (await mails(officerEmail())).filter((m) => /반려|returned/i.test(m.subject));
    assert.equal(told.length, 1);
    assert.match(told[0]!.body_text, /The budget letter is not attached/);

    const again = await request(world.app)
      .post(api(`/notices/${id}/cancel`))
      .set(world.officer)
      .send({ reason: 'Budget withdrawn by the ministry (letter attached)' })
      .expect(202);
    assert.equal(await pendingId(id), again.body.approvalId);
    assert.equal((await decide(checker, again.body.approvalId as string, 'approve')).status, 303);
    const cancelled = await noticeRow(id);
    assert.equal(cancelled.status, 'cancelled');
    const actions = (await trail(id)).map((e) => e.action);
    assert.deepEqual(actions.slice(-5), [
      'approval.requested',
      'approval.refused',
      'approval.requested',
      'approval.approved',
      'notice.cancelled',
    ]);
  });

  it('names the rule on the rules page as a sentence', async () => {
    const rules = await maker.get(`${base}/rules?lng=en`).expect(200);
    assert.match(rules.text, /Mutual checks \(a second person\)/);
    assert.match(rules.text, /A second person of the agency checks: publishing a notice and cancelling a notice/);
  });
});
