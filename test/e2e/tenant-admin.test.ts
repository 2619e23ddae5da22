import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import { generate } from 'otplib';
import request from 'supertest';
import { DEMO_PASSWORD } from '../../server/tenancy/seed.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import type { TenantHandle } from '../../server/tenancy/tenant-handle.js';
import { testPlatform, type TestPlatform } from '../support/platform.js';
import { csrfFrom, signIn, type Agent } from '../support/session.js';

const STRONG_PASSWORD = 'violet harbour tractor 1987 lantern';

/** A urlencoded body; arrays become repeated fields, as a browser sends checkboxes. */
function form(fields: Record<string, string | string[]>): string {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields))
    for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  return body.toString();
}

describe('tenant administration', () => {
  let platform: TestPlatform;
  let app: Express;
  let slug: string;
  let tenant: TenantHandle;
  let admin: Agent;
  let agencyId: string;

  const db = <T>(work: Parameters<typeof inTenant<T>>[1]) => inTenant(tenant, work);
  const userByEmail = (email: string) =>
    db((tx) => tx('users').whereRaw('lower(email) = ?', [email.toLowerCase()]).first());

  /** Posts a form as the given agent, with the CSRF token of the page it would be sent from. */
  async function submit(agent: Agent, path: string, fields: Record<string, string | string[]>, from = '/admin/users') {
    const page = await agent.get(`/t/${slug}${from}`).expect(200);
    return agent
      .post(`/t/${slug}${path}`)
      .type('form')
      .send(form({ _csrf: csrfFrom(page.text), ...fields }));
  }

  /** Invites someone and returns their id and the invitation link's path (from the e-mail). */
  async function invite(email: string, displayName: string, roles: string[], agency = '') {
    const res = await submit(admin, '/admin/users', { email, displayName, roles, agencyId: agency });
    assert.equal(res.status, 303, res.text.slice(0, 800));
    assert.match(String(res.headers.location), /\/admin\/users\?done=invited$/);
    const mail = await db((tx) =>
      tx('outbound_emails').where({ recipient: email }).first<{ locale: string; body_text: string } | undefined>(),
    );
    assert.ok(mail, 'an invitation e-mail is queued');
    const link = /\/t\/[^/\s]+\/invitation\?token=[A-Za-z0-9_-]{43}/.exec(mail.body_text)?.[0];
    assert.ok(link, 'the e-mail carries the invitation link');
    return { id: (await userByEmail(email)).id as string, link, mail };
  }

  before(async () => {
    platform = await testPlatform();
    slug = (await platform.createTenant('kurdistan', { demo: true })).slug;
    app = await platform.app();
    tenant = (await platform.tenancy.resolve(slug))!;
    admin = await signIn(app, slug, `tenant-admin@${slug}.demo`);
    await admin.get(`/t/${slug}/?lng=en`).expect(200);
  });
  after(() => platform.close());

  it('adds an agency, requiring its name in the tenant default language and a unique code', async () => {
    const missing = await submit(
      admin,
      '/admin/agencies',
      { code: 'mop', name_en: 'Ministry of Planning' },
      '/admin/agencies',
    );
    assert.equal(missing.status, 422);
    assert.match(missing.text, /This field is required/);
    assert.match(missing.text, /value="mop"/);
    assert.match(missing.text, /value="Ministry of Planning"/);

    const created = await submit(
      admin,
      '/admin/agencies',
      { code: 'mop', name_ckb: 'وەزارەتی پلاندانان', name_en: 'Ministry of Planning' },
      '/admin/agencies',
    );
    assert.equal(created.status, 303);
    const list = await admin.get(`/t/${slug}/admin/agencies`).expect(200);
    assert.match(list.text, /<bdi dir="ltr">MOP<\/bdi>/);
    assert.match(list.text, /وەزارەتی پلاندانان/);
    const agency = await db((tx) => tx('agencies').where({ code: 'MOP' }).first());
    agencyId = agency.id;
    assert.deepEqual(agency.name, { ckb: 'وەزارەتی پلاندانان', en: 'Ministry of Planning' });

    const again = await submit(admin, '/admin/agencies', { code: 'MOP', name_ckb: 'دووبارە' }, '/admin/agencies');
    assert.equal(again.status, 422);
    assert.match(again.text, /An agency with this code already exists/);
    const audited = await db((tx) =>
      tx('audit_entries').where({ action: 'agency.created', target_id: agencyId }).first(),
    );
    assert.equal(audited.summary.code, 'MOP');
  });

  it('invites an officer who accepts, signs in and is sent to enrol the second factor', async () => {
    const email = `shirin.ahmed@${slug}.example`;
    const { id, link, mail } = await invite(email, 'Shirin Ahmed', ['officer'], agencyId);
    assert.equal(mail.locale, 'ckb', 'the invitee gets the tenant default language');
    assert.match(mail.body_text, /Shirin Ahmed/);
    assert.match(mail.body_text, /بەڕێوەبەری نموونە/);
    const created = await userByEmail(email);
    assert.deepEqual(created.roles, ['officer']);
    assert.equal(created.agency_id, agencyId);
    assert.equal(created.email_verified_at, null);
    const list = await admin.get(`/t/${slug}/admin/users`).expect(200);
    assert.match(list.text, new RegExp(`id="user-${id}"[\\s\\S]*?Invited`));

    const invitee = request.agent(app);
    const page = await invitee.get(`${link}&lng=en`).expect(200);
    assert.match(page.text, /<bdi>Shirin Ahmed<\/bdi>/);
    const accepted = await invitee
      .post(`/t/${slug}/invitation`)
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        token: new URL(link, 'http://x').searchParams.get('token')!,
        password: STRONG_PASSWORD,
      })
      .expect(200);
    assert.match(accepted.text, /Your account is ready/);
    await invitee.get(link).expect(410);
    const user = await userByEmail(email);
    assert.ok(user.email_verified_at, 'accepting verifies the address');
    const audit = await db((tx) =>
      tx('audit_entries').where({ action: 'user.invitation-accepted', target_id: id }).first(),
    );
    assert.equal(audit.actor_id, id);

    const login = await invitee.get(`/t/${slug}/login`).expect(200);
    const signedIn = await invitee
      .post(`/t/${slug}/login`)
      .type('form')
      .send({ _csrf: csrfFrom(login.text), email, password: STRONG_PASSWORD })
      .expect(303);
    assert.match(String(signedIn.headers.location), new RegExp(`/t/${slug}/account/second-factor$`));
    // Until the second factor is on, officer pages send them back to enrol.
    const pending = await invitee.get(`/t/${slug}/admin/users`).expect(302);
    assert.match(String(pending.headers.location), /\/account\/second-factor$/);
    const enrol = await invitee.get(`/t/${slug}/account/second-factor`).expect(200);
    const secret = /<code dir="ltr">([A-Z2-7]+)<\/code>/.exec(enrol.text)![1]!;
    await invitee
      .post(`/t/${slug}/account/second-factor`)
      .type('form')
      .send({ _csrf: csrfFrom(enrol.text), code: await generate({ secret }) })
      .expect(200);
    await invitee.get(`/t/${slug}/account`).expect(200);
    await invitee.get(`/t/${slug}/admin/users`).expect(403);
  });

  it('refuses a weak password on the invitation with a message and keeps the link usable', async () => {
    const { link } = await invite(`weak.password@${slug}.example`, 'Karwan Aziz', ['evaluator']);
    const token = new URL(link, 'http://x').searchParams.get('token')!;
    const invitee = request.agent(app);
    const page = await invitee.get(`${link}&lng=en`).expect(200);
    const weak = await invitee
      .post(`/t/${slug}/invitation`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), token, password: 'password1234' })
      .expect(422);
    assert.match(weak.text, /class="field-error"[^>]*>This password is too easy to guess/);
    await invitee
      .post(`/t/${slug}/invitation`)
      .type('form')
      .send({ _csrf: csrfFrom(weak.text), token, password: STRONG_PASSWORD })
      .expect(200);
  });

  it('answers an unknown or used invitation token with a clear 410 page', async () => {
    const res = await request(app)
      .get(`/t/${slug}/invitation?token=${'a'.repeat(43)}&lng=en`)
      .expect(410);
    assert.match(res.text, /This invitation link has expired or has already been used/);
    await request(app).get(`/t/${slug}/invitation?lng=en`).expect(410);
  });

  it('refuses an e-mail address already in use with a field error and keeps what was typed', async () => {
    const res = await submit(admin, '/admin/users', {
      email: `TENANT-ADMIN@${slug.toUpperCase()}.DEMO`,
      displayName: 'Someone Else',
      roles: ['auditor'],
    });
    assert.equal(res.status, 422);
    assert.match(res.text, /id="invite-email-error">An account with this e-mail address already exists/);
    assert.match(res.text, /value="Someone Else"/);
    assert.match(res.text, /value="auditor" checked/);

    const noAgency = await submit(admin, '/admin/users', {
      email: `no.agency@${slug}.example`,
      displayName: 'No Agency',
      roles: ['officer'],
    });
    assert.equal(noAgency.status, 422);
    assert.match(noAgency.text, /Choose the agency of a procurement officer/);
    const supplierRole = await submit(admin, '/admin/users', {
      email: `would.be.supplier@${slug}.example`,
      displayName: 'Would-be Supplier',
      roles: ['supplier'],
    });
    assert.equal(supplierRole.status, 422);
    assert.equal(await userByEmail(`would.be.supplier@${slug}.example`), undefined);
  });

  it('audits a role change with the roles before and after', async () => {
    const { id } = await invite(`roles.change@${slug}.example`, 'Roles Change', ['evaluator']);
    const res = await submit(admin, `/admin/users/${id}/roles`, { roles: ['evaluator', 'auditor'], agencyId: '' });
    assert.equal(res.status, 303);
    const entry = await db((tx) =>
      tx('audit_entries').where({ action: 'user.roles-changed', target_id: id }).orderBy('seq', 'desc').first(),
    );
    assert.deepEqual(entry.summary.before.roles, ['evaluator']);
    assert.deepEqual(entry.summary.after.roles, ['evaluator', 'auditor']);
    assert.equal(entry.actor_label, `tenant-admin@${slug}.demo`);
    assert.deepEqual((await userByEmail(`roles.change@${slug}.example`)).roles, ['evaluator', 'auditor']);
  });

  it('does not let a tenant admin remove their own tenant-admin role or deactivate themselves', async () => {
    const me = await userByEmail(`tenant-admin@${slug}.demo`);
    const demote = await submit(admin, `/admin/users/${me.id}/roles`, { roles: ['auditor'] });
    assert.equal(demote.status, 422);
    assert.match(demote.text, /You cannot remove your own tenant administrator role/);
    assert.match(demote.text, /value="auditor" checked/);
    const deactivate = await submit(admin, `/admin/users/${me.id}/deactivate`, {});
    assert.equal(deactivate.status, 422);
    assert.deepEqual((await userByEmail(`tenant-admin@${slug}.demo`)).roles, ['tenant-admin']);
    await admin.get(`/t/${slug}/admin/users`).expect(200);
  });

  it('answers 403 to suppliers and officers and sends anonymous visitors to sign in', async () => {
    const supplier = await signIn(app, slug, `supplier@${slug}.demo`);
    await supplier.get(`/t/${slug}/admin/users`).expect(403);
    await supplier.get(`/t/${slug}/admin/agencies`).expect(403);
    const officer = await signIn(app, slug, `officer@${slug}.demo`);
    await officer.get(`/t/${slug}/admin/users`).expect(403);
    const page = await officer.get(`/t/${slug}/account`).expect(200);
    await officer
      .post(`/t/${slug}/admin/agencies`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), code: 'SNEAK', name_ckb: 'x' })
      .expect(403);
    const anonymous = await request(app).get(`/t/${slug}/admin/users`).expect(302);
    assert.match(String(anonymous.headers.location), /\/login\?next=/);
  });

  it('locks a deactivated user out at once and revokes their API token', async () => {
    const email = `supplier@${slug}.demo`;
    const issued = await request(app)
      .post(`/t/${slug}/api/v1/auth/token`)
      .send({ email, password: DEMO_PASSWORD })
      .expect(201);
    const bearer = { Authorization: `Bearer ${issued.body.token}` };
    await request(app).get(`/t/${slug}/api/v1/me`).set(bearer).expect(200);
    const supplier = await signIn(app, slug, email);
    await supplier.get(`/t/${slug}/account`).expect(200);

    const { id } = await userByEmail(email);
    const res = await submit(admin, `/admin/users/${id}/deactivate`, {});
    assert.equal(res.status, 303);

    const next = await supplier.get(`/t/${slug}/account`).expect(302);
    assert.match(String(next.headers.location), /\/login/);
    const home = await supplier.get(`/t/${slug}/`).expect(200);
    assert.doesNotMatch(home.text, /action="[^"]*\/logout"/, 'the session is anonymous');
    await request(app).get(`/t/${slug}/api/v1/me`).set(bearer).expect(401);
    const tokens = await db((tx) => tx('api_tokens').where({ user_id: id }));
    assert.ok(tokens.length > 0 && tokens.every((t: { revoked_at: Date | null }) => t.revoked_at !== null));
    const entry = await db((tx) => tx('audit_entries').where({ action: 'user.deactivated', target_id: id }).first());
    assert.equal(entry.summary.apiTokensRevoked, tokens.length);
    await assert.rejects(signIn(app, slug, email), /sign-in refused with 401/);

    const list = await admin.get(`/t/${slug}/admin/users`).expect(200);
    assert.match(list.text, new RegExp(`id="user-${id}"[\\s\\S]*?Deactivated`));
    assert.equal((await submit(admin, `/admin/users/${id}/reactivate`, {})).status, 303);
    assert.equal((await userByEmail(email)).status, 'active');
    await request(app).get(`/t/${slug}/api/v1/me`).set(bearer).expect(401);
  });

  it('refuses a change without its CSRF token', async () => {
    const { id } = await userByEmail(`evaluator@${slug}.demo`);
    await admin.post(`/t/${slug}/admin/users/${id}/deactivate`).type('form').send({}).expect(403);
    await admin
      .post(`/t/${slug}/admin/users`)
      .type('form')
      .send(form({ email: `no.csrf@${slug}.example`, displayName: 'No Csrf', roles: 'auditor' }))
      .expect(403);
    assert.equal((await userByEmail(`evaluator@${slug}.demo`)).status, 'active');
    assert.equal(await userByEmail(`no.csrf@${slug}.example`), undefined);
  });

  it('answers 404, never 500, for unknown or malformed user ids', async () => {
    for (const id of [randomUUID(), 'not-a-uuid', encodeURIComponent("1'; drop table users;--"), '%E0%A4%A']) {
      const res = await submit(admin, `/admin/users/${id}/roles`, { roles: 'auditor' });
      assert.equal(res.status, 404, `${id}: ${res.status}`);
    }
    const res = await submit(admin, `/admin/users/${randomUUID()}/reactivate`, {});
    assert.equal(res.status, 404);
  });
});
