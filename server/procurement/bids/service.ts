/**
 * Sealed bids. Only suppliers in good standing bid; the tenant's clock inside the writing
 * transaction decides lateness, so a bid written after the deadline is refused even when its
 * request began before. Prices, picks and files are sealed under the tender key before they touch
 * the database; the receipt carries a salted SHA-256 of the whole submission. One current bid per
 * supplier and lot: a new one replaces it (submission.ts), a withdrawal ends it, both until the
 * deadline.
 */
import type { Actor } from '../../identity/actor.js';
import { assertCan } from '../../identity/policy.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { assertOnTime, biddableNotice } from './biddable.js';
import { BidNotCurrentError, BidNotFoundError } from './errors.js';
import type { Receipt } from './receipt.js';
import { submitBid, type BidDeps, type SubmitBid } from './submission.js';

export type { Receipt } from './receipt.js';
export type { SubmitBid } from './submission.js';

export function bidsService(deps: BidDeps) {
  return {
    /** Submits a sealed bid to the notice and answers its receipt. */
    submit(actor: Actor, noticeId: string, input: SubmitBid): Promise<Receipt> {
      return submitBid(deps, actor, noticeId, input);
    },

    /** Withdraws the supplier's current bid, before the deadline. */
    async withdraw(actor: Actor, bidId: string): Promise<void> {
      const user = actor.user;
      assertCan(user, 'bids:submit');
      await inTenant(actor.tenant, async (tx) => {
        const bid = await tx('bids')
          .where({ id: bidId, supplier_id: user.supplierId })
          .first<{ id: string; notice_id: string; status: string; receipt_no: string } | undefined>();
        if (!bid) throw new BidNotFoundError();
        const { notice, at } = await biddableNotice(tx, bid.notice_id);
        assertOnTime(notice, at);
        const updated = await tx('bids')
          .where({ id: bid.id, status: 'current' })
          .update({ status: 'withdrawn', withdrawn_at: tx.raw('app_now()') });
        if (updated === 0) throw new BidNotCurrentError();
        await deps.audit.record(tx, actor.tenant, actor.audit, {
          action: 'bid.withdrawn',
          target: { type: 'bid', id: bid.id },
          summary: { notice: bid.notice_id, receiptNo: bid.receipt_no },
        });
      });
    },
  };
}
