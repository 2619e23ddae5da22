import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { ApprovalPendingError, NoSecondFactorError } from '../../server/approvals/errors.js';
import { requestApproval, type ApprovalRequest } from '../../server/approvals/request.js';
import { secondFactorReset } from '../../server/approvals/second-factor-reset.js';
import type { AuditContext } from '../../server/audit/trail.js';
import { formatDateTime } from '../../server/i18n/format.js';
import { issueApiToken } from '../../server/identity/api-tokens.js';
import { enableTotp, replaceRecoveryCodes, useRecoveryCode } from '../../server/identity/second-factor.js';
import type { Services } from '../../server/services.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../server/tenancy/seed.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import type { TenantHandle } from '../../server/tenancy/tenant-handle.js';
import { testPlatform, type TestPlatform } from '../support/platform.js';
import { csrfFrom, signIn, type Agent } from '../support/session.js';

interface UserRow {
  id: string;
  email: string;
  display_name: string;
  totp_secret_sealed: string | null;
  totp_enabled_at: Date | null;
  totp_last_step: string | null;
}

interface AuditRow {
  action: string;
  actor_type: string;
  actor_id: string | null;
  actor_label: string | null;
  target_type: string | null;
  target_id: string | null;
  summary: Record<string, unknown>;
  request_id: string | null;
}

