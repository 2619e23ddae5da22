/**
 * The bid form page and how a refused bid comes back to it. Refusals of the bid are shown on the
 * form with what was typed: invalid input, a late bid, a file type not accepted, and a supplier
 * who may not bid (403, with the reason). Refusals of the request before the form is read (the
 * upload's size or rate limits) go to the error page, and so does a bad CSRF token (403).
 */
import type { ErrorRequestHandler, Request, Response } from 'express';
import { refusalOf, showFormAgain, type FormRefusal } from '../../http/forms.js';
import { bidPasskeyState } from '../../passkeys/read.js';
import { priceListRows } from '../frameworks/bid-view.js';
import { NotEligibleError } from './errors.js';
import { readBidPage } from './read.js';
import { typedValues } from './upload.js';
import { bidFormView } from './view.js';

/** The bid page of `/notices/:id/bid`, with a refusal when a submission was refused. */
export async function bidForm(req: Request, res: Response, refusal?: FormRefusal): Promise<void> {
  const page = await readBidPage(req.actor, String(req.params.id));
  const typed = typedValues(res);
  const passkey = await bidPasskeyState(req.actor);
  // A framework notice's items, each to be given a sealed unit price (frameworks/).
  const priceList = await priceListRows(req, page.notice.id, {
    values: typed ?? refusal?.values,
    errors: refusal?.errors,
  });
  res.render('bids/form', {
    ...bidFormView(req, page, refusal && typed ? { ...refusal, values: typed } : refusal),
    passkey,
    priceList,
  });
}

/** The last step of the form's POST chain: showFormAgain, for refusals of the form only. */
export function showBidFormAgain(): ErrorRequestHandler {
  const again = showFormAgain(bidForm);
  return (error, req, res, next) => {
    if (!typedValues(res)) return next(error);
    if (!(error instanceof NotEligibleError)) return again(error, req, res, next);
    res.status(error.status);
    bidForm(req, res, refusalOf(error, req)).catch(next);
  };
}
