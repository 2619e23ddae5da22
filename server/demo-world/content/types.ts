/**
 * The shape of one tenant's demo world: who takes part and what is bought, in the tenant's own
 * languages. Data, not interface text: titles and names live here, like seed.ts DEMO_NAMES.
 */
import type { Language } from '../../i18n/languages.js';

export type Texts = Partial<Record<Language, string>>;

/** One tender for each state the world shows, in the order a tender moves through them. */
export const TENDER_KEYS = [
  'prespec',
  'open',
  'failed',
  'evaluation',
  'awarded',
  'contracted',
  'delivered',
  'paid',
] as const;
export type TenderKey = (typeof TENDER_KEYS)[number];

export interface TenderContent {
  plan: Texts;
  title: Texts;
  category: 'goods' | 'services' | 'works' | 'ict';
  /** The estimated price in major units of the tenant's currency, as an officer types it. */
  estimated: string;
  /** Which agency buys: 0 is the demo agency (officer@<slug>.demo), then `agencies` in order. */
  agency: 0 | 1 | 2;
  /** The contract's one deliverable (contracted, delivered, paid). */
  deliverable?: string;
}

export interface WorldContent {
  /** Two buyer agencies beside the demo one, each with its officer's name. */
  agencies: { code: string; name: Texts; officer: string }[];
  /** Four supplier companies that register and are approved. */
  suppliers: {
    registrationNo: string;
    legalName: Texts;
    representative: string;
    address: string;
    phone: string;
  }[];
  tenders: Record<TenderKey, TenderContent>;
  /** What people write along the way, in the tenant's default language. */
  texts: {
    disclosure: string;
    comment: string;
    reply: string;
    question: string;
    answer: string;
    addendum: string;
    review: string;
    /** Where the tenant's rules ask for an ICT project review (korea): what the officer submits and the committee answers. */
    projectReview?: { requirements: string; scope: string; reasons: string };
    depositIssuer: string;
    deliveryNote: string;
  };
}
