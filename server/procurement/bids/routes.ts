/**
 * The supplier's bid page: the server time shown live, the form (multipart, with proposal files),
 * the receipts and withdrawal. The API (api.ts) calls the same service. With a passkey, the page
 * first asks for the WebAuthn options over this very bid (passkey-options), then submits it with
 * the authenticator's assertion (passkeys/bid-confirmation.ts).
 */
import { Router, type Request, type Response } from 'express';
import type { Deps } from '../../deps.js';
import { IdParams } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import type { csrfProtection } from '../../identity/csrf.js';
import { requirePolicy } from '../../identity/policy.js';
import { prepareBidConfirmation } from '../../passkeys/bid-confirmation.js';
import { bidPasskeyOf, rememberBidCeremony } from '../../passkeys/bid-request.js';
import { relyingParty } from '../../passkeys/relying-party.js';
import { bidForm, showBidFormAgain } from './form.js';
import { bidSchema, WithdrawForm, type BidInput } from './schema.js';
import { bidsService } from './service.js';
import { receiveFiles, submissionOf } from './upload.js';

type Csrf = ReturnType<typeof csrfProtection>;

export function bidPages(
  deps: Pick<Deps, 'audit' | 'mailer' | 'sealedBox' | 'limits' | 'publicUrl'>,
  csrf: Csrf,
): Router {
  const router = Router();
  const bids = bidsService(deps);
  // Named and typed: an inline handler followed by an error step cannot take its types from the chain.
  const submit = async (req: Request<{ id: string }, unknown, BidInput>, res: Response) => {
    const submission = await submissionOf(req, res, req.body);
    submission.passkey = bidPasskeyOf(req, deps.publicUrl, req.params.id, req.body.passkeyAssertion);
    const receipt = await bids.submit(req.actor, req.params.id, submission);
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

  // The WebAuthn options over the bid as filled in (same fields and files as the submission).
  router.post(
    '/notices/:id/bid/passkey-options',
    requirePolicy('bids:submit'),
    deps.limits.uploads(),
    receiveFiles,
    csrf.protect,
    validate({ params: IdParams, body: (tenant) => bidSchema(tenant.config.currency) }),
    async (req, res) => {
      const content = await submissionOf(req, res, req.body);
      const rp = relyingParty(req, deps.publicUrl);
      const prepared = await prepareBidConfirmation(req.actor, rp, { noticeId: req.params.id, content });
      rememberBidCeremony(req, req.params.id, prepared.nonce);
      res.json(prepared.options);
    },
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
