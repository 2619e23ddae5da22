/**
 * The rule catalogue: what each rule decides and the shape of its value. A tenant's config holds
 * versions of these rules (effective dates, legal source); boot validates every value against its
 * rule's schema, so a typo in a law's number stops the process instead of deciding a tender.
 * Amounts are integer minor units of the tenant's currency.
 */
import { z } from 'zod';
import { TENANT_ROLES } from '../identity/roles.js';

const days = z.number().int().min(0).max(3650);
const unit = z.enum(['calendar', 'business']);
const category = z.enum(['goods', 'services', 'works', 'ict']);
const percent = z.number().min(0).max(100);
const amount = z.number().int().min(0);

/** The actions the `mutual-checks` rule can put under a second person's check (server/approvals/). */
export const MUTUAL_CHECK_ACTIONS = [
  'notice-publish',
  'notice-addendum',
  'notice-cancel',
  'award',
  'direct-contract',
  'supplier-approve',
  'supplier-debar',
] as const;
export type MutualCheckAction = (typeof MUTUAL_CHECK_ACTIONS)[number];

export const RULE_VALUES = {
  /** Minimum notice period: the first row matching category, competition and value applies. */
  'notice-period': z.object({
    unit,
    table: z
      .array(
        z.object({
          category: category.optional(),
          competition: z.enum(['domestic', 'international']).optional(),
          minValue: amount.optional(),
          days,
        }),
      )
      .min(1),
  }),
  /** Draft specifications published for comment before the notice, above a value. */
  'pre-specification': z.object({ aboveValue: amount, days, unit }),
  /** An addendum closer than `days` to the deadline extends the deadline by `extendBy`. */
  'addendum-lead-time': z.object({ days, unit, extendBy: days }),
  'minimum-valid-bids': z.object({ count: z.number().int().min(1).max(10) }),
  /** Failed competitive attempts after which a direct contract may be chosen. */
  'failed-attempts-before-direct': z.object({ count: z.number().int().min(1).max(10) }),
  'bid-security': z.object({ percent }),
  /**
   * How many tender documents a notice must carry at publication: `minimum` for every method,
   * raised for the methods listed in `byMethod` (e.g. a negotiated tender's proposal request).
   */
  'required-documents': z.object({
    minimum: z.number().int().min(0).max(20),
    byMethod: z
      .partialRecord(z.enum(['open', 'restricted', 'negotiated', 'direct']), z.number().int().min(0).max(20))
      .optional(),
  }),
  'contract-deposit': z.object({ percent }),
  standstill: z.object({ days, unit }),
  'payment-days': z.object({ days, unit }),
  'evaluation-weights': z
    .object({ technical: percent, price: percent })
    .refine((w) => w.technical + w.price === 100, 'weights must add up to 100'),
  'qualification-pass-mark': z.object({ score: z.number().min(0).max(100) }),
  /** Fixed extra points by technical rank (first, second, …), at most `max`. */
  'differential-points': z.object({ max: z.number().min(0).max(10), byRank: z.array(z.number().min(0).max(10)) }),
  /** How evaluators' technical totals are averaged: drop the highest and lowest from this many evaluators up. */
  'technical-score-averaging': z.object({ dropExtremesFrom: z.number().int().min(3).max(50).nullable() }),
  /** Equal total scores: compared on these, in order (the last resort is the earlier receipt). */
  'evaluation-tie-break': z.object({ order: z.array(z.enum(['technical', 'price', 'receipt'])).min(1) }),
  'plan-required': z.object({ required: z.boolean() }),
  /** Each bid confirmed by the bidder's own passkey (server/passkeys/): bids no one can lend. */
  'bid-passkey': z.object({ required: z.boolean() }),
  /** Where a deadline that falls on a non-working day moves. */
  'deadline-on-non-working-day': z.object({ move: z.enum(['next-working-day', 'previous-working-day', 'stay']) }),
  /** Deadlines inside a recorded system outage are extended by this much. */
  'outage-extension': z.object({ days, unit }),
  /** Below these estimated values a direct contract needs no failed tender. */
  'small-value-direct': z.object({
    thresholds: z.array(z.object({ category, subcategory: z.string().optional(), maxValue: amount })).min(1),
  }),
  'reserve-price': z.discriminatedUnion('method', [
    z.object({ method: z.literal('none') }),
    z.object({
      method: z.literal('multiple'),
      candidates: z.number().int().min(2).max(50),
      bandPercent: z.number().min(0).max(20),
      picksPerBidder: z.number().int().min(1).max(10),
      averageOf: z.number().int().min(1).max(50),
      /** Equal pick counts: the lower-numbered candidate ranks first. */
      tieBreak: z.literal('lower-number'),
      /** With fewer picked candidates than `averageOf`, the most-picked available are averaged. */
      fewerPicks: z.literal('average-available'),
      rounding: z.enum(['floor', 'round', 'ceil']),
    }),
  ]),
  /** Under lowest price with qualification review: bids below this % of the reserve price are excluded. */
  'award-floor-rate': z.object({ percent }),
  'supplier-registration-validity': z.object({ months: z.number().int().min(1).max(120) }),
  'device-data-retention': z.object({ days: z.number().int().min(1).max(3650) }),
  /**
   * Integrity red flags (server/integrity/): the thresholds of the computable risk indicators.
   * Submission period: the first row matching the category is the norm, in calendar days.
   */
  'red-flags': z.object({
    submissionPeriod: z.array(z.object({ category: category.optional(), days })).min(1),
    /** A winning amount at or above this % of the estimated price (and not above it) is "barely below". */
    nearEstimatePercent: percent,
    /** Winner and runner-up closer than `belowPercent` or further apart than `abovePercent`. */
    runnerUpSpread: z.object({ belowPercent: percent, abovePercent: z.number().min(0).max(1000) }),
    habitualLoser: z.object({ minBids: z.number().int().min(1).max(1000), windowDays: days, maxWinPercent: percent }),
    captiveSupplier: z.object({ minWins: z.number().int().min(1).max(1000), windowDays: days }),
    /** Amendments raising a contract's value past this % of its original value. */
    amendmentIncreasePercent: z.number().min(0).max(1000),
  }),
  /**
   * Budget execution targets every agency has unless the tenant admin set its own
   * (server/targets/): by each month-day of the fiscal year, this % of the planned value ordered.
   */
  'execution-targets': z.object({
    milestones: z
      .array(z.object({ by: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/), percent: percent.positive() }))
      .min(1),
  }),
  /** The roles that must sign in with a second factor (without a version: staff roles only). */
  'second-factor': z.object({ roles: z.array(z.enum(TENANT_ROLES)).min(1) }),
  /**
   * Briefing sessions (server/briefings/): a briefing scheduled on a notice of these categories is
   * mandatory, and a company that did not attend it cannot bid on the notice.
   */
  'briefing-attendance': z.object({ mandatoryFor: z.array(category) }),
  /**
   * Mutual checks (maker-checker): these actions wait for a second person of the maker's agency
   * who holds the deciding role, never the maker (server/approvals/mutual-checks.ts).
   */
  'mutual-checks': z.object({ actions: z.array(z.enum(MUTUAL_CHECK_ACTIONS)) }),
  /**
   * ICT project review (server/project-review/): a notice of these categories is published only
   * after a review committee confirmed its requirements and project period.
   */
  'project-review': z.object({ categories: z.array(category) }),
  /**
   * Framework agreements (server/procurement/frameworks/): which valid bids of the framework's
   * tender become parties. `lowest-total`: the lowest price-list totals, up to `maxParties`;
   * `within-ceiling`: every bid whose unit prices all stay within the ceilings, up to `maxParties`
   * by total. An agreement runs at most `maxMonths`.
   */
  'framework-agreement': z.object({
    ranking: z.enum(['lowest-total', 'within-ceiling']),
    maxParties: z.number().int().min(1).max(50),
    maxMonths: z.number().int().min(1).max(120),
  }),
  /** A party's unit price may rise by at most this % in one change, never past the item's ceiling. */
  'framework-price-change': z.object({ maxIncreasePercent: percent }),
  /**
   * Orders from the mall above `aboveValue` go to a second competition among the agreement's
   * parties: sealed quotes due after `days`, opened with at least `minQuotes` (or the order fails).
   */
  'second-competition': z.object({ aboveValue: amount, days, unit, minQuotes: z.number().int().min(1).max(10) }),
  /**
   * Innovative products: a designation is valid `validityMonths`; an agency buys one directly up
   * to `directPurchaseMax` per order, and a test purchase up to `testPurchaseMax`.
   */
  'innovative-products': z.object({
    validityMonths: z.number().int().min(1).max(120),
    directPurchaseMax: amount,
    testPurchaseMax: amount,
  }),
} as const;

export type RuleId = keyof typeof RULE_VALUES;
export type RuleValue<R extends RuleId> = z.infer<(typeof RULE_VALUES)[R]>;

export function isRuleId(id: string): id is RuleId {
  return id in RULE_VALUES;
}
