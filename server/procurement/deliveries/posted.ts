/**
 * What a form posted, as typed. validate() replaces req.body with the parsed input (amounts in
 * minor units, a form's rows as a list), and a refusal found by a service after that would show
 * the parsed values; the pages show the user's own text again. This step, just before
 * validate(), keeps the body as posted; postedValues() gives it to the page.
 */
import type { NextFunction, Request, Response } from 'express';
import type { FormRefusal } from '../../http/forms.js';
import type { Shapes, ValidatedHandler } from '../../http/validate.js';

const posted = new WeakMap<Request, Record<string, unknown>>();

export function keepPosted(req: Request, _res: Response, next: NextFunction): void {
  posted.set(req, { ...((req.body ?? {}) as Record<string, unknown>) });
  next();
}

/** The form as posted (or the refusal's values when the step did not run). */
export function postedValues(req: Request, refusal: FormRefusal): Record<string, unknown> {
  return posted.get(req) ?? refusal.values;
}

/**
 * The request a form's handler gets after validate(shapes). Written out because a chain that ends
 * with showFormAgain() (an error handler) leaves Express unable to type an inline handler.
 */
export type FormRequest<S extends Shapes> = Parameters<ValidatedHandler<S>>[0];
