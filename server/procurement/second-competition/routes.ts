/** The quote form on an order's page (an invited party): a refused quote shows the page again. */
import { Router, type Response } from 'express';
import type { Deps } from '../../deps.js';
import { showFormAgain } from '../../http/forms.js';
import { IdParams } from '../../http/params.js';
import { validate, type ValidatedRequest } from '../../http/validate.js';
import type { csrfProtection } from '../../identity/csrf.js';
import { requirePolicy } from '../../identity/policy.js';
import { orderPage } from '../orders/render.js';
import { QuoteForm } from './schema.js';
import { quotesService } from './quotes.js';

type Csrf = ReturnType<typeof csrfProtection>;

const Quote = { params: IdParams, body: QuoteForm };

export function competitionPages(deps: Deps, csrf: Csrf): Router {
  const router = Router();
  const quotes = quotesService(deps);
  router.post(
    '/orders/:id/quotes',
    requirePolicy('invoices:submit'),
    csrf.protect,
    csrf.token,
    validate(Quote),
    async (req: ValidatedRequest<typeof Quote>, res: Response) => {
      await quotes.submit(req.actor, req.lng, req.params.id, req.body);
      res.redirect(303, `${req.baseUrl}/orders/${req.params.id}`);
    },
    showFormAgain(orderPage),
  );
  return router;
}
