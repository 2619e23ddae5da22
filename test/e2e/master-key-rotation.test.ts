import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { AuditSealer } from '../../server/audit/sealer.js';
import { AuditTrail } from '../../server/audit/trail.js';
import { rotateMasterKey } from '../../server/crypto/rotation.js';
import { issueApiToken } from '../../server/identity/api-tokens.js';
import { PLATFORM_SCOPE } from '../../server/platform/staff.js';
import { tenantArchives } from '../../server/tenancy/archive.js';
import { demoEmail } from '../../server/tenancy/seed.js';
import { assertSlug, schemaFor } from '../../server/tenancy/slug.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { fixedClock } from '../../server/time/clock.js';
import { addBidders } from '../support/bidders.js';
import { scratchDatabase, TEST_MASTER_KEY, testEnv, testPlatform, type TestPlatform } from '../support/platform.js';
import { signIn } from '../support/session.js';
import { publishedNotice, publishedPlanEntry, securityFor, tenderWorld } from '../support/tender.js';

const OLD = TEST_MASTER_KEY;
const NEW = 'hDkpP0yeVbiGeR0Oy2gYhgsEhCKZ6z0T9E3tnEO+o9A=';
// Seoul is UTC+9: the deadline is 10:00 on 10 September, the opening 11:00.
const OPENING = '2026-09-10T02:00:00.000Z';
const PRICES = [93_456_789, 91_234_567, 95_876_543];

/** `npm run tenants -- <args>` in a process of its own, as an operator runs it. */
function tenantsCli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/tenants.ts', ...args], {
    env: { ...env, PATH: process.env.PATH, HOME: process.env.HOME },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out, err })));
}

