import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import type { AuditContext } from '../../server/audit/trail.js';
import { issueApiToken } from '../../server/identity/api-tokens.js';
import { moveSandboxClock, NotASandboxError, ClockBackwardError } from '../../server/sandbox/clock.js';
import { traineeCards, traineeEmail } from '../../server/sandbox/trainees.js';
import type { Services } from '../../server/services.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import type { TenantHandle } from '../../server/tenancy/tenant-handle.js';
import type { Bidder } from '../support/bidders.js';
import { buildNotice, type TenderWorld } from '../support/factories.js';
import { currentTotp } from '../support/session.js';
import { testPlatform, uniqueSlug, type TestPlatform } from '../support/platform.js';
import { testSandbox } from '../support/sandbox.js';

const TRAINER: AuditContext = { actor: { type: 'platform', id: null, label: 'trainer@platform.test' } };
const DAY = 86_400_000;

/** The day, 70 days from now, on which this test's kurdistan lets one failed tender suffice. */
const AMENDED_FROM = new Date(Date.now() + 70 * DAY).toISOString().slice(0, 10);

/**
 * The shipped configs, with a later version of kurdistan's failed-tenders rule: a direct contract
 * after one failed tender from AMENDED_FROM. Only a clock moved past that day applies it.
 */
function tenantsWithAmendment(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sandbox-tenants-'));
  for (const file of readdirSync('tenants').filter((f) => f.endsWith('.yaml'))) {
    let text = readFileSync(path.join('tenants', file), 'utf8');
    if (file === 'kurdistan.yaml') {
      const v1 = /( *)- id: failed-attempts-before-direct\n(?:\1 .*\n)+/.exec(text)!;
      const pad = v1[1]!;
      text = text.replace(
        v1[0],
        `${v1[0]}${pad}- id: failed-attempts-before-direct\n${pad}  version: 2\n${pad}  effectiveFrom: '${AMENDED_FROM}'\n` +
          `${pad}  source: 'training amendment (test)'\n${pad}  label: training amendment\n${pad}  value: { count: 1 }\n`,
      );
    }
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** A date-time in Baghdad (UTC+3), as the notice forms take it, `days` after `from`. */
function baghdad(from: Date, days: number, hh: string): string {
  const day = new Date(from.getTime() + days * DAY + 3 * 3_600_000).toISOString().slice(0, 10);
  return `${day}T${hh}`;
}

describe('a training sandbox and its clock', () => {
  let platform: TestPlatform;
  let services: Services;
  let slug: string;
  let sandbox: TenantHandle;
  let partner: TenantHandle;

  const fresh = async (s: string) => (await platform.tenancy.resolve(s))!;
  const tokenFor = (tenant: TenantHandle, email: string) =>
    inTenant(tenant, async (tx) => {
      const user = await tx('users').where({ email }).first<{ id: string }>('id');
      return { Authorization: `Bearer ${(await issueApiToken(tx, user.id)).token}` };
    });

  before(async () => {
    platform = await testPlatform({ env: { TENANTS_DIR: tenantsWithAmendment() } });
    await platform.app();
    services = await platform.services();
    partner = await fresh((await platform.createTenant('kurdistan', { demo: true })).slug);
    slug = uniqueSlug('sbx');
    const started = performance.now();
    await testSandbox(services, slug, {
      trainees: 12,
      days: 14,
    });
    console.log(`      (12 trainees: created in ${Math.round(performance.now() - started)} ms)`);
    sandbox = await fresh(slug);
  });
  after(() => platform.close());

  it('gives each of the 12 trainees an officer, an evaluator and a supplier account, and a card', async () => {
    assert.equal(sandbox.kind, 'sandbox');
    assert.equal(sandbox.sandbox?.trainees, 12);
    const cards = await inTenant(sandbox, (tx) => traineeCards(services, tx, sandbox));
    assert.equal(cards.length, 12);
    assert.equal(new Set(cards.map((c) => c.password)).size, 12, 'each trainee has a password of their own');
    assert.match(cards[0]!.password, /^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/);
    const accounts = await inTenant(sandbox, (tx) =>
      tx('users')
        .whereLike('email', `t%.%@${slug}.sandbox`)
        .select<{ email: string; roles: string[] }[]>('email', 'roles'),
    );
    assert.equal(accounts.length, 36);
    // A sign-in with the printed password and a code from the printed authenticator key works.
    const signIn = await request(await platform.app())
      .post(`/s/${slug}/api/v1/auth/token`)
      .send({
        email: traineeEmail(slug, 3, 'supplier'),
        password: cards[2]!.password,
        secondFactor: await currentTotp(cards[2]!.totpSecret),
      });
    assert.equal(signIn.status, 201, JSON.stringify(signIn.body));
  });

  it('moves forward only, for a sandbox only, and the database itself refuses a partner an offset', async () => {
    const before = await inTenant(sandbox, (tx) => tx.raw<{ rows: { now: Date }[] }>('select app_now() as now'));
    const backward = moveSandboxClock(services, TRAINER, slug, { kind: 'at', at: new Date(Date.now() - DAY) });
    await assert.rejects(backward, ClockBackwardError);
    await assert.rejects(moveSandboxClock(services, TRAINER, partner.slug, { kind: 'by', ms: DAY }), NotASandboxError);
    await assert.rejects(
      platform.databases.primary.raw(`update platform.tenants set clock_offset_ms = 1000 where slug = ?`, [
        partner.slug,
      ]),
      /tenants_clock_offset_check/,
    );
    // A partner's tender, whose opening job waits on the real calendar.
    const partnerWorld: TenderWorld = {
      platform,
      app: await platform.app(),
      slug: partner.slug,
      tenant: partner,
      officer: await tokenFor(partner, `officer@${partner.slug}.demo`),
      setClock: () => Promise.reject(new Error('a partner runs on the real time')),
      logs: [],
    };
    const partnerNotice = await buildNotice(partnerWorld, {
      state: 'open',
      fields: {
        title_ckb: 'کڕینی کاغەز',
        estimatedPrice: 30_000_000,
        bidSecurityPercent: 2,
        submissionDeadline: baghdad(new Date(), 12, '10:00'),
        openingAt: baghdad(new Date(), 12, '10:30'),
      },
      bids: [],
    });
    const partnerJob = async () => {
      for (let i = 0; i < 50; i++) {
        const job = await services.queues.queues.critical.getJob(`open-${partner.slug}-${partnerNotice.id}-r0`);
        if (job) return job;
        await sleep(100);
      }
      throw new Error("the partner's opening job was not queued");
    };
    const dueBefore = await partnerJob().then((j) => j.timestamp + (j.delay ?? 0));

    const moved = await moveSandboxClock(services, TRAINER, slug, { kind: 'by', ms: 3 * DAY });
    assert.ok(moved.to.getTime() - moved.from.getTime() === 3 * DAY);
    sandbox = await fresh(slug);
    const after = await inTenant(sandbox, (tx) => tx.raw<{ rows: { now: Date }[] }>('select app_now() as now'));
    const ahead = after.rows[0]!.now.getTime() - before.rows[0]!.now.getTime();
    assert.ok(ahead >= 3 * DAY && ahead < 3 * DAY + 60_000, `moved ${ahead} ms`);
    // The partner's clock did not move.
    const real = await inTenant(await fresh(partner.slug), (tx) =>
      tx.raw<{ rows: { now: Date }[] }>('select app_now() as now'),
    );
    assert.ok(Math.abs(real.rows[0]!.now.getTime() - Date.now()) < 60_000);
    // Nor did its job.
    const job = await partnerJob();
    assert.equal(await job.getState(), 'delayed');
    assert.equal(job.timestamp + (job.delay ?? 0), dueBefore);
    // The move is in the sandbox's audit trail.
    const entry = await inTenant(sandbox, (tx) => tx('audit_entries').where({ action: 'sandbox.clock-moved' }).first());
    assert.equal(entry?.summary.target, 'by');
  });

  it('opens a tender when the sandbox reaches its opening, and the failed tender allows a direct contract', async () => {
    const app = await platform.app();
    const officerEmail = traineeEmail(slug, 1, 'officer');
    const bidders: Bidder[] = [];
    const refresh = async () => {
      sandbox = await fresh(slug);
      world.tenant = sandbox;
      world.officer = await tokenFor(sandbox, officerEmail);
      for (const b of bidders) b.auth = await tokenFor(sandbox, b.email);
    };
    const world: TenderWorld = {
      platform,
      app,
      slug,
      tenant: sandbox,
      officer: {},
      setClock: () => Promise.reject(new Error('a sandbox moves its clock through moveSandboxClock')),
      logs: [],
    };
    await refresh();
    const supplier = await inTenant(sandbox, (tx) =>
      tx('users')
        .join('suppliers', 'suppliers.id', 'users.supplier_id')
        .where({ email: traineeEmail(slug, 2, 'supplier') })
        .first<{ id: string; supplier_id: string; registration_no: string }>(
          'users.id',
          'users.supplier_id',
          'suppliers.registration_no',
        ),
    );
    bidders.push({
      supplierId: supplier.supplier_id,
      userId: supplier.id,
      email: traineeEmail(slug, 2, 'supplier'),
      registrationNo: supplier.registration_no,
      auth: {},
    });
    await refresh();
    const now = (await inTenant(sandbox, (tx) => tx.raw<{ rows: { now: Date }[] }>('select app_now() as now'))).rows[0]!
      .now;
    const notice = await buildNotice(world, {
      state: 'open',
      fields: {
        title_ckb: 'کڕینی کەلوپەلی ڕاهێنان',
        estimatedPrice: 50_000_000,
        bidSecurityPercent: 2,
        submissionDeadline: baghdad(now, 12, '10:00'),
        openingAt: baghdad(now, 12, '10:30'),
      },
      bids: [{ by: bidders[0]!, price: 45_000_000 }],
    });
    const jobId = `open-${slug}-${notice.id}-r0`;
    let job = await services.queues.queues.critical.getJob(jobId);
    for (let i = 0; i < 50 && !job; i++) {
      await sleep(100);
      job = await services.queues.queues.critical.getJob(jobId);
    }
    assert.equal(await job!.getState(), 'delayed');

    await openedByItsJob(notice.id);
    await refresh();
    const api = (path: string) => request(app).post(`/s/${slug}/api/v1/notices/${path}?lng=en`).set(world.officer);
    const justification = {
      justification: 'The tender failed for want of bidders; the class records a direct contract.',
    };
    // Kurdistan asks for two failed tenders, counted on the sandbox's moved calendar.
    const refused = await api(`${notice.id}/direct-contract`).send(justification).expect(422);
    assert.match(JSON.stringify(refused.body), /needs 2 failed tenders.*this procurement has 1/);

    const later = (await inTenant(sandbox, (tx) => tx.raw<{ rows: { now: Date }[] }>('select app_now() as now')))
      .rows[0]!.now;
    const retender = await api(`${notice.id}/retender`)
      .send({ submissionDeadline: baghdad(later, 14, '10:00'), openingAt: baghdad(later, 14, '11:00') })
      .expect(201);
    const again = retender.body.id as string;
    const published = await api(`${again}/publish`);
    assert.equal(published.status, 200, JSON.stringify(published.body));

    await request(app)
      .post(`/s/${slug}/api/v1/notices/${again}/bids`)
      .set(bidders[0]!.auth)
      .send({ price: 45_000_000, bidSecurityAmount: 900_000, picks: [1, 2] })
      .expect(201);
    await openedByItsJob(again);
    await refresh();
    const chosen = await request(app)
      .post(`/s/${slug}/api/v1/notices/${again}/direct-contract?lng=en`)
      .set(world.officer)
      .send(justification);
    assert.equal(chosen.status, 201, JSON.stringify(chosen.body));
    assert.ok(
      (chosen.body.rules as string[]).includes('failed-attempts-before-direct v1'),
      JSON.stringify(chosen.body),
    );

    // A third tender fails once; past AMENDED_FROM on the sandbox's clock, one failure suffices.
    const now3 = (await inTenant(sandbox, (tx) => tx.raw<{ rows: { now: Date }[] }>('select app_now() as now')))
      .rows[0]!.now;
    const third = await buildNotice(world, {
      state: 'open',
      fields: {
        title_ckb: 'کڕینی کورسی ڕاهێنان',
        estimatedPrice: 40_000_000,
        bidSecurityPercent: 2,
        submissionDeadline: baghdad(now3, 12, '10:00'),
        openingAt: baghdad(now3, 12, '10:30'),
      },
      bids: [{ by: bidders[0]!, price: 36_000_000 }],
    });
    await openedByItsJob(third.id);
    await refresh();
    await api(`${third.id}/direct-contract`).send(justification).expect(422);
    await moveSandboxClock(services, TRAINER, slug, { kind: 'at', at: new Date(`${AMENDED_FROM}T06:00:00Z`) });
    await refresh();
    const amended = await request(app)
      .post(`/s/${slug}/api/v1/notices/${third.id}/direct-contract?lng=en`)
      .set(world.officer)
      .send(justification);
    assert.equal(amended.status, 201, JSON.stringify(amended.body));
    assert.ok(
      (amended.body.rules as string[]).includes('failed-attempts-before-direct v2, training amendment'),
      JSON.stringify(amended.body.rules),
    );

    // The sandbox's jobs ran, and stayed out of the production metrics; the partner's are there.
    const metrics = await services.metrics.registry.metrics();
    assert.doesNotMatch(metrics, new RegExp(`tenant="${slug}"`));
    assert.match(metrics, new RegExp(`koneps_outbox_pending\\{tenant="${partner.slug}"\\}`));

    /** Moves the sandbox's clock to the notice's opening and waits for its job to open it. */
    async function openedByItsJob(noticeId: string): Promise<void> {
      await moveSandboxClock(services, TRAINER, slug, { kind: 'opening', noticeId });
      let opened: { opened_at: Date | null; status_details: string } | undefined;
      for (let i = 0; i < 150 && !opened?.opened_at; i++) {
        await sleep(100);
        opened = await inTenant(sandbox, (tx) => tx('notices').where({ id: noticeId }).first());
      }
      assert.ok(opened?.opened_at, 'the opening job opened the tender at the moved time');
      assert.equal(opened.status_details, 'failed');
    }
  });
});
