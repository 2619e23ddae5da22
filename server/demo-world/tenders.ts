/**
 * The tenders of a demo world, each taken to its state by the services: plan entry, draft,
 * documents, publication, questions, addenda, sealed bids, opening, review and award. What comes
 * after the award (contract, delivery, payment) is in contracts.ts. Days are counted from the start
 * day; deadlines fall on working days and everything else follows from them.
 */
import { amountInMinorUnits } from '../procurement/plans/schema.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { addendumSchema } from '../procurement/notices/addenda.js';
import { noticeDraftSchema } from '../procurement/notices/schema.js';
import { projectReviewRule } from '../regulations/project-review.js';
import type { TenderKey } from './content/types.js';
import { demoPdf } from './documents.js';
import { contractSteps } from './contracts.js';
import { as, on, roundedShare, settle, type TenderState, type World } from './world.js';

/** Publication and deadline, in days from the start day (the deadline moves to a working day). */
const SCHEDULE: Record<Exclude<TenderKey, 'prespec'>, { published: number; deadline: number }> = {
  paid: { published: -62, deadline: -46 },
  delivered: { published: -56, deadline: -40 },
  contracted: { published: -50, deadline: -34 },
  awarded: { published: -35, deadline: -19 },
  failed: { published: -30, deadline: -14 },
  evaluation: { published: -24, deadline: -8 },
  open: { published: -6, deadline: 12 },
};

/** Who bids (suppliers by index: 0 is the demo supplier) and at what share of the estimated price. */
const BIDS: Record<Exclude<TenderKey, 'prespec'>, [number, number][]> = {
  paid: [
    [1, 0.92],
    [3, 0.94],
    [0, 0.97],
  ],
  delivered: [
    [0, 0.93],
    [2, 0.96],
  ],
  contracted: [
    [3, 0.91],
    [1, 0.95],
  ],
  awarded: [
    [2, 0.92],
    [0, 0.95],
    [3, 0.97],
  ],
  failed: [[3, 0.96]],
  evaluation: [
    [0, 0.97],
    [1, 0.93],
    [2, 0.95],
  ],
  open: [
    [1, 0.94],
    [2, 0.91],
  ],
};

const BID_SECURITY_PERCENT = 5;

function draftOf(world: World, t: TenderState, deadline: number) {
  const c = world.tenant.config;
  const titles = Object.fromEntries(Object.entries(t.content.title).map(([lng, v]) => [`title_${lng}`, v]));
  return noticeDraftSchema(c.locales.supported, c.locales.default, c.currency, c.timeZone).parse({
    ...titles,
    planEntryId: t.planId,
    category: t.content.category,
    competition: 'domestic',
    method: 'open',
    evaluationMethod: 'lowest-price',
    estimatedPrice: t.content.estimated,
    bidSecurityPercent: BID_SECURITY_PERCENT,
    submissionDeadline: world.time.typed(deadline, '10:00'),
    openingAt: world.time.typed(deadline, '11:00'),
  });
}

/** The plan entry, entered and published by the agency's officer before the year's tenders. */
export function planEntry(world: World, t: TenderState, index: number, publishedOn: number): void {
  const at = world.time.at(-70, '09:00');
  const when = new Date(at.getTime() + index * 180_000);
  const date = world.time.day(publishedOn);
  on(world, when, `plan ${t.key}`, async () => {
    const titles = Object.fromEntries(Object.entries(t.content.plan).map(([lng, v]) => [`title_${lng}`, v]));
    t.planId = await world.svc.plans.create(as(world, t.officer, when), {
      ...titles,
      fiscalYear: Number(date.slice(0, 4)),
      category: t.content.category,
      estimatedBudget: roundedShare(world, t.estimated, 1.1),
      quarter: Math.ceil(Number(date.slice(5, 7)) / 3),
      method: 'open',
    });
    await world.svc.plans.publish(as(world, t.officer, new Date(when.getTime() + 60_000)), t.planId);
  });
}