describe('rotating the master key (npm run tenants -- rotate-master-key)', function () {
  this.timeout(240_000);
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  const platforms: TestPlatform[] = [];
  let slug: string;
  let noticeId: string;
  let slugs: string[];
  let archive: string;

  /** A platform on the scratch database with the given master keys, its tenants' clock at the opening. */
  const platformWith = async (keys: { MASTER_KEY: string; MASTER_KEY_PREVIOUS?: string }) => {
    const platform = await testPlatform({
      env: { DATABASE_URL: scratch.url, DATABASE_OWNER_URL: scratch.ownerUrl, ...keys },
      clocks: () => fixedClock(new Date(OPENING)),
    });
    platforms.push(platform);
    return platform;
  };

  const kekIds = async (platform: TestPlatform) => {
    const ids: Record<string, string[]> = {};
    for (const s of slugs) {
      const tenant = (await platform.tenancy.resolve(s))!;
      ids[s] = await inTenant(tenant, (tx) => tx('data_keys').orderBy('version').pluck('kek_id'));
    }
    return ids;
  };

  /** Opens the tender as its officer; returns the prices the opening record shows. */
  const openPrices = async (platform: TestPlatform, app: Express): Promise<number[]> => {
    const tenant = (await platform.tenancy.resolve(slug))!;
    const token = await inTenant(tenant, async (tx) => {
      const officer = await tx('users')
        .where({ email: demoEmail(slug, 'officer') })
        .first<{ id: string }>('id');
      return (await issueApiToken(tx, officer.id)).token;
    });
    const opened = await request(app)
      .post(`/t/${slug}/api/v1/notices/${noticeId}/open`)
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    const record = opened.body as { outcome: string; bids: { price: number; hashVerified: boolean }[] };
    assert.equal(record.outcome, 'opened');
    assert.ok(record.bids.every((b) => b.hashVerified));
    return record.bids.map((b) => b.price).sort();
  };

  before(async () => {
    scratch = await scratchDatabase('koneps_keys');
    // A tender with three sealed bids, sealed under the old master key; three more tenants.
    const world = await tenderWorld('korea', '2026-09-01T01:00:00Z', {
      DATABASE_URL: scratch.url,
      DATABASE_OWNER_URL: scratch.ownerUrl,
      MASTER_KEY: OLD,
    });
    platforms.push(world.platform);
    slug = world.slug;
    const planEntryId = await publishedPlanEntry(world, { title_ko: '열쇠 교체 계획' });
    noticeId = (
      await publishedNotice(world, {
        planEntryId,
        title_ko: '열쇠 교체 입찰',
        estimatedPrice: 100_000_000,
        baseAmount: 100_000_000,
        submissionDeadline: '2026-09-10T10:00',
        openingAt: '2026-09-10T11:00',
      })
    ).id;
    const bidders = await addBidders(world.tenant, 3, 'ROT');
    for (const [i, bidder] of bidders.entries()) {
      await request(world.app)
        .post(`/t/${slug}/api/v1/notices/${noticeId}/bids`)
        .set(bidder.auth)
        .send({ price: PRICES[i], bidSecurityAmount: securityFor(PRICES[i]!), picks: [i + 1, i + 2] })
        .expect(201);
    }
    const others = [];
    for (const template of ['vietnam', 'kurdistan', 'timor-leste'])
      others.push((await world.platform.createTenant(template)).slug);
    slugs = [slug, ...others];
    archive = path.join(mkdtempSync(path.join(os.tmpdir(), 'koneps-keys-')), `${slug}.tar.gz`);
    await tenantArchives(world.platform.tenancy, world.platform.keys).exportTenant(world.tenant, archive);
  });

  after(async () => {
    for (const platform of platforms) await platform.close();
    await scratch.drop();
  });

  it('leaves every key openable when interrupted halfway, and finishes when run again, auditing each tenant once', async () => {
    const during = await platformWith({ MASTER_KEY: NEW, MASTER_KEY_PREVIOUS: OLD });
    const interrupt = new AbortController();
    const sealer = new AuditSealer(during.logger);
    const { results: partial, notStarted } = await rotateMasterKey(during, {
      audit: new AuditTrail(sealer),
      concurrency: 1,
      signal: interrupt.signal,
      // Interrupted (Ctrl-C) as soon as the first tenant is done.
      onResult: (r) => r.scope !== PLATFORM_SCOPE && interrupt.abort(),
    });
    await sealer.close();
    assert.deepEqual(
      partial.map((r) => r.ok),
      [true, true],
      'the platform and one tenant, then the interruption',
    );
    assert.equal(notStarted.length, slugs.length - 1);
    const halfway = Object.values(await kekIds(during)).flat();
    assert.equal(halfway.filter((id) => id === during.keys.currentKekId).length, 1);
    assert.equal(halfway.filter((id) => id === during.keys.previousKekId).length, slugs.length - 1);
    // Halfway, a process holding both master keys opens every tenant's keys.
    for (const s of slugs) await during.keys.ofTenant((await during.tenancy.resolve(s))!);

    const env = testEnv({
      DATABASE_URL: scratch.url,
      DATABASE_OWNER_URL: scratch.ownerUrl,
      MASTER_KEY: NEW,
      MASTER_KEY_PREVIOUS: OLD,
    });
    const rerun = await tenantsCli(['rotate-master-key'], env);
    assert.equal(rerun.code, 0, rerun.err);
    assert.match(rerun.out, new RegExp(`Master key ${during.keys.currentKekId} replaces ${during.keys.previousKekId}`));
    assert.equal(rerun.out.match(/re-wrapped data keys v1/g)?.length, slugs.length - 1);
    assert.equal(rerun.out.match(/already done/g)?.length, 2, 'the platform and the tenant done before');
    for (const ids of Object.values(await kekIds(during))) assert.deepEqual(ids, [during.keys.currentKekId]);

    const again = await tenantsCli(['rotate-master-key'], env);
    assert.equal(again.code, 0, again.err);
    assert.equal(again.out.match(/already done/g)?.length, slugs.length + 1);

    for (const s of slugs) {
      const tenant = (await during.tenancy.resolve(s))!;
      const entries: { summary: unknown }[] = await inTenant(tenant, (tx) =>
        tx('audit_entries').where({ action: 'master-key.rotated' }).select('summary'),
      );
      assert.equal(entries.length, 1, `${s}: one audit entry`);
      assert.deepEqual(entries[0]!.summary, {
        dataKeyVersions: [1],
        from: [during.keys.previousKekId],
        to: during.keys.currentKekId,
      });
    }
  });

  it('opens the bids sealed before the rotation with the new master key alone: the right prices', async () => {
    const rotated = await platformWith({ MASTER_KEY: NEW });
    assert.deepEqual(await openPrices(rotated, await rotated.app()), [...PRICES].sort());
    // Staff secrets were re-wrapped too.
    await rotated.keys.forPlatform(rotated.databases.primary, PLATFORM_SCOPE);
  });

  it('signs the demo officer in with the second factor sealed before the rotation', async () => {
    const rotated = platforms.at(-1)!;
    const agent = await signIn(await rotated.app(), slug, demoEmail(slug, 'officer'));
    await agent.get(`/t/${slug}/account`).expect(200);
  });

  it('refuses a process holding only the old master key, naming the key it needs', async () => {
    const stale = await platformWith({ MASTER_KEY: OLD });
    await assert.rejects(
      stale.keys.ofTenant((await stale.tenancy.resolve(slug))!),
      /wrapped under master key [0-9a-f]{16}, which is neither MASTER_KEY .*set MASTER_KEY_PREVIOUS/,
    );
  });

  it('restores an archive made before the rotation only with the old key given, and its bids then open', async () => {
    const rotated = platforms.find(
      (p) => !p.config.previousMasterKey && p.config.masterKey.equals(Buffer.from(NEW, 'base64')),
    )!;
    await rotated.provisioning.drop(slug);
    await assert.rejects(
      tenantArchives(rotated.tenancy, rotated.keys).restoreTenant(archive),
      /set MASTER_KEY_PREVIOUS to the master key it was made with/,
    );
    // Nothing left behind: no registry row, no schema (read directly, past the registry's cache).
    const primary = rotated.databases.primary;
    assert.equal(await primary('tenants').withSchema('platform').where({ slug }).first(), undefined);
    const schema = await primary.raw<{ rows: unknown[] }>('select 1 from pg_namespace where nspname = ?', [
      schemaFor(assertSlug(slug)),
    ]);
    assert.equal(schema.rows.length, 0);

    const withOld = platforms.find((p) => p.config.previousMasterKey)!;
    await tenantArchives(withOld.tenancy, withOld.keys).restoreTenant(archive);
    // The archive was made before the opening: opening it now decrypts the bids again.
    assert.deepEqual(await openPrices(rotated, await rotated.app()), [...PRICES].sort());
  });
});
