/**
 * The supplier's bid page: the server time shown live, the form (multipart, with proposal files),
 * the receipts and withdrawal. The API (api.ts) calls the same service.
 */
import { Router, type Request, type Response } from 'express';
import type { Deps } from '../../deps.js';
import { IdParams } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import type { csrfProtection } from '../../identity/csrf.js';
import { requirePolicy } from '../../identity/policy.js';
import { bidForm, showBidFormAgain } from './form.js';
import { bidSchema, WithdrawForm, type BidInput } from './schema.js';
import { bidsService } from './service.js';
import { receiveFiles, submissionOf } from './upload.js';

type Csrf = ReturnType<typeof csrfProtection>;

export function bidPages(deps: Pick<Deps, 'audit' | 'mailer' | 'sealedBox' | 'limits'>, csrf: Csrf): Router {
  const router = Router();
  const bids = bidsService(deps);
  // Named and typed: an inline handler followed by an error step cannot take its types from the chain.
  const submit = async (req: Request<{ id: string }, unknown, BidInput>, res: Response) => {
    const receipt = await bids.submit(req.actor, req.params.id, await submissionOf(req, res, req.body));
    res.status(201).render('bids/receipt', { title: req.t('bids:receipt_title'), receipt, noticeId: req.params.id });
  };

  router.get('/notices/:id/bid', requirePolicy('bids:submit'), csrf.token, validate({ params: IdParams }), (req, res) =>
    bidForm(req, res),
  );

  router.post(
    '/notices/:id/bid',
    requirePolicy('bids:submit'),
    deps.limits.uploads(),
    receiveFiles,
    csrf.protect,
    csrf.token,
    validate({ params: IdParams, body: (tenant) => bidSchema(tenant.config.currency) }),
    submit,
    showBidFormAgain(),
  );

  router.post(
    '/bids/:id/withdraw',
    requirePolicy('bids:submit'),
    csrf.protect,
    validate({ params: IdParams, body: WithdrawForm }),
    async (req, res) => {
      await bids.withdraw(req.actor, req.params.id);
      res.redirect(303, `${req.baseUrl}/notices/${req.body.noticeId}/bid`);
    },
  );
  return router;
}
