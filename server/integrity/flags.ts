/**
 * The integrity red flags: their ids, weights for ranking, and the evidence each keeps. Evidence
 * is data (parties, amounts, dates as ISO strings, counts), put into sentences only when a page
 * shows it (sentences.ts). It never holds a network address, a device id or a contact detail:
 * those stay in their own tables under their own retention rules; the evidence says which bids
 * or suppliers shared one, and of which kind.
 */

export const FLAG_IDS = [
  'single-bidder',
  'short-submission-period',
  'identical-prices',
  'near-estimate',
  'runner-up-spread',
  'others-disqualified',
  'lowest-disqualified',
  'habitual-loser',
  'captive-supplier',
  'same-source',
  'shared-contact',
  'amendment-increase',
  'shared-owner',
] as const;
export type FlagId = (typeof FLAG_IDS)[number];

export const isFlagId = (value: unknown): value is FlagId =>
  typeof value === 'string' && (FLAG_IDS as readonly string[]).includes(value);

/**
 * How much a flag weighs in the ranking. Signs of coordination between bidders (same source,
 * shared contacts, identical prices) weigh most; structural signs (a short period, one bidder)
 * least: they have innocent explanations more often.
 */
export const FLAG_WEIGHTS: Record<FlagId, number> = {
  'single-bidder': 1,
  'short-submission-period': 1,
  'identical-prices': 3,
  'near-estimate': 2,
  'runner-up-spread': 1,
  'others-disqualified': 2,
  'lowest-disqualified': 2,
  'habitual-loser': 1,
  'captive-supplier': 2,
  'same-source': 3,
  'shared-contact': 3,
  'amendment-increase': 2,
  'shared-owner': 3,
};

/** The flags about a tender; the others are about a supplier. */
export const TENDER_FLAGS: readonly FlagId[] = FLAG_IDS.filter(
  (f) => f !== 'habitual-loser' && f !== 'captive-supplier',
);

/** What a flag read to decide: shown as words ("the opening record, the award"). */
export type Source =
  | 'notice'
  | 'opening-record'
  | 'opening-flags'
  | 'award'
  | 'evaluation'
  | 'supplier-contacts'
  | 'supplier-owners'
  | 'contract-amendments'
  | 'bid-history'
  | 'award-history';

/** A supplier as the evidence names it (the name in every language it was registered in). */
export interface Party {
  supplierId: string;
  name: Record<string, string>;
  receiptNo?: string;
  price?: number;
}

export type Disqualification = 'invalid-at-opening' | 'failed-review';

export type Evidence =
  | { flag: 'single-bidder'; bidder: Party; outcome: 'opened' | 'failed' }
  | {
      flag: 'short-submission-period';
      publishedAt: string;
      deadline: string;
      days: number;
      normDays: number;
      category: string;
    }
  | { flag: 'identical-prices'; groups: { lot: number; price: number; bids: Party[] }[] }
  | { flag: 'near-estimate'; winner: Party; amount: number; estimate: number; percent: number; threshold: number }
  | {
      flag: 'runner-up-spread';
      winner: Party;
      runnerUp: Party;
      percent: number;
      direction: 'small' | 'large';
      below: number;
      above: number;
    }
  | { flag: 'others-disqualified'; winner: Party; others: (Party & { reason: Disqualification })[] }
  | { flag: 'lowest-disqualified'; lowest: Party & { reason: Disqualification }; winner: Party | null }
  | {
      flag: 'habitual-loser';
      bids: number;
      wins: number;
      percent: number;
      windowDays: number;
      minBids: number;
      maxWinPercent: number;
      notices: string[];
    }
  | {
      flag: 'captive-supplier';
      wins: number;
      agency: Record<string, string>;
      windowDays: number;
      minWins: number;
      notices: string[];
    }
  | { flag: 'same-source'; groups: { kind: 'device' | 'address'; bids: Party[] }[] }
  | { flag: 'shared-contact'; groups: { kind: 'email' | 'phone' | 'address'; suppliers: Party[] }[] }
  | {
      /**
       * Bidders sharing an owner or director: the person's name (for auditors; the public reads a
       * count), never an id number; `byIdNumber` says whether id numbers proved it or names alone.
       */
      flag: 'shared-owner';
      groups: { person: string; roles: ('owner' | 'director')[]; byIdNumber: boolean; suppliers: Party[] }[];
    }
  | {
      flag: 'amendment-increase';
      threshold: number;
      contracts: { contractNo: string; original: number; current: number; percent: number; amendments: number[] }[];
    };

/** One flag as computed: what it says, what it read, which suppliers it names, which rule it applied. */
export interface ComputedFlag {
  flagId: FlagId;
  evidence: Evidence;
  sources: Source[];
  supplierIds: string[];
  rules: string[];
}

export type SubjectType = 'tender' | 'supplier';

/** A percentage with one decimal, as the evidence keeps it (the comparison uses the exact value). */
export const percentOf = (part: number, whole: number): number => Math.round((part / whole) * 1000) / 10;
