/**
 * Factories: a test says which state it starts from and only what matters to it; the rest is a
 * plain default. Every state is reached through the real HTTP API, as an officer and suppliers
 * would reach it, so there is one way to build each.
 *
 *   const world = await buildTenant('korea', { at: '2026-09-01T01:00:00Z' }); // a fresh tenant per file
 *   const supplier = await buildSupplier(world);                 // approved, signed in
 *   const notice = await buildNotice(world, {
 *     state: 'awarded',                                          // draft … contracted
 *     fields: { submissionDeadline: '2026-09-10T10:00', openingAt: '2026-09-10T11:00' },
 *     bids: [{ by: supplier, price: 92_000_000 }, 95_000_000],  // a bare price: a fresh supplier bids it
 *   });
 *   notice.id, notice.noticeNo, notice.bids[0].bidId, notice.award!.id, notice.contract?.id …
 *
 * `fields` go into the draft over a goods notice by open tender at the lowest price, titled in the
 * tenant's language, estimated at 100,000,000. From 'opened' on, the clock moves to the notice's
 * opening time (or `openAt`); bidders' and the officer's tokens are issued again there. Without
 * `bids`, two fresh suppliers bid 90 % and 95 % of the estimated price. The lowest-price review
 * passes the first bid in line (in korea a bid under 89.5 % of the estimated price may fall under
 * the award floor of the drawn reserve price: keep a bid that must win above it). A negotiated
 * notice (`fields.method: 'negotiated'`) opens its technical envelopes and seats a committee,
 * which declares and scores (`scores[bid][evaluator]`) before the officer finalizes.
 * An award waits out its standstill and is made final; a contract is generated, its deposit
 * recorded and signed by both parties (the officer's signature spends one of the TOTP codes of its
 * 30-second window, see session.ts). To move the clock later, pass `notice.bidders` to
 * `world.setClock` so their tokens follow. Close the world: `after(() => world.platform.close())`.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { DEMO_PASSWORD } from '../../server/tenancy/seed.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { issueApiToken } from '../../server/identity/api-tokens.js';
import { addBidders, addStaff, type Bidder, type StaffUser } from './bidders.js';
import { attachTenderDocuments, TENDER_PDF } from './documents.js';
import { completeProjectReview, needsProjectReview } from './project-review.js';
import { freshTotp } from './session.js';
import { draftNotice, publishedPlanEntry, securityFor, tenantBase, tenderWorld, type TenderWorld } from './tender.js';

export type { Bidder, StaffUser, TenderWorld };

// Kept in documents.ts, which tender.ts imports too (no import cycle); re-exported for tests.
export { attachTenderDocuments, TENDER_PDF };

export const NOTICE_STATES = ['draft', 'open', 'opened', 'evaluated', 'awarded', 'contracted'] as const;
export type NoticeState = (typeof NOTICE_STATES)[number];

/** The technical criteria of a negotiated notice (unless its fields name others). */
export const CRITERIA = [
  { title: 'Methodology', max: 40 },
  { title: 'Team', max: 30 },
  { title: 'Schedule', max: 30 },
];

/** A technical total spread over the three criteria (each within its maximum). */
export function split(total: number): Record<string, number> {
  const c1 = Math.min(40, Math.round(total * 0.4));
  const c2 = Math.min(30, Math.round(total * 0.3));
  return { c1, c2, c3: total - c1 - c2 };
}

/**
 * A tenant copied from a shipped partner (`template`), with its demo data unless `demo: false`, on a
 * clock standing at `at` that the test moves with `world.setClock`. Without demo data there is no
 * officer (`world.officer` stays empty), so buildNotice cannot run there.
 */
export function buildTenant(
  template: string,
  options: { at: string; demo?: boolean; env?: NodeJS.ProcessEnv },
): Promise<TenderWorld> {
  return tenderWorld(template, options.at, options.env ?? {}, { demo: options.demo ?? true });
}

const batches = new WeakMap<TenderWorld, number>();
/** A prefix for registration numbers and e-mail addresses not yet used in this world. */
function nextPrefix(world: TenderWorld, stem: string): string {
  const n = (batches.get(world) ?? 0) + 1;
  batches.set(world, n);
  return `${stem}${n}`;
}

/** `count` approved suppliers, each with a signed-in user; `prefix` names them (PREFIX-0001 …). */
export async function buildSuppliers(world: TenderWorld, count: number, prefix?: string): Promise<Bidder[]> {
  return count === 0 ? [] : addBidders(world.tenant, count, prefix ?? nextPrefix(world, 'SUP'));
}

