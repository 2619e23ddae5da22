import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { internalMetricsApp } from '../../server/http/metrics-access.js';
import { issueApiToken } from '../../server/identity/api-tokens.js';
import { createAccountToken } from '../../server/identity/tokens.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { DEMO_PASSWORD } from '../../server/tenancy/seed.js';
import { testPlatform, type TestPlatform } from '../support/platform.js';
import { csrfFrom } from '../support/session.js';

/**
 * The limits on anonymous and costly work, with small limits so that a few requests reach them.
 * TRUST_PROXY=true lets each test stand at client addresses of its own (X-Forwarded-For), so the
 * tests never spend each other's allowance. `korea` answers in Korean, `kurdistan` in Central Kurdish.
 */
const LIMITS = [
  'password-forgot-address=2/600',
  'password-forgot-account=2/600',
  'verification-resend-address=2/600',
  'verification-resend-account=2/600',
  'supplier-registration=1/600',
  'upload=2/600',
  'api-token=2/600',
  'contract-pdf=2/600',
  'public-search=3/600',
  'login-account-ceiling=4/600',
].join(',');
const METRICS_TOKEN = 'metrics-token-for-the-test-that-is-long-enough';

let nextAddress = 1;
/** A client address no other test has used. */
const fresh = () => `198.51.100.${nextAddress++}`;

