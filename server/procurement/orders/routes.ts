/**
 * The order pages: budget lines, the cart and its checkout (the mall's product pages post to
 * /mall/cart/items and /mall/innovative/:productId/orders), the agency's orders, the supplier's
 * incoming orders and its decision. A refused form comes back with its message.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { showFormAgain } from '../../http/forms.js';
import { IdParams } from '../../http/params.js';
import { validate, type ValidatedRequest } from '../../http/validate.js';
import type { csrfProtection } from '../../identity/csrf.js';
import { requirePolicy } from '../../identity/policy.js';
import { budgetLinesService } from './budget-lines.js';
import { cartService } from './cart.js';
import { budgetLinesPage, cartPage, incomingPage, innovativePage, orderPage, ordersPage } from './render.js';
import {
  BudgetLineInput,
  CartItemInput,
  CheckoutInput,
  DeclineInput,
  InnovativeOrderInput,
  QuantityInput,
} from './schema.js';
import { ordersService } from './service.js';

type Csrf = ReturnType<typeof csrfProtection>;

const ProductParams = z.object({ productId: z.string() });
const Checkout = { body: CheckoutInput };
const Innovative = { params: ProductParams, body: InnovativeOrderInput };
const Decline = { params: IdParams, body: DeclineInput };
const toCart = (req: Request, res: Response) => res.redirect(303, `${req.baseUrl}/mall/cart`);

export function orderPages(deps: Deps, csrf: Csrf): Router {
  const router = Router();
  const budget = budgetLinesService(deps);
  const cart = cartService();
  const orders = ordersService(deps);
  const buyer = requirePolicy('notices:manage');
  const supplier = requirePolicy('invoices:submit');

  router.get('/budget-lines', buyer, csrf.token, (req, res) => budgetLinesPage(req, res));
  router.post(
    '/budget-lines',
    buyer,
    csrf.protect,
    csrf.token,
    validate({ body: BudgetLineInput }),
    async (req: ValidatedRequest<{ body: typeof BudgetLineInput }>, res: Response) => {
      await budget.create(req.actor, req.lng, req.body);
      res.redirect(303, `${req.baseUrl}/budget-lines`);
    },
    showFormAgain(budgetLinesPage),
  );

  router.get('/mall/cart', buyer, csrf.token, (req, res) => cartPage(req, res));
  router.post(
    '/mall/cart/items',
    buyer,
    csrf.protect,
    csrf.token,
    validate({ body: CartItemInput }),
    async (req: ValidatedRequest<{ body: typeof CartItemInput }>, res: Response) => {
      await cart.add(req.actor, req.body);
      toCart(req, res);
    },
    showFormAgain(cartPage),
  );
  router.post(
    '/mall/cart/items/:id',
    buyer,
    csrf.protect,
    csrf.token,
    validate({ params: IdParams, body: QuantityInput }),
    async (req: ValidatedRequest<{ params: typeof IdParams; body: typeof QuantityInput }>, res: Response) => {
      await cart.setQuantity(req.actor, req.params.id, req.body.quantity);
      toCart(req, res);
    },
    showFormAgain(cartPage),
  );
  router.post(
    '/mall/cart/items/:id/remove',
    buyer,
    csrf.protect,
    validate({ params: IdParams }),
    async (req: ValidatedRequest<{ params: typeof IdParams }>, res: Response) => {
      await cart.remove(req.actor, req.params.id);
      toCart(req, res);
    },
  );
  router.post(
    '/mall/cart/orders',
    buyer,
    csrf.protect,
    csrf.token,
    validate(Checkout),
    async (req: ValidatedRequest<typeof Checkout>, res: Response) => {
      await orders.placeCart(req.actor, req.lng, req.body);
      res.redirect(303, `${req.baseUrl}/orders`);
    },
    showFormAgain(cartPage),
  );
  router.post(
    '/mall/innovative/:productId/orders',
    buyer,
    csrf.protect,
    csrf.token,
    validate(Innovative),
    async (req: ValidatedRequest<typeof Innovative>, res: Response) => {
      const placed = await orders.placeInnovative(req.actor, req.lng, req.params.productId, req.body);
      res.redirect(303, `${req.baseUrl}/orders/${placed.id}`);
    },
    showFormAgain(innovativePage),
  );

  router.get('/orders', buyer, (req, res) => ordersPage(req, res));
  router.get('/orders/incoming', supplier, (req, res) => incomingPage(req, res));
  router.get('/orders/:id', requirePolicy('account:use'), csrf.token, validate({ params: IdParams }), (req, res) =>
    orderPage(req, res),
  );
  router.post(
    '/orders/:id/accept',
    supplier,
    csrf.protect,
    csrf.token,
    validate({ params: IdParams }),
    async (req: ValidatedRequest<{ params: typeof IdParams }>, res: Response) => {
      await orders.accept(req.actor, req.params.id);
      res.redirect(303, `${req.baseUrl}/orders/${req.params.id}`);
    },
    showFormAgain(orderPage),
  );
  router.post(
    '/orders/:id/decline',
    supplier,
    csrf.protect,
    csrf.token,
    validate(Decline),
    async (req: ValidatedRequest<typeof Decline>, res: Response) => {
      await orders.decline(req.actor, req.params.id, req.body.reason);
      res.redirect(303, `${req.baseUrl}/orders/${req.params.id}`);
    },
    showFormAgain(orderPage),
  );
  return router;
}
