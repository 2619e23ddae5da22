/** The budget-line, cart and order API: the same services as the pages. */
import { Router } from 'express';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { operations } from '../../http/operation.js';
import { IdParams } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { requirePolicy } from '../../identity/policy.js';
import { budgetLinesService } from './budget-lines.js';
import { cartService } from './cart.js';
import { agencyOrders, incomingOrders, orderDetail, type OrderSummary } from './read.js';
import {
  BudgetLineInput,
  CartItemInput,
  CheckoutInput,
  DeclineInput,
  InnovativeOrderInput,
  OrdersAnswer,
  PlacedAnswer,
  QuantityInput,
} from './schema.js';
import { ordersService } from './service.js';

const operation = operations('orders');
const ProductParams = z.object({ productId: z.string() });
const Json = z.record(z.string(), z.unknown());

const op = (id: string, summary: string, status: number, schema?: z.ZodType, refusals: Record<number, string> = {}) =>
  operation({ id, summary, responses: { [status]: schema ? { description: summary, schema } : summary, ...refusals } });

/** A summary as JSON (dates as ISO strings). */
const json = (o: OrderSummary) => ({ ...o, placedAt: o.placedAt.toISOString() });

export function orderApi(deps: Deps): Router {
  const router = Router();
  const budget = budgetLinesService(deps);
  const cart = cartService();
  const orders = ordersService(deps);

  router.get(
    '/budget-lines',
    op('listBudgetLines', "The agency's budget lines of this fiscal year", 200, Json),
    requirePolicy('notices:manage'),
    async (req, res) => {
      res.json({ budgetLines: await budget.list(req.actor) });
    },
  );
  router.post(
    '/budget-lines',
    op('createBudgetLine', 'Add a budget line to this fiscal year', 201, Json, { 409: 'The code is taken this year' }),
    requirePolicy('notices:manage'),
    validate({ body: BudgetLineInput }),
    async (req, res) => {
      res.status(201).json(await budget.create(req.actor, req.lng, req.body));
    },
  );

  router.get(
    '/mall/cart',
    op('readCart', 'The cart, grouped by agreement and supplier, at current prices', 200, Json),
    requirePolicy('notices:manage'),
    async (req, res) => {
      res.json(await cart.read(req.actor));
    },
  );
  router.post(
    '/mall/cart/items',
    op('addToCart', 'Put an agreement price in the cart (quantities add up)', 201, Json),
    requirePolicy('notices:manage'),
    validate({ body: CartItemInput }),
    async (req, res) => {
      res.status(201).json(await cart.add(req.actor, req.body));
    },
  );
  router.post(
    '/mall/cart/items/:id',
    op('setCartQuantity', "Change a cart line's quantity", 204),
    requirePolicy('notices:manage'),
    validate({ params: IdParams, body: QuantityInput }),
    async (req, res) => {
      await cart.setQuantity(req.actor, req.params.id, req.body.quantity);
      res.status(204).end();
    },
  );
  router.delete(
    '/mall/cart/items/:id',
    op('removeFromCart', 'Remove a cart line', 204),
    requirePolicy('notices:manage'),
    validate({ params: IdParams }),
    async (req, res) => {
      await cart.remove(req.actor, req.params.id);
      res.status(204).end();
    },
  );
  router.post(
    '/mall/cart/orders',
    op('placeOrders', 'Place the cart: one delivery order per agreement and supplier, all or none', 201, PlacedAnswer, {
      409: 'The cart is empty',
    }),
    requirePolicy('notices:manage'),
    validate({ body: CheckoutInput }),
    async (req, res) => {
      res.status(201).json({ orders: await orders.placeCart(req.actor, req.lng, req.body) });
    },
  );
  router.post(
    '/mall/innovative/:productId/orders',
    op('orderInnovativeProduct', 'Order a designated innovative product directly, within the limit', 201, Json),
    requirePolicy('notices:manage'),
    validate({ params: ProductParams, body: InnovativeOrderInput }),
    async (req, res) => {
      res.status(201).json(await orders.placeInnovative(req.actor, req.lng, req.params.productId, req.body));
    },
  );

  router.get(
    '/orders',
    op('listOrders', "The agency's delivery orders", 200, OrdersAnswer),
    requirePolicy('notices:manage'),
    async (req, res) => {
      res.json({ orders: (await agencyOrders(req.actor)).map(json) });
    },
  );
  router.get(
    '/orders/incoming',
    op('listIncomingOrders', 'Orders awaiting the supplier, and competitions it is invited to', 200, Json),
    requirePolicy('invoices:submit'),
    async (req, res) => {
      const { awaiting, invited } = await incomingOrders(req.actor);
      res.json({ awaiting: awaiting.map(json), invited: invited.map(json) });
    },
  );
  router.get(
    '/orders/:id',
    op('readOrder', 'One order: lines, competition, contract', 200, Json),
    requirePolicy('account:use'),
    validate({ params: IdParams }),
    async (req, res) => {
      const o = await orderDetail(req.actor, req.params.id);
      res.json({
        ...json(o),
        role: o.role,
        deliveryAddress: o.deliveryAddress,
        declineReason: o.declineReason,
        lines: o.lines,
        budgetLine: o.budgetLine,
        agreementNo: o.agreementNo,
        contractNo: o.contractNo,
        ceilings: o.ceilings,
        competition: o.competition,
      });
    },
  );
  router.post(
    '/orders/:id/accept',
    op('acceptOrder', 'Accept an order (the supplier): its contract is created, active', 200, Json, {
      409: 'Not awaiting the supplier',
    }),
    requirePolicy('invoices:submit'),
    validate({ params: IdParams }),
    async (req, res) => {
      res.json(await orders.accept(req.actor, req.params.id));
    },
  );
  router.post(
    '/orders/:id/decline',
    op('declineOrder', 'Decline an order with a reason (the supplier): the budget is released', 200, Json, {
      409: 'Not awaiting the supplier',
    }),
    requirePolicy('invoices:submit'),
    validate({ params: IdParams, body: DeclineInput }),
    async (req, res) => {
      res.json(await orders.decline(req.actor, req.params.id, req.body.reason));
    },
  );
  return router;
}
