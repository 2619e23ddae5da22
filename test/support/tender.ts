/**
 * A korea tenant on a clock the test moves, its demo officer's bearer token, and the steps that
 * put a notice out: a published plan entry, a draft, its publication.
 */
import { Writable } from 'node:stream';
import type { Express } from 'express';
import request from 'supertest';
import { issueApiToken } from '../../server/identity/api-tokens.js';
import type { TenantHandle } from '../../server/tenancy/tenant-handle.js';
import { createLogger } from '../../server/logger.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { fixedClock } from '../../server/time/clock.js';
import type { Bidder } from './bidders.js';
import { attachTenderDocuments } from './documents.js';
import { testPlatform, type TestPlatform } from './platform.js';

export interface TenderWorld {
  platform: TestPlatform;
  app: Express;
  slug: string;
  tenant: TenantHandle;
  officer: Record<string, string>;
  /**
   * Moves the tenant's clock; bearer tokens live 12 hours, so the officer's and the given bidders'
   * are issued again at the new time, as if they had just signed in.
   */
  setClock(at: string | Date, bidders?: Bidder[]): Promise<void>;
  /** Every log line the platform wrote, at trace level, through the app's own logger settings. */
  logs: string[];
}

/**
 * `env` adds to or overrides the platform's environment (another database, another master key).
 * Without demo data the tenant has no officer: `officer` stays empty.
 */
export async function tenderWorld(
  template: string,
  at: string,
  env: NodeJS.ProcessEnv = {},
  options: { demo?: boolean } = {},
): Promise<TenderWorld> {
  const demo = options.demo ?? true;
  let clock = new Date(at);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const platform = await testPlatform({
    env,
    clocks: () => fixedClock(clock),
    logger: createLogger('trace', 'koneps', sink),
  });
  const slug = (await platform.createTenant(template, { demo })).slug;
  const app = await platform.app();
  const email = `officer@${slug}.demo`;
  const world: TenderWorld = {
    platform,
    app,
    slug,
    tenant: (await platform.tenancy.resolve(slug))!,
    officer: {},
    async setClock(next, bidders = []) {
      clock = new Date(next);
      // A handle carries the clock it was made with: take a fresh one.
      world.tenant = (await platform.tenancy.resolve(slug))!;
      await inTenant(world.tenant, async (tx) => {
        const officer = demo ? await tx('users').where({ email }).first<{ id: string }>('id') : undefined;
        if (officer) world.officer = { Authorization: `Bearer ${(await issueApiToken(tx, officer.id)).token}` };
        for (const bidder of bidders)
          bidder.auth = { Authorization: `Bearer ${(await issueApiToken(tx, bidder.userId)).token}` };
      });
    },
    logs,
  };
  // The officer's token is issued as at sign-in, without spending a TOTP code: tests that sign the
  // officer in through the pages or sign contracts would otherwise wait for the next 30-s window.
  await world.setClock(at);
  return world;
}

/** Where the world's tenant is served: /t/<slug> for a partner, /s/<slug> for a training sandbox. */
export function tenantBase(world: Pick<TenderWorld, 'tenant' | 'slug'>): string {
  return `${world.tenant.kind === 'sandbox' ? '/s' : '/t'}/${world.slug}`;
}

export async function publishedPlanEntry(world: TenderWorld, title: Record<string, string>): Promise<string> {
  const plan = await request(world.app)
    .post(`${tenantBase(world)}/api/v1/plans`)
    .set(world.officer)
    .send({ ...title, fiscalYear: 2026, category: 'goods', estimatedBudget: 500_000_000, quarter: 3, method: 'open' })
    .expect(201);
  await request(world.app)
    .post(`${tenantBase(world)}/api/v1/plans/${plan.body.id as string}/publish`)
    .set(world.officer)
    .expect(204);
  return plan.body.id as string;
}

/** Drafts a notice (goods, domestic, open tender at the lowest price unless `fields` say otherwise). */
export async function draftNotice(world: TenderWorld, fields: Record<string, unknown>): Promise<string> {
  const created = await request(world.app)
    .post(`${tenantBase(world)}/api/v1/notices`)
    .set(world.officer)
    .send({
      category: 'goods',
      competition: 'domestic',
      method: 'open',
      evaluationMethod: 'lowest-price',
      bidSecurityPercent: 5,
      ...fields,
    })
    .expect(201);
  return created.body.id as string;
}

/** Drafts a notice, uploads its tender document and publishes it; returns its id, number and opening time (UTC). */
export async function publishedNotice(
  world: TenderWorld,
  fields: Record<string, unknown>,
): Promise<{ id: string; noticeNo: string; openingAt: string }> {
  const id = await draftNotice(world, fields);
  await attachTenderDocuments(
    { app: world.app, slug: world.slug, base: tenantBase(world), auth: world.officer },
    id,
    fields.method === 'negotiated' ? 2 : 1,
  );
  const published = await request(world.app)
    .post(`${tenantBase(world)}/api/v1/notices/${id}/publish?lng=en`)
    .set(world.officer);
  if (published.status !== 200) throw new Error(`publish refused: ${JSON.stringify(published.body)}`);
  return { id, noticeNo: published.body.noticeNo as string, openingAt: published.body.openingAt as string };
}

/** The bid security the rule asks for a price (5 % rounded up), so bids pass the check. */
export const securityFor = (price: number, percent = 5) => Math.ceil((price * percent) / 100);
