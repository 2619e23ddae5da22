/**
 * Integrity red flags end to end: each of the twelve flags with data built to raise it and data
 * built not to, the evidence and rule version each cites, the job an opening leaves in its own
 * transaction, idempotence, sealed prices kept out before the opening, the auditors' dashboard
 * (and who may not see it), the public page behind the tenant's switch, and tenant isolation.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { recomputeAll, recomputeNotice } from '../../server/integrity/recompute.js';
import type { Services } from '../../server/services.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { buildNotice, buildSuppliers, buildTenant, type BuiltNotice, type TenderWorld } from '../support/factories.js';
import { signIn } from '../support/session.js';
import { until } from '../support/waiting.js';

interface StoredFlag {
  id: string;
  flag_id: string;
  evidence: Record<string, unknown> & { sources: string[] };
  supplier_ids: string[];
  applied_rules: string[];
  computed_at: Date;
}

const START = '2026-09-01T01:00:00Z';
const M = 1_000_000;

/** A copy of the shipped tenants where korea publishes its red flags and lowers the history thresholds from August 2026. */
function tenantsPublishingFlags(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'integrity-tenants-'));
  cpSync('tenants', dir, { recursive: true });
  for (const file of readdirSync(dir).filter((f) => f === 'korea.yaml')) {
    const text = readFileSync(path.join(dir, file), 'utf8')
      .replace('  publicRedFlags: false', '  publicRedFlags: true')
      .concat(
        [
          '    - id: red-flags',
          '      version: 2',
          "      effectiveFrom: '2026-08-01'",
          "      source: 'integrity test thresholds'",
          '      label: test thresholds',
          '      value:',
          '        {',
          '          submissionPeriod: [{ category: works, days: 15 }, { days: 10 }],',
          '          nearEstimatePercent: 95,',
          '          runnerUpSpread: { belowPercent: 1, abovePercent: 30 },',
          '          habitualLoser: { minBids: 2, windowDays: 365, maxWinPercent: 5 },',
          '          captiveSupplier: { minWins: 2, windowDays: 365 },',
          '          amendmentIncreasePercent: 20,',
          '        }',
          '',
        ].join('\n'),
      );
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

async function flagsOf(world: TenderWorld, subjectId: string): Promise<Map<string, StoredFlag>> {
  const rows = await inTenant(world.tenant, (tx) =>
    tx('integrity_flags').where({ subject_id: subjectId }).select<StoredFlag[]>('*'),
  );
  return new Map(rows.map((r) => [r.flag_id, r]));
}

const local = (day: string) => ({ submissionDeadline: `${day}T10:00`, openingAt: `${day}T11:00` });

/** Opens a notice that is open for bids, at its opening time, through the API (as buildNotice does). */
async function openNow(world: TenderWorld, notice: BuiltNotice, openingAt: string): Promise<void> {
  await world.setClock(openingAt, notice.bidders);
  await request(world.app).post(`/t/${world.slug}/api/v1/notices/${notice.id}/open`).set(world.officer).expect(200);
}

describe('integrity red flags (korea)', function () {
  this.timeout(300_000);
  let world: TenderWorld;
  let services: Services;
  const recompute = (id: string) => recomputeNotice(services, world.tenant, id);

  before(async () => {
    world = await buildTenant('korea', { at: START });
    services = await world.platform.services();
  });
  after(() => world.platform.close());

  it('flags a single bidder in an open tender and a short submission period; not a tender with rivals and time', async () => {
    await world.setClock(START);
    const single = await buildNotice(world, {
      state: 'opened',
      fields: { title_ko: 'A 단독 응찰 시험', ...local('2026-09-09') },
      bids: [90 * M],
      bidderPrefix: 'SOLO',
    });
    await recompute(single.id);
    const flags = await flagsOf(world, single.id);
    const one = flags.get('single-bidder')!;
    assert.equal((one.evidence.bidder as { receiptNo: string }).receiptNo, single.bids[0]!.receiptNo);
    assert.equal(one.evidence.outcome, 'failed');
    assert.deepEqual(one.applied_rules, ['red-flags v1']);
    assert.deepEqual(one.supplier_ids, [single.bidders[0]!.supplierId]);
    const period = flags.get('short-submission-period')!;
    assert.equal(period.evidence.days, 8);
    assert.equal(period.evidence.normDays, 10);
    assert.deepEqual(period.evidence.sources, ['notice']);
    // Failed at the opening (korea needs two valid bids): no price was published, no price flag.
    for (const id of ['identical-prices', 'near-estimate', 'runner-up-spread', 'lowest-disqualified'])
      assert.ok(!flags.has(id), id);

    await world.setClock(START);
    const rivals = await buildNotice(world, {
      state: 'opened',
      fields: { title_ko: 'A 경쟁 시험', ...local('2026-09-12') },
      bidderPrefix: 'RIVAL',
    });
    await recompute(rivals.id);
    const clean = await flagsOf(world, rivals.id);
    assert.ok(!clean.has('single-bidder'));
    assert.ok(!clean.has('short-submission-period'));
  });

  let sameSourceTender: BuiltNotice;
  it('flags bids from one network address (the opening’s check), winner close to the estimate, a close runner-up and amendments past 20 %', async () => {
    await world.setClock(START);
    // Both bids come from this test's address: the opening records them as one source.
    const near = await buildNotice(world, {
      state: 'contracted',
      fields: { title_ko: 'A 근접 낙찰 시험', ...local('2026-09-12') },
      bids: [97 * M, 97.5 * M],
      bidderPrefix: 'NEAR',
    });
    sameSourceTender = near;
    await recompute(near.id);
    let flags = await flagsOf(world, near.id);
    const source = flags.get('same-source')!;
    const groups = source.evidence.groups as { kind: string; bids: { receiptNo: string }[] }[];
    assert.equal(groups[0]!.kind, 'address');
    assert.deepEqual(groups[0]!.bids.map((b) => b.receiptNo).sort(), near.bids.map((b) => b.receiptNo).sort());
    assert.deepEqual(source.evidence.sources, ['opening-flags']);
    assert.ok(!JSON.stringify(source.evidence).includes('127.0.0.1'), 'no address in the evidence');
    const estimate = flags.get('near-estimate')!;
    assert.deepEqual(
      [estimate.evidence.amount, estimate.evidence.percent, estimate.evidence.threshold],
      [97 * M, 97, 95],
    );
    const spread = flags.get('runner-up-spread')!;
    assert.equal(spread.evidence.direction, 'small');
    assert.equal(spread.evidence.percent, 0.5);
    assert.ok(!flags.has('amendment-increase'));
    assert.ok(!flags.has('others-disqualified') && !flags.has('lowest-disqualified'));

    const contracts = `/t/${world.slug}/api/v1/contracts/${near.contract!.id}/amendments`;
    const amend = (value: number) =>
      request(world.app)
        .post(contracts)
        .set(world.officer)
        .send({ reason: 'More units ordered', value, deliverables: [{ number: 1, amount: value }] })
        .expect(201);
    await amend(106_700_000); // +10 %: under the threshold
    await recompute(near.id);
    assert.ok(!(await flagsOf(world, near.id)).has('amendment-increase'));
    await amend(121_250_000); // +25 % of the signed 97,000,000
    await recompute(near.id);
    flags = await flagsOf(world, near.id);
    const raised = flags.get('amendment-increase')!;
    const contract = (raised.evidence.contracts as Record<string, unknown>[])[0]!;
    assert.deepEqual(
      [contract.contractNo, contract.original, contract.current, contract.percent, contract.amendments],
      [near.contract!.contractNo, 97 * M, 121_250_000, 25, [1, 2]],
    );
    assert.equal(raised.evidence.threshold, 20);
    assert.deepEqual(raised.applied_rules, ['red-flags v1']);
  });

  it('flags a runner-up unusually far from the winner; not one at an ordinary distance', async () => {
    await world.setClock(START);
    const far = await buildNotice(world, {
      state: 'evaluated',
      fields: { title_ko: 'A 격차 시험', ...local('2026-09-12') },
      bids: [90 * M, 120 * M],
    });
    await recompute(far.id);
    const spread = (await flagsOf(world, far.id)).get('runner-up-spread')!;
    assert.equal(spread.evidence.direction, 'large');
    assert.equal(spread.evidence.percent, 33.3);
    assert.deepEqual(spread.evidence.sources, ['opening-record', 'evaluation']);
    await world.setClock(START);
    const ordinary = await buildNotice(world, {
      state: 'awarded',
      fields: { title_ko: 'A 보통 격차 시험', ...local('2026-09-12') },
    });
    await recompute(ordinary.id);
    const flags = await flagsOf(world, ordinary.id);
    assert.ok(!flags.has('runner-up-spread') && !flags.has('near-estimate'));
  });

  it('flags the lowest bid disqualified under a price-only award, and all but the winner disqualified', async () => {
    const review = async (notice: BuiltNotice, bidId: string, score: number) =>
      request(world.app)
        .post(`/t/${world.slug}/api/v1/notices/${notice.id}/evaluation/reviews`)
        .set(world.officer)
        .send({ bidId, score, reasons: score >= 85 ? 'Meets every criterion.' : 'Past performance below the record.' })
        .expect(201);
    await world.setClock(START);
    const three = await buildNotice(world, {
      state: 'opened',
      fields: { title_ko: 'A 최저가 탈락 시험', ...local('2026-09-12') },
      bids: [91 * M, 93 * M, 96 * M],
    });
    await review(three, three.bids[0]!.bidId, 80);
    await review(three, three.bids[1]!.bidId, 90);
    await recompute(three.id);
    let flags = await flagsOf(world, three.id);
    const lowest = flags.get('lowest-disqualified')!.evidence as unknown as {
      lowest: { receiptNo: string; reason: string; price: number };
      winner: { receiptNo: string };
    };
    assert.deepEqual(
      [lowest.lowest.receiptNo, lowest.lowest.reason, lowest.lowest.price, lowest.winner.receiptNo],
      [three.bids[0]!.receiptNo, 'failed-review', 91 * M, three.bids[1]!.receiptNo],
    );
    // The third bid was never reviewed: not every other bidder was disqualified.
    assert.ok(!flags.has('others-disqualified'));

    await world.setClock(START);
    const two = await buildNotice(world, {
      state: 'opened',
      fields: { title_ko: 'A 전원 탈락 시험', ...local('2026-09-12') },
      bids: [91 * M, 93 * M],
    });
    await review(two, two.bids[0]!.bidId, 70);
    await review(two, two.bids[1]!.bidId, 95);
    await recompute(two.id);
    flags = await flagsOf(world, two.id);
    const others = flags.get('others-disqualified')!.evidence as unknown as {
      winner: { receiptNo: string };
      others: { receiptNo: string; reason: string; name: Record<string, string> }[];
    };
    assert.equal(others.winner.receiptNo, two.bids[1]!.receiptNo);
    assert.deepEqual(others.others, [
      {
        supplierId: two.bidders[0]!.supplierId,
        name: others.others[0]!.name,
        receiptNo: two.bids[0]!.receiptNo,
        reason: 'failed-review',
      },
    ]);
    assert.ok(flags.has('lowest-disqualified'));
  });

  let identical: BuiltNotice;
  it('computes nothing price-based before the opening, then identical prices from the opening record in a job the opening enqueued; no same-source or shared contact for distinct bidders', async () => {
    await world.setClock(START);
    identical = await buildNotice(world, {
      state: 'open',
      fields: { title_ko: 'A 동일 가격 시험', ...local('2026-09-12') },
      bids: [92 * M, 92 * M, 96 * M],
      bidderPrefix: 'SAME',
    });
    await inTenant(world.tenant, async (tx) => {
      for (const [i, bid] of identical.bids.entries())
        await tx('bids')
          .where({ id: bid.bidId })
          .update({ client_address: `198.51.100.${i + 1}` });
    });
    await recompute(identical.id);
    assert.equal((await flagsOf(world, identical.id)).size, 0);
    const table = await inTenant(world.tenant, (tx) => tx('integrity_flags').select('evidence'));
    assert.ok(!JSON.stringify(table).includes(String(92 * M)), 'no sealed price in the flags table');

    await openNow(world, identical, '2026-09-12T02:00:00Z');
    const job = `integrity-${world.slug}-${identical.id}-opened`;
    const queued = await inTenant(world.tenant, (tx) => tx('job_outbox').where({ job_id: job }).first('name'));
    assert.equal(queued?.name, 'integrity-flags');
    await until(async () => (await flagsOf(world, identical.id)).has('identical-prices'), 30_000);
    const flags = await flagsOf(world, identical.id);
    const group = (
      flags.get('identical-prices')!.evidence.groups as { price: number; bids: { receiptNo: string }[] }[]
    )[0]!;
    assert.equal(group.price, 92 * M);
    assert.deepEqual(
      group.bids.map((b) => b.receiptNo).sort(),
      identical.bids
        .slice(0, 2)
        .map((b) => b.receiptNo)
        .sort(),
    );
    assert.ok(!flags.has('same-source'), 'distinct addresses and devices');
    assert.ok(!flags.has('shared-contact'), 'distinct e-mails, addresses; placeholder phones ignored');
  });

  it('flags bidders sharing contact details, normalised', async () => {
    const [a, b] = await buildSuppliers(world, 2, 'CONTACT');
    await inTenant(world.tenant, (tx) =>
      Promise.all([
        tx('suppliers')
          .where({ id: a!.supplierId })
          .update({ contact_phone: '+82 2-555-0199', address: '12 Harbour Road' }),
        tx('suppliers')
          .where({ id: b!.supplierId })
          .update({ contact_phone: '(02) 555 0199', address: '12, harbour  ROAD' }),
      ]),
    );
    await world.setClock(START);
    const shared = await buildNotice(world, {
      state: 'opened',
      fields: { title_ko: 'A 연락처 공유 시험', ...local('2026-09-12') },
      bids: [
        { by: a, price: 92 * M },
        { by: b, price: 94 * M },
      ],
    });
    await recompute(shared.id);
    const flag = (await flagsOf(world, shared.id)).get('shared-contact')!;
    const kinds = (flag.evidence.groups as { kind: string; suppliers: { supplierId: string }[] }[]).map((g) => [
      g.kind,
      g.suppliers.map((s) => s.supplierId).sort(),
    ]);
    assert.deepEqual(kinds, [['address', [a!.supplierId, b!.supplierId].sort()]]);
    assert.ok(!JSON.stringify(flag.evidence).includes('Harbour'), 'no contact detail in the evidence');
  });

  it('is idempotent: a second run changes nothing and writes no audit entry', async () => {
    const id = sameSourceTender.id;
    // The first full run computes whatever nothing recomputed yet (the demo data's tenders).
    await recomputeAll(services, world.tenant);
    const before = await flagsOf(world, id);
    const audits = () =>
      inTenant(world.tenant, (tx) =>
        tx('audit_entries').where({ action: 'integrity.flags-recomputed' }).count<{ n: string }[]>('* as n'),
      );
    const entries = (await audits())[0]!.n;
    assert.deepEqual(await recompute(id), { changed: 0 });
    const all = await recomputeAll(services, world.tenant);
    assert.equal(all.changed, 0);
    const after = await flagsOf(world, id);
    assert.deepEqual(
      [...after.values()].map((f) => [f.id, f.computed_at.getTime()]),
      [...before.values()].map((f) => [f.id, f.computed_at.getTime()]),
    );
    assert.equal((await audits())[0]!.n, entries);
    const entry = await inTenant(world.tenant, (tx) =>
      tx('audit_entries').where({ action: 'integrity.flags-recomputed', target_id: id }).first('actor_label'),
    );
    assert.equal(entry?.actor_label, 'integrity-flags');
  });

  it('shows the dashboard to the auditor in sentences, and to nobody else; the public page does not exist here', async () => {
    const page = `/t/${world.slug}/integrity?lng=en`;
    const anonymous = await request(world.app).get(page);
    assert.equal(anonymous.status, 302);
    const supplier = await signIn(world.app, world.slug, `supplier@${world.slug}.demo`);
    await supplier.get(page).expect(403);
    const auditor = await signIn(world.app, world.slug, `auditor@${world.slug}.demo`);
    const html = (await auditor.get(page).expect(200)).text;
    assert.match(html, /Identical bid prices/);
    assert.match(html, /bid the same price, ₩92,000,000\./);
    assert.match(html, /won with ₩97,000,000, 97 % of the estimated price of ₩100,000,000\./);
    assert.match(html, /submitted their bids from the same network address\./);
    assert.match(html, /Integrity red flags \(version 1\)/);
    assert.ok(!html.includes('127.0.0.1'), 'no address');
    for (const raw of ['supplierId', 'receiptNo', 'opening-record', 'failed-review', 'red-flags v1<'])
      assert.ok(!html.includes(raw), `no raw evidence (${raw}) on the page`);
    const filtered = (await auditor.get(`${page}&flag=identical-prices`).expect(200)).text;
    assert.ok(filtered.includes('A 동일 가격 시험') && !filtered.includes('A 단독 응찰 시험'));
    const tender = (await auditor.get(`/t/${world.slug}/integrity/tenders/${identical.id}?lng=en`).expect(200)).text;
    assert.match(tender, new RegExp(`/notices/${identical.id}`));
    const supplierPage = await auditor
      .get(`/t/${world.slug}/integrity/suppliers/${identical.bidders[0]!.supplierId}?lng=en`)
      .expect(200);
    assert.match(supplierPage.text, /Identical bid prices/);
    await request(world.app).get(`/t/${world.slug}/integrity/public`).expect(404);
  });

  describe('history flags, the public page and isolation (a tenant that publishes its flags)', () => {
    let other: TenderWorld;
    before(async () => {
      other = await buildTenant('korea', { at: START, env: { TENANTS_DIR: tenantsPublishingFlags() } });
    });
    after(() => other.platform.close());

    it('flags a habitual loser and a captive supplier under the tenant’s thresholds; not a winner, not a supplier of two buyers', async () => {
      const [loser, captive] = await buildSuppliers(other, 2, 'HIST');
      const tenders: BuiltNotice[] = [];
      for (const [i, title] of ['B 이력 시험 1', 'B 이력 시험 2'].entries()) {
        await other.setClock(START);
        tenders.push(
          await buildNotice(other, {
            state: 'awarded',
            fields: { title_ko: title, ...local('2026-09-12') },
            bids: [
              { by: loser, price: (95 + i) * M },
              { by: captive, price: (90 + i) * M },
            ],
          }),
        );
      }
      const services2 = await other.platform.services();
      for (const t of tenders) await recomputeNotice(services2, other.tenant, t.id);
      const lost = (await flagsOf(other, loser!.supplierId)).get('habitual-loser')!;
      assert.deepEqual([lost.evidence.bids, lost.evidence.wins, lost.evidence.minBids], [2, 0, 2]);
      assert.deepEqual(lost.applied_rules, ['red-flags v2, test thresholds']);
      assert.ok(!(await flagsOf(other, loser!.supplierId)).has('captive-supplier'));
      const tied = (await flagsOf(other, captive!.supplierId)).get('captive-supplier')!;
      assert.equal(tied.evidence.wins, 2);
      assert.ok(!(await flagsOf(other, captive!.supplierId)).has('habitual-loser'));

      // The second tender turns out to be another agency's: two buyers, no captive supplier.
      await inTenant(other.tenant, async (tx) => {
        const [agency] = await tx('agencies')
          .insert({ code: 'OTHER', name: JSON.stringify({ ko: '다른 기관', en: 'Other agency' }) })
          .returning<{ id: string }[]>('id');
        await tx('notices').where({ id: tenders[1]!.id }).update({ agency_id: agency!.id });
      });
      await recomputeNotice(services2, other.tenant, tenders[1]!.id);
      assert.ok(!(await flagsOf(other, captive!.supplierId)).has('captive-supplier'));
    });

    it('publishes tender flags without addresses, devices or contacts, and keeps each tenant’s flags to itself', async () => {
      const html = (await request(other.app).get(`/t/${other.slug}/integrity/public?lng=en`).expect(200)).text;
      assert.match(html, /2 bidders submitted their bids from the same network address\./);
      assert.ok(!html.includes('127.0.0.1') && !html.includes('HIST Supplier 1 Ltd. (receipt'));
      assert.ok(!html.includes('Habitual loser'), 'supplier flags stay with the auditors');
      assert.ok(!html.includes('A 동일 가격 시험'), 'nothing of the other tenant');
      const auditor = await signIn(other.app, other.slug, `auditor@${other.slug}.demo`);
      const mine = (await auditor.get(`/t/${other.slug}/integrity?lng=en`).expect(200)).text;
      assert.ok(mine.includes('B 이력 시험 1') && !mine.includes('A 동일 가격 시험'));
      const theirs = await signIn(world.app, world.slug, `auditor@${world.slug}.demo`);
      const first = (await theirs.get(`/t/${world.slug}/integrity?lng=en`).expect(200)).text;
      assert.ok(!first.includes('B 이력 시험') && !first.includes('HIST Supplier'));
    });
  });
});
