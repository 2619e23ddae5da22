/**
 * Our words in OCDS's codelists (../shared/ocds-1.1.5/codelists): the coarse OCDS code, with our
 * finer one kept where OCDS has a "details" field. KONEPS's negotiated contract is announced to
 * all comers, so its method is open; the restricted competition is OCDS's selective.
 */
export const PROCUREMENT_METHOD = {
  open: 'open',
  restricted: 'selective',
  negotiated: 'open',
  direct: 'direct',
} as const;

export const METHOD_DETAILS = {
  open: 'Open competitive bidding',
  restricted: 'Restricted competitive bidding (eligibility limited by the notice)',
  negotiated: 'Negotiated contract: technical proposal and price evaluated together',
  direct: 'Direct (single-source) contract',
} as const;

/** OCDS has goods, works and services; ICT projects are services there. */
export const MAIN_CATEGORY = { goods: 'goods', services: 'services', works: 'works', ict: 'services' } as const;

export const AWARD_CRITERIA = { 'lowest-price': 'priceOnly', negotiated: 'ratedCriteria' } as const;

export const AWARD_CRITERIA_DETAILS = {
  'lowest-price': 'Lowest price, with a qualification review of the lowest bidders in price order',
  negotiated: 'Technical score and price score combined, as the tenant regulations weigh them',
} as const;

/** Our notice status is OCDS's tender status already (migrations/tenant/…-create-notices.ts). */
export const TENDER_STATUS = {
  planning: 'planning',
  active: 'active',
  cancelled: 'cancelled',
  unsuccessful: 'unsuccessful',
  complete: 'complete',
} as const;

export const AWARD_STATUS = { standstill: 'pending', final: 'active', withdrawn: 'cancelled' } as const;

export const CONTRACT_STATUS = {
  'awaiting-signatures': 'pending',
  active: 'active',
  /** OCDS's "terminated": the contract was in force and has come to an end, completed or not. */
  completed: 'terminated',
  terminated: 'terminated',
} as const;

/** The status of a deliverable as a contract milestone. */
export const MILESTONE_STATUS = {
  pending: 'scheduled',
  delivered: 'scheduled',
  accepted: 'met',
  rejected: 'notMet',
} as const;

/** Items carry the notice's procurement category until notices carry a product classification. */
export const CATEGORY_SCHEME = 'X-PROCUREMENT-CATEGORY';

export const BIDS_EXTENSION =
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json';

export function codeOf<T extends Record<string, string>>(table: T, value: string): T[keyof T] | undefined {
  return Object.hasOwn(table, value) ? table[value as keyof T] : undefined;
}

/** Framework items and innovative products carry the tenant's own product classification codes. */
export const PRODUCT_SCHEME = 'X-PRODUCT-CLASSIFICATION';

/** A delivery order's status as its tender's: decided once a supplier was chosen or none could be. */
export const TENDER_STATUS_OF_ORDER = {
  'in-competition': 'active',
  'awaiting-supplier': 'complete',
  accepted: 'complete',
  declined: 'complete',
  failed: 'unsuccessful',
  cancelled: 'cancelled',
} as const;

/** The award of an order to its supplier: pending its acceptance, active once accepted. */
export const AWARD_STATUS_OF_ORDER = {
  'awaiting-supplier': 'pending',
  accepted: 'active',
  declined: 'cancelled',
  cancelled: 'cancelled',
} as const;
