/**
 * No secret reaches a log line. With the logger at trace, the test drives what carries secrets
 * over HTTP — sign-in with password and TOTP, API tokens, a password reset, an invitation, e-mail
 * verification, bids, the staff desk — collects every session id, CSRF token, API token, one-time
 * token, TOTP code and password it used, and searches all the output for each of them.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import request from 'supertest';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../server/tenancy/seed.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { asSuperuser } from '../support/cli.js';
import { freshTotp, type Agent } from '../support/session.js';
import { publishedNotice, publishedPlanEntry, securityFor, tenderWorld, type TenderWorld } from '../support/tender.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
/** Cookies whose value is a credential (the language cookie is not). */
const SECRET_COOKIES = ['koneps.sid', 'koneps.csrf', 'koneps.device'];

interface LogLine {
  req?: { id?: string; method?: string; url?: string };
  res?: { statusCode?: number };
  tenant?: string;
  responseTime?: number;
  msg?: string;
  err?: { message?: string };
}

describe('logs at trace level hold no secret', () => {
  let world: TenderWorld;
  let slug: string;
  let notice: { id: string; noticeNo: string };
  /** Every secret the test used or was given, with what it is. */
  const secrets = new Map<string, string>();
  /** TOTP codes are six digits: searched as whole numbers so a timestamp cannot match them. */
  const codes = new Map<string, string>();
  const newPassword = (label: string) =>
    keep(`${label} password`, `${randomBytes(6).toString('hex')}-quiet-lantern-harbour`);

  function keep(label: string, value: string): string {
    secrets.set(value, label);
    return value;
  }

  /** Keeps the credentials a response sets in cookies: the value as sent back, decoded, and the bare session id. */
  function seen<T extends request.Response>(res: T): T {
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    for (const cookie of cookies) {
      const [name, raw] = cookie.split(';')[0]!.split('=') as [string, string];
      if (!SECRET_COOKIES.includes(name) || raw === '') continue;
      const value = decodeURIComponent(raw);
      keep(`${name} cookie`, raw);
      keep(`${name} cookie (decoded)`, value);
      // express-session signs "s:<id>.<signature>"; the id alone opens the session in the store.
      if (value.startsWith('s:')) keep(`${name} session id`, value.slice(2, value.lastIndexOf('.')));
    }
    return res;
  }

  /** The CSRF token of a page, kept. */
  function csrfOf(res: request.Response): string {
    const token = /name="_csrf" value="([^"]+)"/.exec(res.text)?.[1];
    assert.ok(token, `no CSRF token on ${res.text.slice(0, 200)}`);
    return keep('CSRF token', token);
  }

  async function totp(account: string): Promise<string> {
    const code = await freshTotp(account, DEMO_TOTP_SECRET);
    codes.set(code, `TOTP code of ${account}`);
    return code;
  }

  /** The link in the latest e-mail to `recipient` whose path is `path`; its token is kept. */
  async function mailedLink(recipient: string, path: string, label: string): Promise<string> {
    const bodies = await inTenant(world.tenant, (tx) =>
      tx('outbound_emails').where({ recipient }).orderBy('created_at', 'desc').pluck('body_text'),
    );
    const pattern = new RegExp(`/t/${slug}${path}\\?token=([A-Za-z0-9_-]{43})`);
    const found = (bodies as string[]).map((body) => pattern.exec(body)).find(Boolean);
    assert.ok(found, `no ${label} link was mailed to ${recipient}`);
    keep(`${label} token`, found[1]!);
    return found[0];
  }

  /** Signs in through the pages as a browser does: the password form, then the TOTP form when asked. */
  async function signInThroughPages(email: string, password: string): Promise<Agent> {
    const agent = request.agent(world.app);
    const form = seen(await agent.get(`/t/${slug}/login`).expect(200));
    const res = seen(
      await agent
        .post(`/t/${slug}/login`)
        .type('form')
        .send({ _csrf: csrfOf(form), email, password })
        .expect(303),
    );
    if (String(res.headers.location).includes('/login/second-factor')) {
      const page = seen(await agent.get(String(res.headers.location)).expect(200));
      seen(
        await agent
          .post(`/t/${slug}/login/second-factor`)
          .type('form')
          .send({ _csrf: csrfOf(page), code: await totp(`${slug}/${email}`) })
          .expect(303),
      );
    }
    return agent;
  }

  before(async () => {
    world = await tenderWorld('korea', '2026-09-01T01:00:00Z');
    slug = world.slug;
    keep('demo password', DEMO_PASSWORD);
    keep('officer API token', world.officer.Authorization!.slice('Bearer '.length));
  });
  after(() => world.platform.close());

  it('signs the tenant admin in with password and TOTP, and out with the CSRF token in a header', async () => {
    const admin = await signInThroughPages(`tenant-admin@${slug}.demo`, DEMO_PASSWORD);
    const account = seen(await admin.get(`/t/${slug}/account`).expect(200));
    seen(await admin.post(`/t/${slug}/logout`).set('X-CSRF-Token', csrfOf(account)).expect(303));
  });

  it('invites a user, who follows the e-mailed link and chooses a password', async () => {
    const admin = await signInThroughPages(`tenant-admin@${slug}.demo`, DEMO_PASSWORD);
    const users = seen(await admin.get(`/t/${slug}/admin/users`).expect(200));
    const email = `invitee-${randomBytes(3).toString('hex')}@${slug}.example`;
    seen(
      await admin
        .post(`/t/${slug}/admin/users`)
        .type('form')
        .send({ _csrf: csrfOf(users), email, displayName: 'Invited Evaluator', roles: 'evaluator', agencyId: '' })
        .expect(303),
    );
    const link = await mailedLink(email, '/invitation', 'invitation');
    const invitee = request.agent(world.app);
    const page = seen(await invitee.get(link).expect(200));
    seen(
      await invitee
        .post(`/t/${slug}/invitation`)
        // A browser that ignores our Referrer-Policy names the page the form came from.
        .set('Referer', `http://127.0.0.1${link}`)
        .type('form')
        .send({ _csrf: csrfOf(page), token: link.split('token=')[1], password: newPassword('invitee') })
        .expect(200),
    );
  });

  let supplierPassword: string;
  it("resets the demo supplier's password from the e-mailed link", async () => {
    const visitor = request.agent(world.app);
    const email = `supplier@${slug}.demo`;
    const forgot = seen(await visitor.get(`/t/${slug}/password/forgot`).expect(200));
    seen(
      await visitor
        .post(`/t/${slug}/password/forgot`)
        .type('form')
        .send({ _csrf: csrfOf(forgot), email })
        .expect(200),
    );
    const link = await mailedLink(email, '/password/reset', 'password reset');
    const page = seen(await visitor.get(link).expect(200));
    supplierPassword = newPassword('supplier');
    const done = seen(
      await visitor
        .post(`/t/${slug}/password/reset`)
        .set('Referer', `http://127.0.0.1${link}`)
        .type('form')
        .send({ _csrf: csrfOf(page), token: link.split('token=')[1], password: supplierPassword })
        .expect(200),
    );
    assert.match(done.text, /href="\/t\/[^/]+\/login"/);
  });

  let supplierAuth: Record<string, string>;
  it('issues API tokens for a password and for a password with a second factor, and uses them', async () => {
    const issued = seen(
      await request(world.app)
        .post(`/t/${slug}/api/v1/auth/token`)
        .send({ email: `supplier@${slug}.demo`, password: supplierPassword })
        .expect(201),
    );
    supplierAuth = { Authorization: `Bearer ${keep('supplier API token', issued.body.token as string)}` };
    await request(world.app).get(`/t/${slug}/api/v1/me`).set(supplierAuth).expect(200);

    const officer = `officer@${slug}.demo`;
    const withCode = seen(
      await request(world.app)
        .post(`/t/${slug}/api/v1/auth/token`)
        .send({ email: officer, password: DEMO_PASSWORD, secondFactor: await totp(`${slug}/${officer}`) })
        .expect(201),
    );
    world.officer = { Authorization: `Bearer ${keep('officer API token', withCode.body.token as string)}` };
    const planEntryId = await publishedPlanEntry(world, { title_ko: '로그 점검 구매 계획' });
    notice = await publishedNotice(world, {
      planEntryId,
      title_ko: '로그 점검 구매',
      estimatedPrice: 60_000_000,
      submissionDeadline: '2026-09-10T10:00',
      openingAt: '2026-09-10T11:00',
    });
  });

  it("verifies a new supplier's e-mail address from the e-mailed link", async () => {
    const visitor = request.agent(world.app);
    const email = `verify-${randomBytes(3).toString('hex')}@example.kr`;
    const form = seen(await visitor.get(`/t/${slug}/register`).expect(200));
    let post = visitor.post(`/t/${slug}/register`).field('_csrf', csrfOf(form));
    const fields = {
      legal_name_ko: '로그점검 주식회사',
      legal_name_en: 'Log Check Co., Ltd.',
      registration_no: `LOG-${randomBytes(3).toString('hex')}`,
      tax_id: 'TX-LOG-1',
      representative: '김철수',
      address: '서울특별시 중구 세종대로 110',
      contact_phone: '+82 2 0000 0000',
      name: '이영희',
      email,
      password: newPassword('registering supplier'),
      pledge: '1',
      categories: 'goods',
    };
    for (const [name, value] of Object.entries(fields)) post = post.field(name, value);
    seen(await post.attach('documents', PDF, 'certificate.pdf').expect(200));
    const link = await mailedLink(email, '/verify-email', 'e-mail verification');
    seen(await request(world.app).get(link).expect(200));
  });

  it('submits bids through the API and through the pages', async () => {
    await request(world.app)
      .post(`/t/${slug}/api/v1/notices/${notice.id}/bids`)
      .set(supplierAuth)
      .send({ price: 55_000_000, bidSecurityAmount: securityFor(55_000_000), picks: [2, 11] })
      .expect(201);
    const supplier = await signInThroughPages(`supplier@${slug}.demo`, supplierPassword);
    const form = seen(await supplier.get(`/t/${slug}/notices/${notice.id}/bid`).expect(200));
    seen(
      await supplier
        .post(`/t/${slug}/notices/${notice.id}/bid`)
        .field('_csrf', csrfOf(form))
        .field('price', '54000000')
        .field('bidSecurityAmount', String(securityFor(54_000_000)))
        .field('picks', '3')
        .field('picks', '9')
        .expect(201),
    );
    await request(world.app).delete(`/t/${slug}/api/v1/auth/token`).set(supplierAuth).expect(204);
  });

  it('signs a platform staff member in on /platform with password and TOTP', async () => {
    const email = `operator-${randomBytes(3).toString('hex')}@platform.test`;
    const password = newPassword('staff');
    const services = await world.platform.services();
    await services.staff.upsert({
      email,
      name: 'Log Check Operator',
      role: 'operator',
      password,
      totpSecret: DEMO_TOTP_SECRET,
      grants: [slug],
    });
    const staff = request.agent(world.app);
    const form = seen(await staff.get('/platform/login').expect(200));
    seen(
      await staff
        .post('/platform/login')
        .type('form')
        .send({ _csrf: csrfOf(form), email, password, code: await totp(`platform/${email}`) })
        .expect(303),
    );
    seen(await staff.get('/platform/desk').expect(200));
  });

  it('answers a request that fails unexpectedly with 500, and logs the failure', async () => {
    const visitor = request.agent(world.app);
    const login = seen(await visitor.get(`/t/${slug}/login`).expect(200));
    const token = keep('unknown reset token', randomBytes(32).toString('base64url'));
    // The query that fails binds the token's hash: its message must name the placeholder, not the value.
    keep('hash of the unknown reset token', createHash('sha256').update(token).digest('hex'));
    // As the superuser: the application role may not alter tables.
    await asSuperuser(world.tenant.schema, (c) => c.query('alter table account_tokens rename to account_tokens_away'));
    try {
      await visitor
        .get(`/t/${slug}/password/reset?token=${token}&lng=en`)
        .set('Authorization', `Bearer ${keep('bearer token', randomBytes(24).toString('base64url'))}`)
        .set('X-CSRF-Token', csrfOf(login))
        .expect(500);
    } finally {
      await asSuperuser(world.tenant.schema, (c) =>
        c.query('alter table account_tokens_away rename to account_tokens'),
      );
    }
  });

  it('wrote none of those secrets to the log, whose request lines still say what happened', () => {
    const output = world.logs.join('');
    assert.ok(secrets.size > 20 && codes.size > 0, `only ${secrets.size} secrets and ${codes.size} codes collected`);
    const leaks: string[] = [];
    for (const [value, label] of secrets) {
      if (output.includes(value) || output.includes(encodeURIComponent(value))) leaks.push(label);
    }
    for (const [code, label] of codes)
      if (new RegExp(`(?<![0-9A-Za-z])${code}(?![0-9A-Za-z])`).test(output)) leaks.push(label);
    assert.deepEqual([...new Set(leaks)], [], 'secrets found in the log');

    // Operators still see each request: its id, tenant, method, path, status and duration.
    const entries = world.logs
      .flatMap((chunk) => chunk.split('\n'))
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LogLine);
    const reset = entries.find(
      (entry) => entry.req?.method === 'GET' && entry.res && String(entry.req.url).includes('/password/reset'),
    );
    assert.ok(reset, 'the reset page request is logged');
    assert.equal(reset.req!.url, `/t/${slug}/password/reset?token=[redacted]`);
    assert.match(String(reset.req!.id), /^[0-9a-f-]{36}$/);
    assert.equal(reset.tenant, slug);
    assert.equal(reset.res!.statusCode, 200);
    assert.equal(typeof reset.responseTime, 'number');
    // The unexpected failure is logged with its request and the database's message.
    const failure = entries.find((entry) => entry.msg === 'unexpected error');
    assert.ok(failure, 'the unexpected failure is logged');
    assert.match(String(failure.req?.url), /\/password\/reset\?token=\[redacted\]&lng=en$/);
    assert.match(String(failure.err?.message), /relation "account_tokens" does not exist/);
  });
});