/**
 * An approved supplier with a signed-in user (bearer token at the world's clock). `demo: true` is
 * the tenant's demo supplier (supplier@<slug>.demo, DEMO-0001, a supplier-admin whose mail is in
 * the tenant's language); otherwise a fresh company, named by `prefix`.
 */
export async function buildSupplier(
  world: TenderWorld,
  overrides: { demo?: boolean; prefix?: string } = {},
): Promise<Bidder> {
  if (!overrides.demo) return (await buildSuppliers(world, 1, overrides.prefix))[0]!;
  return inTenant(world.tenant, async (tx): Promise<Bidder> => {
    const user = await tx('users')
      .where({ email: `supplier@${world.slug}.demo` })
      .first<{ id: string; email: string; supplier_id: string }>('id', 'email', 'supplier_id');
    return {
      supplierId: user.supplier_id,
      userId: user.id,
      email: user.email,
      registrationNo: 'DEMO-0001',
      auth: { Authorization: `Bearer ${(await issueApiToken(tx, user.id)).token}` },
    };
  });
}

/** One bid: `by` defaults to a fresh supplier; the bid security to the notice's percentage. */
export interface BidSpec {
  by?: Bidder;
  price: number;
  picks?: number[];
  lot?: number;
  technicalNote?: string;
  bidSecurityAmount?: number;
}

export interface DeliverableSpec {
  title: string;
  amount: number;
  dueOn?: string;
  safetyRelated?: boolean;
}

export interface NoticeSpec {
  state: NoticeState;
  /** Draft fields over the defaults: titles, prices, dates (local times of the tenant), lots… */
  fields?: Record<string, unknown>;
  /** The plan entry's title (default: the notice's title fields). */
  plan?: Record<string, string>;
  /** Bids in the order they are submitted; a bare number is a fresh supplier's price. */
  bids?: (number | BidSpec)[];
  /** Names the fresh bidders (PREFIX-0001 …). */
  bidderPrefix?: string;
  /** The instant (UTC) at which the bids are opened (default: the notice's opening time). */
  openAt?: string;
  /** Negotiated: the committee's size (default 3) and technical totals by bid, by evaluator. */
  evaluators?: number;
  scores?: number[][];
  /** The contract generated from the final award (default: one deliverable worth the award). */
  contract?: { startsOn?: string; endsOn?: string; deliverables?: DeliverableSpec[] };
}

export interface BuiltBid {
  bidId: string;
  receiptNo: string;
  price: number;
  bidder: Bidder;
}

export interface BuiltNotice {
  id: string;
  noticeNo: string | null;
  planEntryId: string;
  /** Every bidder, in bid order, with a token at the world's clock (pass them to world.setClock). */
  bidders: Bidder[];
  bids: BuiltBid[];
  evaluators: StaffUser[];
  /** The opening record the officer saw (prices hidden for a technical envelope). */
  opening?: Record<string, unknown>;
  /** The evaluation result (winnerBidId, table, rules). */
  evaluation?: Record<string, unknown>;
  winner?: BuiltBid;
  award?: { id: string; amount: number; standstillEndsAt: string };
  contract?: {
    id: string;
    contractNo: string;
    value: number;
    deliverables: { id: string; number: number; amount: number; safetyRelated: boolean }[];
  };
}

const reached = (spec: NoticeSpec, state: NoticeState) =>
  NOTICE_STATES.indexOf(spec.state) >= NOTICE_STATES.indexOf(state);

/** Bearer tokens live 12 hours: issue the staff theirs again at the world's current time. */
export async function refreshStaff(world: TenderWorld, staff: StaffUser[]): Promise<void> {
  await inTenant(world.tenant, async (tx) => {
    for (const user of staff) user.auth = { Authorization: `Bearer ${(await issueApiToken(tx, user.userId)).token}` };
  });
}

async function moveClock(world: TenderWorld, at: string, built: BuiltNotice): Promise<void> {
  await world.setClock(at, built.bidders);
  await refreshStaff(world, built.evaluators);
}

/** Every evaluator of the notice declares no conflict of interest. */
export async function declareAll(world: TenderWorld, notice: Pick<BuiltNotice, 'id' | 'evaluators'>): Promise<void> {
  for (const evaluator of notice.evaluators) {
    await request(world.app)
      .post(`${tenantBase(world)}/api/v1/notices/${notice.id}/evaluation/declaration`)
      .set(evaluator.auth)
      .expect(204);
  }
}

