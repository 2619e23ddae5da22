/**
 * Moving a tenant to another database (server/tenancy/move.ts) on one PostgreSQL server with two
 * databases: during the read-only window writes answer 503 with Retry-After and pages say why;
 * afterwards the tenant, its sealed bids and its audit chain live on the target only; a move that
 * cannot reach its target leaves the tenant where it was, writable.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import request from 'supertest';
import { verifyAuditChain } from '../../server/audit/verify.js';
import { tenantMoves } from '../../server/tenancy/move.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { addBidders, type Bidder } from '../support/bidders.js';
import { scratchDatabase, testDatabaseUrl } from '../support/platform.js';
import { publishedNotice, publishedPlanEntry, securityFor, tenderWorld, type TenderWorld } from '../support/tender.js';

const OPENING = '2026-09-10T02:00:00.000Z';
const PRICES = [93_456_789, 91_234_567];
const ACTOR = { actor: { type: 'platform' as const, id: null, label: 'test' } };

describe('moving a tenant to another database server', () => {
  let second: Awaited<ReturnType<typeof scratchDatabase>>;
  let world: TenderWorld;
  let notice: { id: string; noticeNo: string };
  let bidders: Bidder[];
  const archive = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'koneps-move-')), 'move.tar.gz');
  const bid = (who: Bidder, price: number) =>
    request(world.app)
      .post(`/t/${world.slug}/api/v1/notices/${notice.id}/bids?lng=en`)
      .set(who.auth)
      .send({ price, bidSecurityAmount: securityFor(price), picks: [1, 2] });
  const moves = () => tenantMoves({ tenancy: world.platform.tenancy, keys: world.platform.keys });
  const actions = async () =>
    inTenant(world.tenant, (tx) =>
      tx('audit_entries').where('action', 'like', 'tenant.%').orderBy('seq').pluck('action'),
    );

  before(async () => {
    second = await scratchDatabase('koneps_move');
    world = await tenderWorld('korea', '2026-09-01T01:00:00Z', {
      MOVE_DATABASE_URL: second.url,
      MOVE_DATABASE_OWNER_URL: second.ownerUrl,
      // A server nobody listens on: the failed move's target.
      GONE_DATABASE_URL: 'postgres://nobody@127.0.0.1:9/none',
      GONE_DATABASE_OWNER_URL: 'postgres://nobody@127.0.0.1:9/none',
    });
    const planEntryId = await publishedPlanEntry(world, { title_ko: '사무용품 구매 계획' });
    notice = await publishedNotice(world, {
      planEntryId,
      title_ko: '사무용품 구매',
      estimatedPrice: 100_000_000,
      baseAmount: 100_000_000,
      submissionDeadline: '2026-09-10T10:00',
      openingAt: '2026-09-10T11:00',
    });
    bidders = await addBidders(world.tenant, 2, 'MOVE');
    await bid(bidders[0]!, PRICES[0]!).expect(201);
  });
  after(async () => {
    // The tenant lives in the scratch database, which goes: it leaves the shared registry with it.
    await world.platform.tenancy.registry.remove(world.slug);
    await world.platform.close();
    await second.drop();
  });

  it("refuses to open its window when a notice closes within half an hour, naming it in the tenant's time", async () => {
    // Twenty minutes before the deadline (10:00 in Seoul): the window would refuse its last bids.
    await world.setClock('2026-09-10T00:40:00Z', bidders);
    await assert.rejects(
      moves().move(world.slug, 'MOVE_DATABASE_URL', { archiveFile: archive(), actor: ACTOR }),
      (error: Error) => {
        assert.match(error.message, new RegExp(`notice ${notice.noticeNo} closing .*10:00.*\\(Asia/Seoul\\)`));
        assert.match(error.message, /--even-near-deadline; nothing changed/);
        return true;
      },
    );
    assert.equal((await world.platform.tenancy.registry.findNow(world.slug))!.move, null);
    await world.setClock('2026-09-01T01:00:00Z', bidders);
  });

  it('answers writes with 503 and Retry-After during the window, serves reads with a banner, then moves', async () => {
    const seen: Record<string, request.Response> = {};
    let swept: string[] = [];
    let direct = '';
    const steps: string[] = [];
    const outcome = await moves().move(world.slug, 'MOVE_DATABASE_URL', {
      archiveFile: archive(),
      actor: ACTOR,
      settleMs: 200,
      onStep: async (line) => {
        steps.push(line);
        // Looked in on while the source tables are locked against writes: reads still answer, a
        // token's first use included (which records its "last used" when no move is under way).
        if (!line.startsWith('source tables locked')) return;
        seen.api = await bid(bidders[1]!, PRICES[1]!);
        seen.apiKo = await request(world.app)
          .post(`/t/${world.slug}/api/v1/notices/${notice.id}/bids?lng=ko`)
          .set(bidders[1]!.auth)
          .send({});
        seen.form = await request(world.app)
          .post(`/t/${world.slug}/login?lng=en`)
          .set('Accept', 'text/html')
          .type('form')
          .send({ email: 'x@y.z', password: 'nope' });
        seen.page = await request(world.app).get(`/t/${world.slug}/notices/${notice.id}?lng=en`);
        seen.read = await request(world.app)
          .get(`/t/${world.slug}/api/v1/notices/${notice.id}/bids/mine`)
          .set(bidders[1]!.auth);
        // A write through the tenant's handle (a page's side effect, a job) is refused, within seconds.
        const moving = (await world.platform.tenancy.resolve(world.slug))!;
        direct = await inTenant(moving, (tx) => tx('api_tokens').update({ last_used_at: tx.raw('app_now()') })).then(
          () => 'written',
          (error: { code?: string }) => String(error.code),
        );
        swept = (await world.platform.tenancy.operatingTenants()).map((t) => t.slug);
      },
    });
    assert.equal(outcome.to, 'MOVE_DATABASE_URL');
    assert.ok(
      steps.some((s) => s.startsWith('verified on MOVE_DATABASE_URL')),
      steps.join('\n'),
    );

    assert.equal(seen.api!.status, 503);
    assert.equal(seen.api!.headers['retry-after'], '30');
    assert.match(seen.api!.headers['content-type']!, /application\/problem\+json/);
    assert.equal(seen.api!.body.type, 'urn:koneps:problem:tenant_moving');
    assert.equal(seen.api!.body.title, 'Read-only for a few minutes');
    assert.equal(seen.apiKo!.status, 503);
    assert.equal(seen.apiKo!.body.title, '몇 분간 읽기 전용');
    assert.equal(seen.form!.status, 503);
    assert.equal(seen.form!.headers['retry-after'], '30');
    assert.match(seen.form!.text, /being moved to another server/);
    assert.equal(seen.page!.status, 200);
    assert.match(seen.page!.text, /class="moving-banner"[^>]*>This procurement system is being moved/);
    assert.equal(seen.read!.status, 200);
    assert.ok(!swept.includes(world.slug), "the sweeps skip a moving tenant's data");
    assert.ok(['25006', '55P03'].includes(direct), `a direct write: ${direct}`);
  });

  it('serves the tenant from the target afterwards: writes again, sealed bids open, the audit chain verifies', async () => {
    const record = (await world.platform.tenancy.registry.findNow(world.slug))!;
    assert.equal(record.placement, 'MOVE_DATABASE_URL');
    assert.equal(record.move, null);
    world.tenant = (await world.platform.tenancy.resolve(world.slug))!;
    const database = await inTenant(
      world.tenant,
      async (tx) => (await tx.raw<{ rows: { d: string }[] }>('select current_database() as d')).rows[0]!.d,
    );
    assert.equal(database, new URL(second.url).pathname.slice(1));
    const page = await request(world.app).get(`/t/${world.slug}/notices/${notice.id}?lng=en`).expect(200);
    assert.ok(!page.text.includes('moving-banner'));

    await bid(bidders[1]!, PRICES[1]!).expect(201);
    await world.setClock(OPENING);
    const opened = await request(world.app)
      .post(`/t/${world.slug}/api/v1/notices/${notice.id}/open`)
      .set(world.officer)
      .expect(200);
    const bids = opened.body.bids as { price: number; hashVerified: boolean }[];
    assert.deepEqual(bids.map((b) => b.price).sort(), [...PRICES].sort());
    assert.ok(bids.every((b) => b.hashVerified));

    const report = await verifyAuditChain(world.tenant);
    assert.ok(report.valid);
    assert.deepEqual(await actions(), ['tenant.move-started', 'tenant.moved']);
  });

  it('no longer serves the tenant from the source: its schema is kept renamed, closed to the application', async () => {
    const client = new pg.Client({ connectionString: testDatabaseUrl() });
    await client.connect();
    try {
      const schemas = await client.query<{ nspname: string }>(
        `select nspname from pg_namespace where nspname like $1 order by 1`,
        [`${world.tenant.schema}%`],
      );
      assert.equal(schemas.rows.length, 1);
      assert.match(schemas.rows[0]!.nspname, new RegExp(`^${world.tenant.schema}_moved_[0-9a-z]+$`));
      await assert.rejects(client.query(`select count(*) from ${schemas.rows[0]!.nspname}.bids`), /permission denied/);
    } finally {
      await client.end();
    }
  });

  it('leaves the tenant where it was, writable, when the target cannot be reached', async () => {
    const steps: string[] = [];
    await assert.rejects(
      moves().move(world.slug, 'GONE_DATABASE_URL', {
        archiveFile: archive(),
        actor: ACTOR,
        settleMs: 50,
        onStep: (line) => void steps.push(line),
      }),
      /Nothing changed: .* stays on MOVE_DATABASE_URL, and its read-only window is over/,
    );
    assert.ok(steps.some((s) => s.startsWith('FAILED before the switch')));
    const record = (await world.platform.tenancy.registry.findNow(world.slug))!;
    assert.equal(record.placement, 'MOVE_DATABASE_URL');
    assert.equal(record.move, null);
    world.tenant = (await world.platform.tenancy.resolve(world.slug))!;
    // Writable again: the officer publishes a plan entry.
    await publishedPlanEntry(world, { title_ko: '이전 실패 후의 계획' });
    assert.deepEqual(await actions(), [
      'tenant.move-started',
      'tenant.moved',
      'tenant.move-started',
      'tenant.move-failed',
    ]);
    assert.ok((await verifyAuditChain(world.tenant)).valid);
  });

  it('ends the window of a move whose process stopped half-way, removing its unfinished copy', async () => {
    // As a killed move leaves it: the window open, a copy started on the target (the primary here).
    await world.platform.tenancy.registry.beginMove(world.slug, 'primary');
    const owner = world.platform.tenancy.ownerDatabaseFor(null);
    await owner.raw(`create schema ${world.tenant.schema}`);
    await assert.rejects(
      moves().move(world.slug, 'primary', { archiveFile: archive(), actor: ACTOR }),
      /already being moved to primary .*tenants move .* --cancel/,
    );
    const lines = await moves().cancel(world.slug);
    assert.match(lines.join('\n'), /Removed any unfinished copy .* from primary/);
    const left = await owner.raw<{ rows: unknown[] }>('select 1 from pg_namespace where nspname = ?', [
      world.tenant.schema,
    ]);
    assert.equal(left.rows.length, 0);
    assert.equal((await world.platform.tenancy.registry.findNow(world.slug))!.move, null);
    await publishedPlanEntry(world, { title_ko: '창 종료 후의 계획' });
  });

  it('refuses a move to where the tenant already lives, and a placement this process does not know', async () => {
    await assert.rejects(
      moves().move(world.slug, 'MOVE_DATABASE_URL', { archiveFile: archive(), actor: ACTOR }),
      /already lives on MOVE_DATABASE_URL/,
    );
    await assert.rejects(
      moves().move(world.slug, 'NOWHERE_DATABASE_URL', { archiveFile: archive(), actor: ACTOR }),
      /NOWHERE_DATABASE_URL is not set/,
    );
    assert.equal((await world.platform.tenancy.registry.findNow(world.slug))!.move, null);
  });
});
