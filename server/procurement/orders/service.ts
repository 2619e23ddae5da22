/**
 * The orders service: placing the cart, a direct innovative order, and the supplier's decision.
 * Accepting creates the order's contract in the same transaction; declining gives back the budget
 * commitment and the agreement's value. Each change audited; the buyer told in their language.
 */
import { isUuid } from '../../http/params.js';
import type { Actor, SignedInActor } from '../../identity/actor.js';
import { assertCan } from '../../identity/policy.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { now } from '../../time/clock.js';
import { createCallOffContract, type OrderForContract } from './call-off-contract.js';
import type { OrderTerms } from './charge.js';
import { OrderNotAwaitingError, OrderNotFoundError } from './errors.js';
import { placeInnovativeOrder } from './innovative.js';
import { mailEach, userRecipient } from './notify.js';
import { placeCartOrders, type PlacedOrder, type PlacingDeps } from './placing.js';
import { releaseHoldings } from './release.js';

type OrderRow = OrderForContract & { status: string; budget_line_id: string; placed_by: string };

function buyer(actor: Actor): SignedInActor {
  assertCan(actor.user, 'notices:manage');
  return actor as SignedInActor;
}

export function ordersService(deps: PlacingDeps) {
  /** The supplier's order awaiting its decision, locked. */
  async function awaiting(tx: Parameters<Parameters<typeof inTenant>[1]>[0], actor: Actor, orderId: string) {
    const order = isUuid(orderId)
      ? await tx('delivery_orders')
          .where({ id: orderId })
          .forUpdate()
          .first<OrderRow | undefined>('*', tx.raw('deliver_by::text as deliver_by'))
      : undefined;
    if (!order || !order.supplier_id) throw new OrderNotFoundError();
    assertCan(actor.user, 'invoices:submit', order.supplier_id);
    if (order.status !== 'awaiting-supplier') throw new OrderNotAwaitingError(order.order_no);
    return { order, user: actor.user };
  }

  return {
    placeCart(actor: Actor, lng: string, terms: OrderTerms): Promise<PlacedOrder[]> {
      const by = buyer(actor);
      return inTenant(by.tenant, async (tx) => placeCartOrders(tx, deps, by, lng, terms, await now(tx)));
    },

    placeInnovative(
      actor: Actor,
      lng: string,
      productId: string,
      input: OrderTerms & { quantity: number },
    ): Promise<PlacedOrder> {
      const by = buyer(actor);
      return inTenant(by.tenant, async (tx) =>
        placeInnovativeOrder(tx, deps, by, lng, productId, input, await now(tx)),
      );
    },

    async accept(actor: Actor, orderId: string): Promise<{ orderId: string; contractId: string; contractNo: string }> {
      return inTenant(actor.tenant, async (tx) => {
        const { order, user } = await awaiting(tx, actor, orderId);
        const at = await now(tx);
        const contract = await createCallOffContract(tx, actor.tenant, order, at, user.id);
        await tx('delivery_orders').where({ id: order.id }).update({
          status: 'accepted',
          contract_id: contract.id,
          decided_by: user.id,
          decided_at: at,
        });
        await deps.audit.record(tx, actor.tenant, actor.audit, {
          action: 'order.accepted',
          target: { type: 'delivery-order', id: order.id },
          summary: {
            orderNo: order.order_no,
            contract: contract.id,
            contractNo: contract.contractNo,
            contentHash: contract.contentHash,
            before: { status: 'awaiting-supplier' },
            after: { status: 'accepted' },
          },
        });
        await mailEach(
          deps,
          tx,
          actor.tenant,
          [await userRecipient(tx, order.placed_by)],
          { template: 'orders:mail_accepted' },
          () => ({
            order: order.order_no,
            contract: contract.contractNo,
          }),
        );
        return { orderId: order.id, contractId: contract.id, contractNo: contract.contractNo };
      });
    },

    async decline(actor: Actor, orderId: string, reason: string): Promise<{ orderId: string; status: 'declined' }> {
      return inTenant(actor.tenant, async (tx) => {
        const { order, user } = await awaiting(tx, actor, orderId);
        await tx('delivery_orders')
          .where({ id: order.id })
          .update({
            status: 'declined',
            decline_reason: reason,
            decided_by: user.id,
            decided_at: await now(tx),
          });
        await releaseHoldings(tx, order);
        await deps.audit.record(tx, actor.tenant, actor.audit, {
          action: 'order.declined',
          target: { type: 'delivery-order', id: order.id },
          summary: {
            orderNo: order.order_no,
            reason,
            released: Number(order.total),
            before: { status: 'awaiting-supplier' },
            after: { status: 'declined' },
          },
        });
        await mailEach(
          deps,
          tx,
          actor.tenant,
          [await userRecipient(tx, order.placed_by)],
          { template: 'orders:mail_declined' },
          () => ({
            order: order.order_no,
            reason,
          }),
        );
        return { orderId: order.id, status: 'declined' as const };
      });
    },
  };
}
