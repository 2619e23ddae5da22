/**
 * The kinds of change that wait for a second person's approval, by the name requests carry: the
 * call center's second-factor reset, and the mutual checks of the features whose actions the
 * tenant's rules put under a second person. A new kind is one entry here and one module.
 */
import type { ApprovalKind } from './approval.js';
import { secondFactorReset } from './second-factor-reset.js';
import { noticeChecks } from '../procurement/notices/checked-changes.js';
import { awardChecks } from '../procurement/awards/checked-award.js';
import { contractChecks } from '../procurement/contracts/checked-contract.js';
import { addendumChecks } from '../procurement/notices/checked-addendum.js';
import { supplierChecks } from '../suppliers/checked-reviews.js';

const KINDS: ReadonlyMap<string, ApprovalKind> = new Map(
  [secondFactorReset, ...noticeChecks, ...supplierChecks, ...awardChecks, ...contractChecks, ...addendumChecks].map(
    (kind) => [kind.name, kind],
  ),
);

/** The kind a stored request names; a name no longer known is a fault, not a user's mistake. */
export function kindOf(name: string): ApprovalKind {
  const kind = KINDS.get(name);
  if (!kind) throw new Error(`unknown kind of approval: ${name}`);
  return kind;
}