describe('approvals: a lost second factor reset at the call center’s request', () => {
  let platform: TestPlatform;
  let app: Express;
  let services: Services;
  let slug: string;
  let tenant: TenantHandle;
  let admin: Agent;
  let adminId: string;
  const agent: AuditContext = {
    actor: { type: 'platform', id: randomUUID(), label: 'agent@platform.test' },
    requestId: null,
    clientAddress: null,
  };

  const db = <T>(work: (tx: Parameters<Parameters<typeof inTenant<T>>[1]>[0]) => Promise<T>) => inTenant(tenant, work);
  const user = (role: string) =>
    db((tx) =>
      tx<UserRow>('users')
        .where({ email: `${role}@${slug}.demo` })
        .first(),
    ).then((u) => u!);
  const ask = (as: AuditContext, input: Partial<ApprovalRequest> & { targetId: string }) =>
    db((tx) =>
      requestApproval(tx, services, tenant, as, {
        kind: secondFactorReset,
        targetType: 'user',
        reason: 'Lost phone; identity checked against the registration number and the last bid receipt.',
        context: { ticketNo: 'CC-2026-0042' },
        ...input,
      }),
    );
  const approvalsPage = (agentOf: Agent = admin, query = '?lng=en') =>
    agentOf.get(`/t/${slug}/admin/approvals${query}`).expect(200);
  async function decide(id: string, decision: 'approve' | 'refuse', fields: Record<string, string> = {}, as = admin) {
    const page = await approvalsPage(as);
    return as
      .post(`/t/${slug}/admin/approvals/${id}/${decision}`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), ...fields });
  }

  before(async () => {
    platform = await testPlatform();
    slug = (await platform.createTenant('vietnam', { demo: true })).slug;
    app = await platform.app();
    services = await platform.services();
    tenant = (await platform.tenancy.resolve(slug))!;
    admin = await signIn(app, slug, `tenant-admin@${slug}.demo`);
    adminId = (await user('tenant-admin')).id;
  });
  after(() => platform.close());

  let resetId: string;

  it('stores a call-center request in the caller’s transaction, audits it and tells the administrators', async () => {
    const evaluator = await user('evaluator');
    resetId = await ask(agent, { targetId: evaluator.id });
    const row = await db((tx) => tx('approvals').where({ id: resetId }).first());
    assert.equal(row.status, 'pending');
    assert.equal(row.approver_role, 'tenant-admin');
    assert.equal(row.requested_by_type, 'platform');
    assert.equal(row.requested_by_label, 'agent@platform.test');
    assert.deepEqual(row.summary, { name: evaluator.display_name, email: evaluator.email });
    const audited = await db((tx) =>
      tx<AuditRow>('audit_entries').where({ action: 'approval.requested', target_id: evaluator.id }).first(),
    );
    assert.equal(audited?.actor_type, 'platform');
    assert.equal(audited?.actor_label, 'agent@platform.test');
    assert.equal(audited?.target_type, 'user');
    assert.equal(audited?.summary.kind, 'second-factor-reset');
    assert.deepEqual(audited?.summary.context, { ticketNo: 'CC-2026-0042' });
    assert.equal(audited?.summary.approvalId, resetId);

    const mail = await db((tx) =>
      tx('outbound_emails')
        .where({ recipient: `tenant-admin@${slug}.demo` })
        .first<{ locale: string; subject: string; body_text: string }>(),
    );
    assert.equal(mail.locale, 'vi', 'in the administrator’s language');
    assert.match(mail.body_text, new RegExp(`/t/${slug}/admin/approvals`));
    assert.match(mail.body_text, new RegExp(evaluator.display_name));
    assert.match(mail.body_text, /agent@platform\.test/);
    assert.match(mail.body_text, /CC-2026-0042/);
    assert.doesNotMatch(mail.body_text, /second-factor-reset|\{\{|approvals:/);
    const toTarget = await db((tx) => tx('outbound_emails').where({ recipient: evaluator.email }).first());
    assert.equal(toTarget, undefined, 'the person concerned cannot decide, and is not asked to');
  });

  it('refuses a second pending request for the same account, and one for an account without a second factor', async () => {
    const evaluator = await user('evaluator');
    await assert.rejects(ask(agent, { targetId: evaluator.id, reason: 'Asked again' }), (error: unknown) => {
      assert.ok(error instanceof ApprovalPendingError);
      assert.equal(error.status, 409);
      assert.equal(error.key, 'approvals:already_pending');
      return true;
    });
    const supplier = await user('supplier');
    await assert.rejects(ask(agent, { targetId: supplier.id }), NoSecondFactorError);
    const count = await db((tx) => tx('approvals').count<{ count: string }[]>('* as count'));
    assert.equal(Number(count[0]!.count), 1);
  });

  it('shows the tenant admin the waiting request as a sentence, in the tenant’s time zone', async () => {
    const evaluator = await user('evaluator');
    const page = await approvalsPage();
    const requestedAt = (await db((tx) => tx('approvals').where({ id: resetId }).first<{ requested_at: Date }>()))
      .requested_at;
    assert.match(page.text, /Waiting for your decision/);
    assert.match(
      page.text,
      new RegExp(
        `Turn off the authenticator of \u2068${evaluator.display_name}\u2069 \\(\u2068${evaluator.email}\u2069\\)`,
      ),
    );
    assert.match(page.text, /Call-center agent \u2068agent@platform\.test\u2069/);
    assert.match(page.text, /Lost phone; identity checked/);
    assert.match(page.text, /CC-2026-0042/);
    assert.ok(
      page.text.includes(formatDateTime(requestedAt, 'en', 'Asia/Ho_Chi_Minh', 'latn')),
      'the time, in Vietnam',
    );
    assert.match(page.text, /Approvals \(1\)/, 'the navigation counts what waits');
    assert.doesNotMatch(page.text, /second-factor-reset|approver_role|tenant-admin<|\{&quot;|\d{4}-\d{2}-\d{2}T/);
    assert.match(page.text, new RegExp(`action="/t/${slug}/admin/approvals/${resetId}/approve"`));
  });

  it('answers 403 to a reader who does not decide approvals', async () => {
    const auditor = await signIn(app, slug, `auditor@${slug}.demo`);
    await auditor.get(`/t/${slug}/admin/approvals`).expect(403);
    const home = await auditor.get(`/t/${slug}/work?lng=en`).expect(200);
    assert.doesNotMatch(home.text, /admin\/approvals/);
  });

  it("neither shows an administrators' request to an officer (a mutual checks' decider) nor lets them decide it", async () => {
    const officer = await signIn(app, slug, `officer@${slug}.demo`);
    const page = await officer.get(`/t/${slug}/admin/approvals?lng=en`).expect(200);
    assert.doesNotMatch(page.text, new RegExp(resetId));
    await officer
      .post(`/t/${slug}/admin/approvals/${resetId}/approve`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(403);
  });

  it('on approval turns the factor off, retires codes and tokens, ends sessions, audits and tells the user', async () => {
    const evaluator = await user('evaluator');
    const { codes, token } = await db(async (tx) => ({
      codes: await replaceRecoveryCodes(tx, evaluator.id),
      token: await issueApiToken(tx, evaluator.id),
    }));
    await request(app).get(`/t/${slug}/api/v1/me`).set('Authorization', `Bearer ${token.token}`).expect(200);
    const before = await signIn(app, slug, evaluator.email);
    await before.get(`/t/${slug}/account`).expect(200);

    const res = await decide(resetId, 'approve');
    assert.equal(res.status, 303, res.text.slice(0, 600));
    assert.match(String(res.headers.location), /\/admin\/approvals\?done=approved$/);

    const after = await user('evaluator');
    assert.equal(after.totp_secret_sealed, null);
    assert.equal(after.totp_enabled_at, null);
    assert.equal(after.totp_last_step, null);
    assert.equal(await db((tx) => useRecoveryCode(tx, evaluator.id, codes[0]!)), false, 'recovery codes are spent');
    const unused = await db((tx) => tx('recovery_codes').where({ user_id: evaluator.id }).whereNull('used_at'));
    assert.equal(unused.length, 0);
    const revoked = await db((tx) => tx('api_tokens').where({ id: token.id }).first<{ revoked_at: Date | null }>());
    assert.ok(revoked.revoked_at, 'the API token is revoked');
    await request(app).get(`/t/${slug}/api/v1/me`).set('Authorization', `Bearer ${token.token}`).expect(401);
    const ended = await before.get(`/t/${slug}/account`);
    assert.equal(ended.status, 302, 'the session signed in before the reset has ended');
    assert.match(String(ended.headers.location), /\/login/);

    const approval = await db((tx) => tx('approvals').where({ id: resetId }).first());
    assert.equal(approval.status, 'approved');
    assert.equal(approval.decided_by, adminId);
    const entries = await db((tx) =>
      tx<AuditRow>('audit_entries')
        .whereIn('action', ['approval.approved', 'auth.second-factor-reset'])
        .where({ target_id: evaluator.id })
        .orderBy('seq'),
    );
    assert.deepEqual(
      entries.map((e) => e.action),
      ['approval.approved', 'auth.second-factor-reset'],
    );
    for (const e of entries) {
      assert.equal(e.actor_id, adminId, 'the administrator who approved');
      assert.equal(e.target_type, 'user');
    }
    assert.equal(entries[0]!.request_id, entries[1]!.request_id, 'one request');
    assert.deepEqual(entries[0]!.summary.context, { ticketNo: 'CC-2026-0042' });
    assert.equal(entries[1]!.summary.recoveryCodesRetired, codes.length);
    assert.equal(entries[1]!.summary.apiTokensRevoked, 1);
    assert.equal(entries[1]!.summary.mustEnrol, true);

    const mail = await db((tx) =>
      tx('outbound_emails')
        .where({ recipient: evaluator.email })
        .first<{ locale: string; subject: string; body_text: string }>(),
    );
    assert.equal(mail.locale, 'vi');
    assert.match(mail.subject, /Xác thực hai bước/);
    assert.match(mail.body_text, /ứng dụng xác thực mới trước khi tiếp tục/, 'told to enrol at the next sign-in');
    assert.match(mail.body_text, new RegExp(`/t/${slug}/login`));
    assert.doesNotMatch(mail.body_text, /\d{4}-\d{2}-\d{2}T|\{\{/);

    const page = await approvalsPage();
    assert.match(page.text, /No request is waiting for a decision/);
    assert.match(page.text, /Recent decisions[\s\S]*Turn off the authenticator[\s\S]*Approved/);
    assert.doesNotMatch(page.text, /Approvals \(\d\)/);
  });

  it('asks the user whose role requires it to enrol again after signing in with the password alone', async () => {
    const fresh = request.agent(app);
    const form = await fresh.get(`/t/${slug}/login`).expect(200);
    const res = await fresh
      .post(`/t/${slug}/login`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email: `evaluator@${slug}.demo`, password: DEMO_PASSWORD });
    assert.equal(res.status, 303);
    assert.match(String(res.headers.location), /\/account\/second-factor$/);
    const work = await fresh.get(`/t/${slug}/work`);
    assert.equal(work.status, 302);
    assert.match(String(work.headers.location), /\/account\/second-factor$/);
  });

  it('lets a supplier user, whom the tenant does not require it of, sign in with the password alone', async () => {
    const supplier = await user('supplier');
    await db(async (tx) => {
      const keyring = await services.keys.forTenant(tx, slug);
      await enableTotp(tx, keyring, supplier.id, DEMO_TOTP_SECRET, 1);
    });
    const id = await ask(agent, { targetId: supplier.id, context: {} });
    assert.equal((await decide(id, 'approve')).status, 303);
    const mail = await db((tx) =>
      tx('outbound_emails')
        .where({ recipient: supplier.email })
        .orderBy('created_at', 'desc')
        .first<{ body_text: string }>(),
    );
    assert.match(mail.body_text, /chỉ bằng mật khẩu/, 'told the password alone now signs in');
    const fresh = request.agent(app);
    const form = await fresh.get(`/t/${slug}/login`).expect(200);
    const res = await fresh
      .post(`/t/${slug}/login`)
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        email: supplier.email,
        password: DEMO_PASSWORD,
        next: `/t/${slug}/supplier`,
      });
    assert.equal(res.status, 303);
    assert.doesNotMatch(String(res.headers.location), /second-factor/);
  });

  it('needs a reason to refuse (422, the page again) and changes nothing when refused', async () => {
    const auditor = await user('auditor');
    const id = await ask(agent, { targetId: auditor.id, context: { ticketNo: 'CC-2026-0043' } });

    const missing = await decide(id, 'refuse', { reason: '   ' });
    assert.equal(missing.status, 422);
    assert.match(missing.text, /Please give a reason\./);
    assert.match(missing.text, new RegExp(`id="reason-${id}"[^>]*aria-invalid="true"`));
    assert.match(missing.text, /<details open>/, 'the refusal form stays open');
    assert.equal((await db((tx) => tx('approvals').where({ id }).first())).status, 'pending');

    const refused = await decide(id, 'refuse', { reason: 'The caller could not name the agency.' });
    assert.equal(refused.status, 303);
    const row = await db((tx) => tx('approvals').where({ id }).first());
    assert.equal(row.status, 'refused');
    assert.equal(row.decision_reason, 'The caller could not name the agency.');
    const unchanged = await user('auditor');
    assert.ok(unchanged.totp_enabled_at, 'the second factor stays');
    assert.equal(unchanged.totp_secret_sealed, auditor.totp_secret_sealed);
    const audited = await db((tx) =>
      tx<AuditRow>('audit_entries').where({ action: 'approval.refused', target_id: auditor.id }).first(),
    );
    assert.equal(audited?.actor_id, adminId);
    assert.equal(audited?.summary.reason, 'The caller could not name the agency.');
    assert.deepEqual(audited?.summary.context, { ticketNo: 'CC-2026-0043' });
    const reset = await db((tx) =>
      tx('audit_entries').where({ action: 'auth.second-factor-reset', target_id: auditor.id }).first(),
    );
    assert.equal(reset, undefined);

    const page = await approvalsPage();
    assert.match(page.text, /Refused[\s\S]*The caller could not name the agency\./);
    const again = await decide(id, 'approve');
    assert.equal(again.status, 409);
    assert.match(again.text, /This request has already been decided\./);
  });

  it('never lets the requester decide their own request', async () => {
    const auditor = await user('auditor');
    const asAdmin: AuditContext = {
      actor: { type: 'user', id: adminId, label: `tenant-admin@${slug}.demo` },
      requestId: null,
      clientAddress: null,
    };
    const id = await ask(asAdmin, { targetId: auditor.id, reason: 'A refused request may be asked again.' });
    const page = await approvalsPage();
    assert.match(page.text, /You asked for this change: another person with the deciding role must decide it\./);
    assert.doesNotMatch(page.text, new RegExp(`/admin/approvals/${id}/approve`));
    assert.doesNotMatch(page.text, /Approvals \(\d\)/, 'nothing waits for this reader');
    const tried = await decide(id, 'approve');
    assert.equal(tried.status, 403);
    assert.equal((await db((tx) => tx('approvals').where({ id }).first())).status, 'pending');
    assert.ok((await user('auditor')).totp_enabled_at);
  });
});
