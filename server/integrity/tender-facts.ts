/**
 * What a tender's red flags are computed from (facts.ts reads it) and the helpers every flag of a
 * tender shares: a bid as a party of the evidence, the suppliers a flag names.
 */
import type { CompanyPerson } from '../conflicts/matching.js';
import type { RedFlagThresholds } from '../regulations/red-flags.js';
import type { Party } from './flags.js';

export interface OpenedBidFact {
  receiptNo: string;
  supplierId: string;
  name: Record<string, string>;
  lot: number;
  /** Null while the price envelope is sealed (two-envelope tenders). */
  price: number | null;
  valid: boolean;
}

export interface TenderFacts {
  notice: {
    id: string;
    method: string;
    evaluationMethod: string;
    category: string;
    estimatedPrice: number;
    publishedAt: Date | null;
    submissionDeadline: Date;
  };
  opening: {
    outcome: 'opened' | 'failed';
    bids: OpenedBidFact[];
    /** The same-source findings the opening recorded (opening/service.ts computes them once). */
    sameSource: { kind: 'same-device' | 'same-address' | 'same-authenticator'; receipts: string[] }[];
  } | null;
  /** The live award (not withdrawn). */
  award: { receiptNo: string; amount: number } | null;
  /** The winner of the final evaluation result, when no award names one yet. */
  resultWinner: string | null;
  /** Receipts that failed their qualification review in the current round. */
  failedReviews: string[];
  /** Receipts the evaluation left out under the award floor rate (the rule working, not a disqualification). */
  underFloor: string[];
  /** Bidders' contact details, normalised (read only once the tender is opened). */
  contacts: { supplierId: string; email: string | null; phone: string | null; address: string | null }[];
  /** Bidders' registered owners and directors (read only once the tender is opened; absent: none known). */
  owners?: { supplierId: string; people: CompanyPerson[] }[];
  /** Each contract of the tender: its value now and before its first amendment of value. */
  contracts: { contractNo: string; current: number; original: number; amendments: number[] }[];
}

export interface Applied {
  value: RedFlagThresholds;
  rule: string;
}

export const party = (b: OpenedBidFact, withPrice = false): Party => ({
  supplierId: b.supplierId,
  name: b.name,
  receiptNo: b.receiptNo,
  ...(withPrice && b.price !== null ? { price: b.price } : {}),
});

export const suppliersOf = (parties: Party[]) => [...new Set(parties.map((p) => p.supplierId))];

/** The bids whose prices the opening published. */
