/** Posting one of the many small forms of a contract page: a refusal re-renders the page with its messages. */
import type { Request, Response } from 'express';
import { AppError } from '../../http/errors.js';
import { fieldMessages } from '../../http/validate.js';

/** Which form failed, so its messages show next to it and what was typed is kept. */
export interface Failure {
  form: string;
  errors: Record<string, string>;
  error: string;
  values: Record<string, unknown>;
}

/**
 * Runs the form's action and goes back to `back`; a refusal (not a missing record, not a
 * forbidden action) renders the page again through `render`, with the refusal's status.
 */
export async function runForm(
  req: Request,
  res: Response,
  options: {
    form: string;
    back: string;
    action: () => Promise<unknown>;
    render: (status: number, failure: Failure) => Promise<void>;
  },
): Promise<void> {
  try {
    await options.action();
    res.redirect(303, options.back);
  } catch (error) {
    if (!(error instanceof AppError) || error.status === 404 || error.status === 403 || error.status === 401)
      throw error;
    await options.render(error.status, {
      form: options.form,
      errors: fieldMessages(error, req.t),
      error: error.details.length > 0 ? req.t('validation:failed') : req.t(error.key, error.params),
      values: (req.body ?? {}) as Record<string, unknown>,
    });
  }
}