/** totals[bid][evaluator]: every evaluator scores every bid of `notice.bids`. */
export async function scoreAll(
  world: TenderWorld,
  notice: Pick<BuiltNotice, 'id' | 'evaluators' | 'bids'>,
  totals: number[][],
): Promise<void> {
  for (const [b, bid] of notice.bids.entries()) {
    for (const [e, evaluator] of notice.evaluators.entries()) {
      await request(world.app)
        .post(`${tenantBase(world)}/api/v1/notices/${notice.id}/evaluation/scores`)
        .set(evaluator.auth)
        .send({ bidId: bid.bidId, scores: split(totals[b]![e]!) })
        .expect(201);
    }
  }
}

/** Drives a notice through the API to `spec.state`; see the header for the defaults. */
export async function buildNotice(world: TenderWorld, spec: NoticeSpec): Promise<BuiltNotice> {
  const language = world.tenant.config.locales.default;
  const fields: Record<string, unknown> = {
    [`title_${language}`]: 'Office equipment',
    estimatedPrice: 100_000_000,
    ...spec.fields,
  };
  const negotiated = fields.method === 'negotiated';
  if (negotiated) {
    fields.evaluationMethod ??= 'negotiated';
    fields.technicalCriteria ??= CRITERIA;
  }
  const titles = Object.fromEntries(Object.entries(fields).filter(([k]) => k.startsWith('title_'))) as Record<
    string,
    string
  >;
  const api = (path: string) => `${tenantBase(world)}/api/v1/notices/${built.id}${path}`;
  const built: BuiltNotice = {
    id: '',
    noticeNo: null,
    planEntryId: await publishedPlanEntry(world, spec.plan ?? titles),
    bidders: [],
    bids: [],
    evaluators: [],
  };
  built.id = await draftNotice(world, { planEntryId: built.planEntryId, ...fields });
  if (spec.state === 'draft') return built;
  await attachTenderDocuments(
    { app: world.app, slug: world.slug, base: tenantBase(world), auth: world.officer },
    built.id,
    negotiated ? 2 : 1,
  );
  // An ICT notice where the tenant's rules say so waits for its project review (korea).
  if (needsProjectReview(world, fields.category)) await completeProjectReview(world, built.id);
  const published = await request(world.app).post(api('/publish?lng=en')).set(world.officer);
  if (published.status !== 200) throw new Error(`publish refused: ${JSON.stringify(published.body)}`);
  built.noticeNo = published.body.noticeNo as string;

  const estimated = Number(fields.estimatedPrice);
  const bids = (spec.bids ?? (reached(spec, 'opened') ? [0.9 * estimated, 0.95 * estimated] : [])).map((b) =>
    typeof b === 'number' ? { price: b } : b,
  );
  const fresh = await buildSuppliers(world, bids.filter((b) => !b.by).length, spec.bidderPrefix);
  const percent = Number(fields.bidSecurityPercent ?? 5);
  for (const [i, bid] of bids.entries()) {
    const bidder = bid.by ?? fresh.shift()!;
    const receipt = await request(world.app)
      .post(api('/bids'))
      .set(bidder.auth)
      .send({
        price: bid.price,
        bidSecurityAmount: bid.bidSecurityAmount ?? securityFor(bid.price, percent),
        picks: bid.picks ?? [1, 2],
        ...(bid.lot === undefined ? {} : { lot: bid.lot }),
        ...(negotiated ? { technicalNote: bid.technicalNote ?? `Proposal ${i + 1}` } : {}),
      });
    if (receipt.status !== 201) throw new Error(`bid refused: ${JSON.stringify(receipt.body)}`);
    if (!built.bidders.includes(bidder)) built.bidders.push(bidder);
    built.bids.push({
      bidId: receipt.body.bidId as string,
      receiptNo: receipt.body.receiptNo as string,
      price: bid.price,
      bidder,
    });
  }
  if (!reached(spec, 'opened')) return built;

  if (negotiated)
    built.evaluators = await addStaff(world.tenant, spec.evaluators ?? 3, 'evaluator', nextPrefix(world, 'EVAL'));
  await moveClock(world, spec.openAt ?? (published.body.openingAt as string), built);
  const opened = await request(world.app).post(api('/open')).set(world.officer).expect(200);
  built.opening = opened.body as Record<string, unknown>;
  if (negotiated) {
    // Only the technical envelope opens: the prices stay sealed until the scores are in.
    assert.equal(opened.body.envelope, 'technical');
    assert.ok((opened.body.bids as { price: number | null }[]).every((b) => b.price === null));
  }
  if (opened.body.outcome === 'failed' && spec.state !== 'opened')
    throw new Error(`the tender failed at its opening: ${JSON.stringify(opened.body)}`);
  for (const evaluator of built.evaluators)
    await request(world.app).post(api('/evaluators')).set(world.officer).send({ email: evaluator.email }).expect(201);
  if (!reached(spec, 'evaluated')) return built;

  if (negotiated) {
    await declareAll(world, built);
    await scoreAll(world, built, spec.scores ?? built.bids.map((_, b) => built.evaluators.map(() => 90 - 5 * b)));
    built.evaluation = (await request(world.app).post(api('/evaluation/finalize')).set(world.officer).expect(200))
      .body as Record<string, unknown>;
  } else {
    const state = await request(world.app).get(api('/evaluation/lowest-price')).set(world.officer).expect(200);
    const next = state.body.next as { bidId: string } | null;
    if (!next) throw new Error(`no bid to review: ${JSON.stringify(state.body)}`);
    const review = await request(world.app)
      .post(api('/evaluation/reviews'))
      .set(world.officer)
      .send({ bidId: next.bidId, score: 100, reasons: 'Meets every criterion.' })
      .expect(201);
    built.evaluation = review.body.result as Record<string, unknown>;
  }
  built.winner = built.bids.find((b) => b.bidId === built.evaluation!.winnerBidId);
  if (!reached(spec, 'awarded')) return built;

  const awarded = await request(world.app).post(api('/award')).set(world.officer).expect(201);
  const standstillEndsAt = awarded.body.standstillEndsAt as string;
  await moveClock(world, standstillEndsAt, built);
  await request(world.app).post(api('/award/finalize')).set(world.officer).expect(200);
  const award = await request(world.app).get(api('/award')).expect(200);
  assert.equal(award.body.status, 'final');
  built.award = { id: award.body.id as string, amount: Number(award.body.amount), standstillEndsAt };
  if (!reached(spec, 'contracted')) return built;

  const day = (from: string, days: number) => new Date(Date.parse(from) + days * 86_400_000).toISOString().slice(0, 10);
  const startsOn = spec.contract?.startsOn ?? day(standstillEndsAt, 1);
  const endsOn = spec.contract?.endsOn ?? day(standstillEndsAt, 100);
  const deliverables = (
    spec.contract?.deliverables ?? [{ title: 'Goods delivered and installed', amount: built.award.amount }]
  ).map((d) => ({ safetyRelated: false, dueOn: endsOn, ...d }));
  const contracts = `${tenantBase(world)}/api/v1/contracts`;
  const generated = await request(world.app)
    .post(contracts)
    .set(world.officer)
    .send({ awardId: built.award.id, startsOn, endsOn, deliverables });
  if (generated.status !== 201) throw new Error(`contract refused: ${JSON.stringify(generated.body)}`);
  const contractId = generated.body.id as string;
  const winner = built.winner!.bidder;
  await request(world.app)
    .post(`${contracts}/${contractId}/deposit`)
    .set(winner.auth)
    .send({
      kind: 'bank-guarantee',
      issuer: 'National Bank',
      reference: `BG-${contractId.slice(0, 8)}`,
      amount: generated.body.deposit.amount,
      validUntil: day(endsOn, 90),
    })
    .expect(201);
  await request(world.app)
    .post(`${contracts}/${contractId}/signatures`)
    .set(winner.auth)
    .send({ password: DEMO_PASSWORD })
    .expect(201);
  const officer = `officer@${world.slug}.demo`;
  const signed = await request(world.app)
    .post(`${contracts}/${contractId}/signatures`)
    .set(world.officer)
    .send({ password: DEMO_PASSWORD, code: await freshTotp(`${world.slug}/${officer}`) })
    .expect(201);
  assert.equal(signed.body.status, 'active');
  const items = await request(world.app).get(`${contracts}/${contractId}/deliverables`).set(world.officer).expect(200);
  built.contract = {
    id: contractId,
    contractNo: generated.body.contractNo as string,
    value: Number(generated.body.value),
    deliverables: (
      items.body.deliverables as { id: string; number: number; amount: number; safetyRelated: boolean }[]
    ).map(({ id, number, amount, safetyRelated }) => ({ id, number, amount, safetyRelated })),
  };
  return built;
}