/** Draft and documents; `deadline` is the draft's (a disclosure's draft is published later). */
export function draft(world: World, t: TenderState, day: number, deadline: number): void {
  const at = world.time.at(day, '09:00');
  on(world, at, `draft ${t.key}`, async () => {
    t.noticeId = await world.svc.notices.createDraft(as(world, t.officer, at), draftOf(world, t, deadline));
    await world.svc.documents.upload(as(world, t.officer, new Date(at.getTime() + 600_000)), t.noticeId, [
      demoPdf(`tender-documents-${t.key}`),
    ]);
  });
}

/**
 * Where the tenant's project-review rule names the category (korea's ICT notices), the draft's
 * requirements and project period are reviewed before publication: another agency's officer sits,
 * declares no conflict of interest and confirms them.
 */
function projectReview(world: World, t: TenderState, day: number, deadline: number): void {
  const at = world.time.at(day, '09:15');
  const member = world.cast.officers.find((o) => o.id !== t.officer.id);
  if (!member || !projectReviewRule(world.tenant.config, t.content.category, at)) return;
  const step = (n: number) => new Date(at.getTime() + n * 60_000);
  on(world, at, `project review ${t.key}`, async () => {
    const id = t.noticeId!;
    const period = { start: world.time.day(deadline + 30), end: world.time.day(deadline + 210) };
    const { requirements, scope, reasons } = world.content.texts.projectReview ?? {
      requirements: 'The functional and security requirements the proposal request states.',
      scope: 'Supply, installation, training and one year of maintenance.',
      reasons: 'The period fits the scope; the requirements are stated clearly.',
    };
    await world.svc.reviewRounds.submit(as(world, t.officer, at), id, {
      requirements,
      scope,
      proposedStart: period.start,
      proposedEnd: period.end,
    });
    await world.svc.reviewCommittee.seat(as(world, t.officer, step(1)), id, { email: member.email });
    await world.svc.reviewCommittee.declare(as(world, member, step(2)), id);
    await world.svc.reviewRounds.decide(as(world, member, step(3)), id, {
      requirements,
      scope,
      projectStart: period.start,
      projectEnd: period.end,
      reasons,
    });
  });
}

export function publish(world: World, t: TenderState, day: number, id: () => string): void {
  const at = world.time.at(day, '09:30');
  on(world, at, `publish ${t.key}`, async () => {
    await settle(world, await world.svc.notices.publish(as(world, t.officer, at), id()), at);
  });
}

/** A sealed bid at `at` by supplier `s`, at `share` of the estimated price. */
function bid(world: World, t: TenderState, at: Date, s: number, share: number, id: () => string): void {
  const bidder = world.cast.suppliers[s]!;
  const price = roundedShare(world, t.estimated, share);
  on(world, at, `bid ${t.key} by ${bidder.email}`, async () => {
    await world.svc.bids.submit(as(world, bidder, at), id(), {
      lot: 0,
      price,
      bidSecurityAmount: Math.ceil((price * BID_SECURITY_PERCENT) / 100),
      picks: [1 + s, 8 + s],
      // One device per company: the one-device-one-bidder flag has nothing to say of the demo.
      device: { address: `192.0.2.${10 + s}`, userAgentHash: null, deviceId: `demo-world-device-${s}`.padEnd(22, '0') },
      files: [],
    });
  });
}

function bids(world: World, t: TenderState, dayBefore: number, list: [number, number][], id: () => string): void {
  list.forEach(([s, share], i) => bid(world, t, world.time.at(dayBefore, `${10 + i * 2}:00`), s, share, id));
}

export function open(world: World, t: TenderState, deadline: number, id: () => string): void {
  const at = world.time.at(deadline, '11:05');
  on(world, at, `open ${t.key}`, async () => {
    await world.svc.opening.open(as(world, t.officer, at), id());
  });
}

/** The officer reviews the lowest bid and passes it; the evaluation ends with it as the winner. */
export function review(world: World, t: TenderState, day: number): void {
  const at = world.time.at(day, '10:00');
  on(world, at, `review ${t.key}`, async () => {
    const actor = as(world, t.officer, at);
    const state = await world.svc.lowestPrice.state(actor, t.noticeId!);
    if (!state.next) throw new Error('no bid to review');
    await world.svc.lowestPrice.review(actor, t.noticeId!, {
      bidId: state.next.bidId,
      score: 92,
      reasons: world.content.texts.review,
    });
  });
}

