/**
 * For test/e2e/addenda.test.ts: a korea tenant on a clock the test moves, the demo officer's and
 * supplier's bearer tokens, a published plan entry, and short ways to draft and publish notices,
 * read them back, count stored documents, read the mail a user was sent, and run the CLI.
 */
import { createHash } from 'node:crypto';
import type { Express } from 'express';
import type { Knex } from 'knex';
import { generate } from 'otplib';
import request from 'supertest';
import { runTenantsCli } from '../../server/cli/tenants-program.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../server/tenancy/seed.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { fixedClock } from '../../server/time/clock.js';
import { testEnv, testPlatform, uniqueSlug, type TestPlatform } from './platform.js';
import { attachTenderDocuments } from './documents.js';
import { csrfFrom, freshTotp } from './session.js';

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** An instant given as wall-clock time in Seoul (UTC+9, no daylight saving). */
export const SEOUL = (local: string) => new Date(`${local}+09:00`).toISOString();

export interface NoticeState {
  notice_no: string;
  revision: number;
  submission_deadline: Date;
  opening_at: Date;
  status_details: string;
}

export interface AddendaWorld {
  platform: TestPlatform;
  app: Express;
  slug: string;
  officer: Record<string, string>;
  supplier: Record<string, string>;
  setClock(at: string): void;
  api(path: string): string;
  query<T>(work: (tx: Knex.Transaction) => Promise<T>): Promise<T>;
  /** A draft from the published plan entry; times in Seoul. */
  draft(deadline: string, opening: string): Promise<string>;
  /** Publishes a draft, first uploading its tender document when it has none (the rules require one). */
  publish(id: string): Promise<{ noticeNo: string }>;
  notice(id: string): Promise<NoticeState>;
  storedDocuments(id: string): Promise<number>;
  mailsTo(email: string): Promise<{ subject: string; body_text: string }[]>;
}

/**
 * Bearer tokens live 12 hours of the tenant's clock: they are issued at `latest`, the latest time
 * the file reaches, and stay valid as the clock then moves from `start` towards it.
 */
export async function addendaWorld(latest: string, start: string): Promise<AddendaWorld> {
  let clock = latest;
  const platform = await testPlatform({ clocks: () => fixedClock(clock) });
  const slug = (await platform.createTenant('korea', { demo: true })).slug;
  const app = await platform.app();
  const api = (path: string) => `/t/${slug}/api/v1${path}`;
  const bearer = async (email: string, secondFactor?: string) => {
    const res = await request(app).post(api('/auth/token')).send({ email, password: DEMO_PASSWORD, secondFactor });
    return { Authorization: `Bearer ${res.body.token as string}` };
  };
  const officerEmail = `officer@${slug}.demo`;
  const officer = await bearer(officerEmail, await freshTotp(`${slug}/${officerEmail}`));
  const supplier = await bearer(`supplier@${slug}.demo`);
  clock = start;
  const plan = await request(app)
    .post(api('/plans'))
    .set(officer)
    .send({
      title_ko: '의료기기 구매',
      fiscalYear: 2026,
      category: 'goods',
      estimatedBudget: 1e8,
      quarter: 3,
      method: 'open',
    })
    .expect(201);
  const planId = plan.body.id as string;
  await request(app)
    .post(api(`/plans/${planId}/publish`))
    .set(officer)
    .expect(204);

  const query = async <T>(work: (tx: Knex.Transaction) => Promise<T>) =>
    // A handle carries the clock it was made with: take a fresh one.
    inTenant((await platform.tenancy.resolve(slug))!, work);
  const world: AddendaWorld = {
    platform,
    app,
    slug,
    officer,
    supplier,
    setClock: (at) => void (clock = at),
    api,
    query,
    async draft(deadline, opening) {
      const created = await request(app)
        .post(api('/notices'))
        .set(officer)
        .send({
          planEntryId: planId,
          title_ko: '병원 의료기기 구매',
          category: 'goods',
          competition: 'domestic',
          method: 'open',
          evaluationMethod: 'lowest-price',
          estimatedPrice: 100_000_000,
          bidSecurityPercent: 5,
          submissionDeadline: deadline,
          openingAt: opening,
        })
        .expect(201);
      return created.body.id as string;
    },
    async publish(id) {
      if ((await world.storedDocuments(id)) === 0) await attachTenderDocuments({ app, slug, auth: officer }, id);
      return (
        await request(app)
          .post(api(`/notices/${id}/publish`))
          .set(officer)
          .expect(200)
      ).body as {
        noticeNo: string;
      };
    },
    notice: (id) => query((tx) => tx('notices').where({ id }).first<NoticeState>()),
    storedDocuments: (id) =>
      query(async (tx) =>
        Number((await tx('notice_documents').where({ notice_id: id }).count<{ count: string }[]>())[0]!.count),
      ),
    mailsTo: (email) =>
      query((tx) =>
        tx('outbound_emails').where({ recipient: email }).select<{ subject: string; body_text: string }[]>(),
      ),
  };
  return world;
}

/** Runs `npm run tenants` in-process against this run's database, capturing what it prints. */
export async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const saved = { ...process.env };
  const out: string[] = [];
  const err: string[] = [];
  const write = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  Object.assign(process.env, testEnv());
  process.stdout.write = (chunk: string) => out.push(String(chunk)) > 0;
  process.stderr.write = (chunk: string) => err.push(String(chunk)) > 0;
  try {
    const code = await runTenantsCli(args);
    process.exitCode = 0;
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
    process.env = saved;
  }
}

/** A current bid of the user's company on a notice (sealed parts stubbed: only its existence matters here). */
export async function currentBid(w: AddendaWorld, noticeId: string, email: string): Promise<void> {
  await w.query(async (tx) => {
    const user = await tx('users').where({ email }).first<{ id: string; supplier_id: string }>();
    await tx('bids').insert({
      notice_id: noticeId,
      supplier_id: user.supplier_id,
      submitted_by: user.id,
      receipt_no: uniqueSlug('r'),
      sealed_technical: '-',
      sealed_price: '-',
      submission_hash: '-',
    });
  });
}

/** A new platform operator, signed in at the staff desk. */
export async function operator(w: AddendaWorld): Promise<ReturnType<typeof request.agent>> {
  const email = `${uniqueSlug('op')}@platform.test`;
  const services = await w.platform.services();
  await services.staff.upsert({
    email,
    name: 'Operator',
    role: 'operator',
    password: DEMO_PASSWORD,
    totpSecret: DEMO_TOTP_SECRET,
    grants: [],
  });
  const agent = request.agent(w.app);
  const login = await agent.get('/platform/login').expect(200);
  const code = await generate({ secret: DEMO_TOTP_SECRET });
  await agent
    .post('/platform/login')
    .type('form')
    .send({ _csrf: csrfFrom(login.text), email, password: DEMO_PASSWORD, code })
    .expect(303);
  return agent;
}