describe('limits on anonymous and costly work', () => {
  let platform: TestPlatform;
  let app: Express;
  let korea: string;
  let kurdistan: string;
  const tokens: Record<string, string> = {};

  before(async () => {
    platform = await testPlatform({ env: { TRUST_PROXY: 'true', RATE_LIMITS: LIMITS, METRICS_TOKEN } });
    korea = (await platform.createTenant('korea', { demo: true })).slug;
    kurdistan = (await platform.createTenant('kurdistan', { demo: true })).slug;
    app = await platform.app();
    // Bearer tokens issued directly: the token endpoint has its own limit, tested below.
    const tenant = (await platform.tenancy.resolve(korea))!;
    await inTenant(tenant, async (tx) => {
      for (const role of ['supplier', 'officer']) {
        const user = await tx('users')
          .where({ email: `${role}@${korea}.demo` })
          .first<{ id: string }>('id');
        tokens[role] = (await issueApiToken(tx, user.id)).token;
      }
    });
  });
  after(() => platform.close());

  const from = (address: string) => ({ 'X-Forwarded-For': address });

  function assertRefusedPage(res: request.Response, heading: RegExp) {
    assert.equal(res.status, 429, res.text.slice(0, 300));
    assert.ok(Number(res.headers['retry-after']) > 0, 'Retry-After in seconds');
    assert.match(String(res.headers['content-type']), /text\/html/);
    assert.match(res.text, heading);
  }

  function assertRefusedProblem(res: request.Response) {
    assert.equal(res.status, 429, res.text.slice(0, 300));
    assert.ok(Number(res.headers['retry-after']) > 0, 'Retry-After in seconds');
    assert.match(String(res.headers['content-type']), /application\/problem\+json/);
    assert.equal(res.body.type, 'urn:koneps:problem:too_many_requests');
    assert.equal(res.body.title, '요청이 너무 많습니다');
    assert.ok(res.body.retryAfterSeconds > 0);
  }

  describe('public listings and searches (3 per address here)', () => {
    const pages = ['/notices', '/notices?q=x', '/plans', '/plans/execution', '/pre-specifications', '/contracts'];
    const api = ['/api/v1/notices', '/api/v1/plans', '/api/v1/pre-specifications', '/api/v1/contracts'];

    for (const path of pages) {
      it(`refuses the fourth GET ${path} from one address with a localized page, and serves other addresses and tenants`, async () => {
        const address = fresh();
        for (let i = 0; i < 3; i++) await request(app).get(`/t/${korea}${path}`).set(from(address)).expect(200);
        assertRefusedPage(await request(app).get(`/t/${korea}${path}`).set(from(address)), /요청이 너무 많습니다/);
        await request(app).get(`/t/${korea}${path}`).set(from(fresh())).expect(200);
        await request(app).get(`/t/${kurdistan}${path}`).set(from(address)).expect(200);
      });
    }

    for (const path of api) {
      it(`refuses the fourth GET ${path} from one address with problem+json, and serves other addresses and tenants`, async () => {
        const address = fresh();
        for (let i = 0; i < 3; i++) await request(app).get(`/t/${korea}${path}`).set(from(address)).expect(200);
        assertRefusedProblem(await request(app).get(`/t/${korea}${path}`).set(from(address)));
        await request(app).get(`/t/${korea}${path}`).set(from(fresh())).expect(200);
        await request(app).get(`/t/${kurdistan}${path}`).set(from(address)).expect(200);
      });
    }

    it('says how long to wait on the page, in the tenant language (Central Kurdish)', async () => {
      const address = fresh();
      for (let i = 0; i < 3; i++) await request(app).get(`/t/${kurdistan}/notices`).set(from(address)).expect(200);
      const res = await request(app).get(`/t/${kurdistan}/notices`).set(from(address));
      assertRefusedPage(res, /داواکاریی زۆر/);
      assert.match(res.text, /دوای 10 خولەک دووبارە هەوڵ بدەرەوە/);
    });
  });

  describe('forgotten password', () => {
    async function askReset(address: string, email: string, slug = korea) {
      const agent = request.agent(app);
      agent.set(from(address));
      const form = await agent.get(`/t/${slug}/password/forgot`).expect(200);
      return agent
        .post(`/t/${slug}/password/forgot`)
        .type('form')
        .send({ _csrf: csrfFrom(form.text), email });
    }

    it('refuses a third request from one address (2 here), whatever the e-mail addresses', async () => {
      const address = fresh();
      for (const who of ['a', 'b']) assert.equal((await askReset(address, `${who}@example.org`)).status, 200);
      assertRefusedPage(await askReset(address, 'c@example.org'), /요청이 너무 많습니다/);
      assert.equal((await askReset(fresh(), 'c@example.org')).status, 200);
      assert.equal((await askReset(address, 'c@example.org', kurdistan)).status, 200);
    });

    it('refuses a third request for one e-mail address from anywhere, alike whether an account has it or not', async () => {
      for (const email of [`supplier@${korea}.demo`, `nobody-${randomUUID()}@example.org`]) {
        const answers = [];
        for (let i = 0; i < 3; i++) answers.push(await askReset(fresh(), email));
        assert.deepEqual(
          answers.map((r) => r.status),
          [200, 200, 429],
          email,
        );
        assertRefusedPage(answers[2]!, /요청이 너무 많습니다/);
      }
      // The same address in another tenant is another account.
      assert.equal((await askReset(fresh(), `supplier@${kurdistan}.demo`, kurdistan)).status, 200);
    });
  });

  describe('resending the e-mail confirmation link', () => {
    async function askResend(address: string, email: string, slug = korea) {
      const agent = request.agent(app);
      agent.set(from(address));
      const form = await agent.get(`/t/${slug}/verify-email/resend`).expect(200);
      return agent
        .post(`/t/${slug}/verify-email/resend`)
        .type('form')
        .send({ _csrf: csrfFrom(form.text), email });
    }

    /** An account as registration leaves it: unconfirmed, its first link sent (and lost); or an invited one. */
    async function unconfirmedAccount(options: { registered: boolean }): Promise<string> {
      const email = `waiting-${randomUUID()}@example.org`;
      const tenant = (await platform.tenancy.resolve(korea))!;
      await inTenant(tenant, async (tx) => {
        const [user] = await tx('users')
          .insert({ email, display_name: 'Waiting', roles: ['supplier'], password_hash: 'x', email_verified_at: null })
          .returning<{ id: string }[]>('id');
        if (options.registered) await createAccountToken(tx, user!.id, 'verify-email');
      });
      return email;
    }

    /** The confirmation links mailed to `email` (other mail, such as resets, aside). */
    async function mailsTo(email: string): Promise<string[]> {
      const tenant = (await platform.tenancy.resolve(korea))!;
      const bodies = await inTenant(tenant, (tx) =>
        tx('outbound_emails').where({ recipient: email }).pluck<string[]>('body_text'),
      );
      return bodies.filter((body) => body.includes('/verify-email?token='));
    }

    it('sends a registered, unconfirmed account a new link that confirms it; others get the same answer and no mail', async () => {
      const waiting = await unconfirmedAccount({ registered: true });
      const invited = await unconfirmedAccount({ registered: false });
      const answers = [];
      for (const email of [waiting, invited, `nobody-${randomUUID()}@example.org`, `supplier@${korea}.demo`]) {
        const res = await askResend(fresh(), email);
        assert.equal(res.status, 200);
        answers.push(res.text.replace(/name="_csrf" value="[^"]*"/g, ''));
      }
      assert.equal(new Set(answers).size, 1, 'one answer whatever the account');
      const [body, ...more] = await mailsTo(waiting);
      assert.equal(more.length, 0);
      const link = /\/verify-email\?token=[A-Za-z0-9_-]{43}/.exec(body ?? '')?.[0];
      assert.ok(link, body);
      await request(app).get(`/t/${korea}${link}`).expect(200);
      assert.deepEqual(await mailsTo(invited), []);
      assert.deepEqual(await mailsTo(`supplier@${korea}.demo`), []);
      // Confirmed now: asking again sends nothing.
      await askResend(fresh(), waiting);
      assert.equal((await mailsTo(waiting)).length, 1);
    });

    it('refuses a third request from one address, and a third for one e-mail address from anywhere (2 each here)', async () => {
      const address = fresh();
      for (const who of ['a', 'b']) assert.equal((await askResend(address, `${who}@example.org`)).status, 200);
      assertRefusedPage(await askResend(address, 'c@example.org'), /요청이 너무 많습니다/);
      assert.equal((await askResend(address, 'c@example.org', kurdistan)).status, 200);
      const email = `nobody-${randomUUID()}@example.org`;
      for (let i = 0; i < 2; i++) assert.equal((await askResend(fresh(), email)).status, 200);
      assertRefusedPage(await askResend(fresh(), email), /요청이 너무 많습니다/);
    });
  });

  it('refuses a second supplier registration from one address (1 here) before reading its files', async () => {
    const address = fresh();
    const register = (slug: string, at: string) =>
      request(app)
        .post(`/t/${slug}/register`)
        .set(from(at))
        .attach('documents', Buffer.alloc(1024, 1), 'large.pdf')
        .field('legal_name_ko', 'x');
    // The first is refused for its missing CSRF token, after the limit has counted it.
    assert.equal((await register(korea, address)).status, 403);
    assertRefusedPage(await register(korea, address), /요청이 너무 많습니다/);
    assert.equal((await register(korea, fresh())).status, 403);
    assert.equal((await register(kurdistan, address)).status, 403);
  });

  it('counts uploads per account (2 here): past the limit files are refused, other accounts and plain requests go on', async () => {
    const notice = randomUUID();
    const bid = () =>
      request(app)
        .post(`/t/${korea}/api/v1/notices/${notice}/bids`)
        .set({ Authorization: `Bearer ${tokens.supplier}`, ...from(fresh()) })
        .attach('files', Buffer.from('%PDF-1.4 proposal'), 'proposal.pdf')
        .field('price', '1000');
    for (let i = 0; i < 2; i++) assert.notEqual((await bid()).status, 429);
    // From a new address each time: the account is what counts.
    assertRefusedProblem(await bid());
    // A bid without files reads no upload, so it is not held.
    const plain = await request(app)
      .post(`/t/${korea}/api/v1/notices/${notice}/bids`)
      .set({ Authorization: `Bearer ${tokens.supplier}` })
      .send({ price: 1000 });
    assert.notEqual(plain.status, 429);
    // The officer's uploads are the officer's.
    const officerUpload = await request(app)
      .post(`/t/${korea}/api/v1/notices/${notice}/documents`)
      .set({ Authorization: `Bearer ${tokens.officer}` })
      .attach('documents', Buffer.from('%PDF-1.4 spec'), 'spec.pdf');
    assert.notEqual(officerUpload.status, 429);
  });

  it('refuses a third API token request from one address (2 here), even with the right password', async () => {
    const address = fresh();
    const ask = (slug: string, at: string, email = `supplier@${slug}.demo`) =>
      request(app).post(`/t/${slug}/api/v1/auth/token`).set(from(at)).send({ email, password: DEMO_PASSWORD });
    // Failures for an address no account has: they spend the supplier no sign-in failures.
    for (let i = 0; i < 2; i++) assert.equal((await ask(korea, address, 'nobody@example.org')).status, 401);
    assertRefusedProblem(await ask(korea, address));
    assert.equal((await ask(korea, fresh())).status, 201);
    assert.equal((await ask(kurdistan, address)).status, 201);
  });

  it('refuses a third contract PDF from one address (2 here) before printing anything', async () => {
    const address = fresh();
    const pdf = (slug: string, at: string, api = '') =>
      request(app).get(`/t/${slug}${api}/contracts/${randomUUID()}/pdf`).set(from(at));
    for (let i = 0; i < 2; i++) assert.equal((await pdf(korea, address)).status, 404);
    assertRefusedPage(await pdf(korea, address), /요청이 너무 많습니다/);
    assertRefusedProblem(await pdf(korea, address, '/api/v1'));
    assert.equal((await pdf(korea, fresh())).status, 404);
    assert.equal((await pdf(kurdistan, address)).status, 404);
  });

  describe('the ceiling on failed sign-ins per account across addresses (4 here)', () => {
    async function signInFrom(slug: string, address: string, password = DEMO_PASSWORD) {
      const agent = request.agent(app);
      agent.set(from(address));
      const form = await agent.get(`/t/${slug}/login`).expect(200);
      return agent
        .post(`/t/${slug}/login`)
        .type('form')
        .send({ _csrf: csrfFrom(form.text), email: `supplier@${slug}.demo`, password });
    }

    it('holds the account at new addresses, not at one it signed in from before, nor in another tenant', async () => {
      const office = fresh();
      assert.equal((await signInFrom(korea, office)).status, 303);
      // A rival guesses from four addresses, once each: under every per-address limit.
      for (let i = 0; i < 4; i++) assert.equal((await signInFrom(korea, fresh(), `guess-${i}-wrong`)).status, 401);
      const elsewhere = await signInFrom(korea, fresh());
      assert.equal(elsewhere.status, 429);
      assert.ok(Number(elsewhere.headers['retry-after']) > 0);
      // The supplier at the office is not locked out; the same e-mail in another tenant is another account.
      assert.equal((await signInFrom(korea, office)).status, 303);
      assert.equal((await signInFrom(kurdistan, fresh())).status, 303);
    });

    it('is lifted by a password reset, which proves the mailbox', async () => {
      const { throttle } = await platform.services();
      const email = `someone-${randomUUID()}@example.org`;
      for (let i = 0; i < 4; i++) await throttle.failed(korea, email, fresh());
      assert.equal((await throttle.check(korea, email, fresh())).allowed, false);
      await throttle.accountRecovered(korea, email);
      assert.equal((await throttle.check(korea, email, fresh())).allowed, true);
    });
  });

  describe('/metrics', () => {
    it('refuses a scraper without the METRICS_TOKEN bearer secret, or with another', async () => {
      const none = await request(app).get('/metrics').expect(401);
      assert.match(String(none.headers['www-authenticate']), /^Bearer/);
      assert.doesNotMatch(none.text, /koneps_queue_jobs/);
      await request(app).get('/metrics').set('Authorization', 'Bearer not-the-token').expect(401);
    });

    it('answers on the internal METRICS_PORT app without a secret, and serves nothing else there', async () => {
      const internal = internalMetricsApp((await platform.services()).metrics.registry);
      const res = await request(internal).get('/metrics').expect(200);
      assert.match(res.text, /koneps_queue_jobs/);
      await request(internal).get(`/t/${korea}/notices`).expect(404);
    });

    it('answers with the bearer secret', async () => {
      const res = await request(app).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
      assert.match(String(res.headers['content-type']), /text\/plain/);
      assert.match(res.text, new RegExp(`koneps_outbox_pending\\{tenant="${korea}"\\}`));
    });
  });
});
