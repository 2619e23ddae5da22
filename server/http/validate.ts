/**
 * Input validation with zod at the edge. A failure becomes a ValidationError carrying one localized
 * message per field: problem+json (422) for the API, the form re-rendered with messages for pages.
 */
import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { AppError, type FieldDetail } from './errors.js';

export class ValidationError extends AppError {
  constructor(details: FieldDetail[]) {
    super('validation_failed', 422, 'validation:failed', {}, details);
  }
}

/** Schemas name a specific message by giving an i18n key as the error text. */
const MESSAGE_KEY = /^[a-z-]+:[a-z0-9_]+$/;

function detailOf(issue: z.core.$ZodIssue): FieldDetail {
  const field = issue.path.map(String).join('.') || '(body)';
  if (MESSAGE_KEY.test(issue.message)) return { field, key: issue.message };
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'string' && Number(issue.minimum) <= 1
        ? { field, key: 'validation:required' }
        : { field, key: 'validation:too_short', params: { min: Number(issue.minimum) } };
    case 'too_big':
      return { field, key: 'validation:too_long', params: { max: Number(issue.maximum) } };
    case 'invalid_format':
      return { field, key: issue.format === 'email' ? 'validation:invalid_email' : 'validation:invalid_format' };
    case 'invalid_type':
      return { field, key: issue.input === undefined ? 'validation:required' : 'validation:invalid' };
    case 'custom':
      return {
        field,
        key: typeof issue.params?.key === 'string' ? issue.params.key : 'validation:invalid',
        params: issue.params,
      };
    default:
      return { field, key: 'validation:invalid' };
  }
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new ValidationError(parsed.error.issues.map(detailOf));
  return parsed.data;
}

/** Validates req.body in place, for routes whose handler then trusts its shape. */
export function validateBody<S extends z.ZodType>(schema: S) {
  return (req: Request, _res: Response, next: NextFunction) => {
    req.body = parseInput(schema, req.body ?? {});
    next();
  };
}

/** Field messages for a form page: { email: 'Enter a valid e-mail address.' }. */
export function fieldMessages(
  error: AppError,
  t: (key: string, params?: Record<string, unknown>) => string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of error.details) out[d.field] ??= t(d.key, d.params);
  return out;
}

/** One text field of a posted form (urlencoded bodies are untyped). */
export function formField(req: Request, name: string): string | undefined {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}
