import assert from 'node:assert/strict';
import type { Express } from 'express';
import { generate } from 'otplib';
import request from 'supertest';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../server/tenancy/seed.js';
import { testPlatform, uniqueSlug, type TestPlatform } from '../support/platform.js';
import { csrfFrom } from '../support/session.js';

describe('the platform staff desk', () => {
  let platform: TestPlatform;
  let app: Express;
  let granted: string;
  let other: string;
  const agentEmail = `${uniqueSlug('agent')}@platform.test`;
  before(async () => {
    platform = await testPlatform();
    granted = (await platform.createTenant('kurdistan', { demo: true })).slug;
    other = (await platform.createTenant('korea', { demo: true })).slug;
    app = await platform.app();
    const services = await platform.services();
    await services.staff.upsert({
      email: agentEmail,
      name: 'Agent Test',
      role: 'agent',
      password: DEMO_PASSWORD,
      totpSecret: DEMO_TOTP_SECRET,
      grants: [granted],
    });
  });
  after(() => platform.close());

  async function staffSignIn(email: string, code?: string) {
    const agent = request.agent(app);
    const form = await agent.get('/platform/login').expect(200);
    const res = await agent
      .post('/platform/login')
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        email,
        password: DEMO_PASSWORD,
        code: code ?? (await generate({ secret: DEMO_TOTP_SECRET })),
      });
    return { agent, res };
  }

  it('requires the second factor of staff at every sign-in', async () => {
    const { res } = await staffSignIn(agentEmail, '000000');
    assert.equal(res.status, 401);
  });

  it('sends an agent’s old look-up address to the console, and keeps tenants not granted out of it', async () => {
    const { agent, res } = await staffSignIn(agentEmail);
    assert.equal(res.status, 303);
    const old = await agent.get(`/platform/lookup?tenant=${granted}&q=officer`).expect(301);
    assert.equal(old.headers.location, '/platform/console?q=officer');
    const found = await agent.get('/platform/console?q=officer&lng=en').expect(200);
    assert.match(found.text, new RegExp(`officer@${granted}.demo`));
    assert.doesNotMatch(found.text, new RegExp(`officer@${other}.demo`));
    // Roles and statuses in words, never their codes.
    assert.match(found.text, /<td>Procurement officer<\/td>/);
    assert.match(found.text, /<td>Active<\/td>/);
    const tenant = (await platform.tenancy.resolve(granted))!;
    const entry = await inTenant(tenant, (tx) =>
      tx('audit_entries')
        .where({ action: 'callcenter.search' })
        .first<{ actor_type: string; actor_label: string; summary: { query: string } }>(),
    );
    assert.equal(entry?.actor_type, 'platform');
    assert.equal(entry?.actor_label, agentEmail);
    assert.equal(entry?.summary.query, 'officer');
  });

  it('shows bull-board to operators and refuses everyone else', async () => {
    const services = await platform.services();
    const operatorEmail = `${uniqueSlug('op')}@platform.test`;
    await services.staff.upsert({
      email: operatorEmail,
      name: 'Operator Test',
      role: 'operator',
      password: DEMO_PASSWORD,
      totpSecret: DEMO_TOTP_SECRET,
      grants: [],
    });
    const { agent: operator } = await staffSignIn(
      operatorEmail,
      await generate({ secret: DEMO_TOTP_SECRET, epoch: Math.floor(Date.now() / 1000) + 30 }),
    );
    const board = await operator.get('/platform/jobs').expect(200);
    assert.match(board.text, /__UI_CONFIG__/);
    const queues = await operator.get('/platform/jobs/api/queues').expect(200);
    assert.deepEqual((queues.body as { queues: { name: string }[] }).queues.map((q) => q.name).sort(), [
      'critical',
      'maintenance',
      'notifications',
    ]);
    await request(app).get('/platform/jobs').expect(302);
    const { agent } = await staffSignIn(
      agentEmail,
      await generate({ secret: DEMO_TOTP_SECRET, epoch: Math.floor(Date.now() / 1000) + 30 }),
    );
    await agent.get('/platform/jobs').expect(403);
  });

  it('does not serve /metrics, which names every tenant, when neither METRICS_TOKEN nor METRICS_PORT is set', async () => {
    const res = await request(app).get('/metrics').expect(404);
    assert.doesNotMatch(res.text, /koneps_queue_jobs/);
  });

  it('keeps the desk from anonymous visitors', async () => {
    const res = await request(app).get('/platform/desk').expect(302);
    assert.equal(res.headers.location, '/platform/login');
  });
});
