/**
 * The kinds of change that wait for a second person's approval, by the name requests carry.
 * A new kind (publishing a notice, an award, a debarment…) is one entry here and one module.
 */
import type { ApprovalKind } from './approval.js';
import { secondFactorReset } from './second-factor-reset.js';

const KINDS = {
  'second-factor-reset': secondFactorReset,
} satisfies Record<string, ApprovalKind>;

export type ApprovalKindName = keyof typeof KINDS;

export function isApprovalKind(name: string): name is ApprovalKindName {
  return Object.hasOwn(KINDS, name);
}

/** The kind a stored request names; a name no longer known is a fault, not a user's mistake. */
export function kindOf(name: string): ApprovalKind {
  if (!isApprovalKind(name)) throw new Error(`unknown kind of approval: ${name}`);
  return KINDS[name];
}
