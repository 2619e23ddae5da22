/** The one-message page of the account flows ("check your mail", "done", "this link is no longer valid"). */
import type { ErrorRequestHandler, Request, Response } from 'express';
import { AccountTokenInvalidError } from './errors.js';

/** Renders the message page: `title` and `message` are i18n keys, `link` where to go on. */
export function showMessage(req: Request, res: Response, page: { title: string; message: string; link?: string }) {
  res.render('identity/message', { title: req.t(page.title), message: req.t(page.message), link: page.link });
}

/** A used, expired or unknown e-mailed link: 410 with the message page, under the flow's title. */
export function showLinkInvalid(title: string): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (!(error instanceof AccountTokenInvalidError)) return next(error);
    res.status(error.status);
    showMessage(req, res, { title, message: 'identity:token_invalid' });
  };
}
