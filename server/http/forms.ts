/**
 * Forms on pages. A refusal the user can fix (invalid input, a rule not met, a conflict) shows
 * the same page again with its status, a message next to each field, one summary line and what
 * was typed, so nothing is lost. A missing record, a forbidden action or a fault is not the
 * form's business: it goes on to the error page.
 */
import type { ErrorRequestHandler, Request, Response } from 'express';
import type { ParamsDictionary } from 'express-serve-static-core';
import type { ParsedQs } from 'qs';
import { AppError } from './errors.js';
import { requestMessages } from './messages.js';
import { fieldMessages, postedBody } from './validate.js';

export interface FormRefusal {
  /** Which form of the page failed, when a page has several. */
  form?: string;
  /** What was posted, to fill the fields again. */
  values: Record<string, unknown>;
  /** field → message */
  errors: Record<string, string>;
  /** The summary line above the form. */
  error: string;
}

/** Renders a form page; `refusal` is absent when the page is first opened. */
export type FormPage = (req: Request, res: Response, refusal?: FormRefusal) => unknown;

/**
 * Whether the form shows this error itself. The rest go to the error page: who may not, what does
 * not exist, limits on size and rate (with their Retry-After), and faults.
 */
export function isRefusal(error: unknown): error is AppError {
  return error instanceof AppError && ![401, 403, 404, 413, 429].includes(error.status) && error.status < 500;
}

export function refusalOf(error: AppError, req: Request, form?: string): FormRefusal {
  const message = requestMessages(req);
  return {
    ...(form ? { form } : {}),
    values: (postedBody(req) ?? {}) as Record<string, unknown>,
    errors: fieldMessages(error, message),
    error: error.details.length > 0 ? req.t('validation:failed') : message(error.key, error.params),
  };
}

/**
 * The last step of a form's POST chain (after validate() and the handler): a refusal renders
 * `page` again, with the refusal's status.
 *
 *   router.post('/plans', requirePolicy('plans:manage'), csrf.protect, csrf.token,
 *     validate({ body: PlanForm }), createPlan, showFormAgain(planForm));
 */
export function showFormAgain<P = ParamsDictionary, ResBody = unknown, ReqBody = unknown, ReqQuery = ParsedQs>(
  page: FormPage,
  form?: string,
): ErrorRequestHandler<P, ResBody, ReqBody, ReqQuery> {
  // Generic so that the steps before it keep the types validate() gives them.
  return (error: unknown, req, res, next) => {
    if (!isRefusal(error)) return next(error);
    res.status(error.status);
    Promise.resolve(
      page(req as unknown as Request, res as Response, refusalOf(error, req as unknown as Request, form)),
    ).catch(next);
  };
}