export function award(world: World, t: TenderState, day: number): void {
  const at = world.time.at(day, '10:00');
  on(world, at, `award ${t.key}`, async () => {
    await settle(world, await world.svc.awards.publish(as(world, t.officer, at), t.noticeId!), at);
    // The live award, made by the officer or by the second officer who approved it.
    const row = await inTenant(world.tenant, (tx) =>
      tx('awards')
        .where({ notice_id: t.noticeId })
        .whereNot({ status: 'withdrawn' })
        .first<{ id: string; amount: string; supplier_id: string }>('id', 'amount', 'supplier_id'),
    );
    t.awardId = row.id;
    t.amount = Number(row.amount);
    t.winner = world.cast.suppliers.find((s) => s.supplierId === row.supplier_id);
  });
}

/** The steps that take tender `key` to its state. */
export function tenderSteps(world: World, key: TenderKey, index: number): void {
  const content = world.content.tenders[key];
  const officer = world.cast.officers[content.agency]!;
  const estimated = amountInMinorUnits(world.tenant.config.currency).parse(content.estimated);
  const t: TenderState = { key, content, officer, estimated };
  const notice = () => t.noticeId!;
  const { texts } = world.content;
  const time = world.time;

  if (key === 'prespec') {
    planEntry(world, t, index, -3);
    draft(world, t, -3, time.workingDay(30));
    const at = time.at(-2, '09:00');
    let disclosure = '';
    on(world, at, 'pre-specification disclosure', async () => {
      disclosure = (await world.svc.prespec.open(as(world, officer, at), notice(), { summary: texts.disclosure })).id;
    });
    const asked = time.at(-1, '10:00');
    const replied = time.at(-1, '15:00');
    let comment = '';
    on(world, asked, 'pre-specification comment', async () => {
      comment = await world.svc.prespec.comment(as(world, world.cast.suppliers[1], asked), disclosure, {
        comment: texts.comment,
      });
    });
    on(world, replied, 'pre-specification reply', async () => {
      await world.svc.prespec.reply(as(world, officer, replied), comment, { reply: texts.reply });
    });
    return;
  }

  const { published } = SCHEDULE[key];
  const deadline = time.workingDay(SCHEDULE[key].deadline);
  planEntry(world, t, index, published);
  draft(world, t, published, deadline);
  projectReview(world, t, published, deadline);
  publish(world, t, published, notice);

  if (key === 'open') {
    const asked = time.at(-5, '10:00');
    const answered = time.at(-4, '14:00');
    const amended = time.at(-2, '11:00');
    let question = '';
    on(world, asked, 'question', async () => {
      question = await world.svc.questions.ask(as(world, world.cast.suppliers[2], asked), notice(), texts.question);
    });
    on(world, answered, 'answer', async () => {
      await world.svc.questions.answer(as(world, officer, answered), question, texts.answer);
    });
    on(world, amended, 'addendum', async () => {
      const fields = addendumSchema(world.tenant.config.timeZone).parse({ summary: texts.addendum });
      const issued = await world.svc.addenda.issue(as(world, officer, amended), notice(), {
        ...fields,
        added: [demoPdf('addendum-1-quantities')],
        replacements: [],
      });
      await settle(world, issued, amended);
    });
    bids(world, t, -1, BIDS.open, notice);
    return;
  }

  bids(world, t, deadline - 3, BIDS[key], notice);
  open(world, t, deadline, notice);
  if (key === 'evaluation') return;

  if (key === 'failed') {
    // Too few valid bids: the officer re-tenders, and the new notice takes bids again.
    const at = time.at(deadline + 2, '09:00');
    const again = time.workingDay(9);
    on(world, at, 're-tender', async () => {
      t.retenderId = await world.svc.failure.retender(as(world, officer, at), notice(), {
        submissionDeadline: time.at(again, '10:00'),
        openingAt: time.at(again, '11:00'),
      });
    });
    publish(world, t, deadline + 2, () => t.retenderId!);
    bids(
      world,
      t,
      -2,
      [
        [3, 0.95],
        [0, 0.93],
      ],
      () => t.retenderId!,
    );
    return;
  }

  review(world, t, deadline + 1);
  award(world, t, key === 'awarded' ? -5 : deadline + 2);
  if (key === 'awarded') return;
  contractSteps(world, t, deadline);
}
