/**
 * What the approvals page reads: the requests the reader may decide (their roles name them), the
 * waiting ones first, then the latest decisions. Also the count the navigation shows.
 */
import type { Knex } from 'knex';
import type { Actor } from '../identity/actor.js';
import { assertCan } from '../identity/policy.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { toApproval, type Approval, type ApprovalRow } from './approval.js';
import type { Decider } from './rules.js';

/** How many decisions the page keeps showing. */
export const RECENT_DECISIONS = 20;

export interface ApprovalListing extends Approval {
  /** The requester's name when they are a user of this tenant. */
  requesterName: string | null;
}

type ListingRow = ApprovalRow & { requester_name: string | null };

/** A request is the reader's to see when they hold its role, in its agency when it names one. */
function forDecider(tx: Knex.Transaction, user: Decider, alias = '') {
  const column = (name: string) => (alias ? `${alias}.${name}` : name);
  return tx<ListingRow>(alias ? `approvals as ${alias}` : 'approvals')
    .whereIn(column('approver_role'), user.roles)
    .where((q) => {
      void q.whereNull(column('agency_id'));
      if (user.agencyId) void q.orWhere(column('agency_id'), user.agencyId);
    });
}

function listing(tx: Knex.Transaction, user: Decider) {
  return forDecider(tx, user, 'a')
    .leftJoin('users as u', function requester() {
      this.on(tx.raw(`a.requested_by_type = 'user'`)).andOn(tx.raw('u.id::text = a.requested_by_id'));
    })
    .select('a.*', 'u.display_name as requester_name');
}

const toListing = (row: ListingRow): ApprovalListing => ({ ...toApproval(row), requesterName: row.requester_name });

export async function approvalsToDecide(
  actor: Actor,
): Promise<{ pending: ApprovalListing[]; decided: ApprovalListing[] }> {
  const { user } = actor;
  assertCan(user, 'approvals:decide');
  return inTenant(actor.tenant, async (tx) => {
    const pending = await listing(tx, user).where('a.status', 'pending').orderBy('a.requested_at');
    const decided = await listing(tx, user)
      .whereNot('a.status', 'pending')
      .orderBy('a.decided_at', 'desc')
      .limit(RECENT_DECISIONS);
    return { pending: pending.map(toListing), decided: decided.map(toListing) };
  });
}

/** The requests waiting for this reader's decision (not their own, not about their account). */
export async function pendingForDecider(actor: Actor): Promise<number> {
  const { user } = actor;
  assertCan(user, 'approvals:decide');
  return inTenant(actor.tenant, async (tx) => {
    const [row] = await forDecider(tx, user)
      .where({ status: 'pending' })
      .whereNot((q) => q.where({ requested_by_type: 'user', requested_by_id: user.id }))
      .whereNot((q) => q.where({ target_type: 'user', target_id: user.id }))
      .count<{ count: string }[]>('* as count');
    return Number(row?.count ?? 0);
  });
}
