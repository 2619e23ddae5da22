/** The quote API of second competitions: the same service as the order page's quote form. */
import { Router } from 'express';
import type { Deps } from '../../deps.js';
import { operations } from '../../http/operation.js';
import { IdParams } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { requirePolicy } from '../../identity/policy.js';
import { QuoteInput, QuoteReceiptAnswer } from './schema.js';
import { quotesService } from './quotes.js';

const operation = operations('competition');

const submitQuote = operation({
  id: 'submitQuote',
  summary:
    "Submit a sealed quote to an order's second competition (an invited party, before the deadline): a unit " +
    "price per order line, each at most the party's agreement price; a new quote replaces the current one",
  responses: {
    201: { description: 'The receipt: number, SHA-256 and its salt', schema: QuoteReceiptAnswer },
    409: 'The competition is closed',
  },
});

export function competitionApi(deps: Deps): Router {
  const router = Router();
  const quotes = quotesService(deps);
  router.post(
    '/orders/:id/quotes',
    submitQuote,
    requirePolicy('invoices:submit'),
    validate({ params: IdParams, body: QuoteInput }),
    async (req, res) => {
      res.status(201).json(await quotes.submit(req.actor, req.lng, req.params.id, req.body));
    },
  );
  return router;
}
