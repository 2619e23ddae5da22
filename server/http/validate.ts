/**
 * Input validation with zod at the edge. A failure becomes a ValidationError carrying one localized
 * message per field: problem+json (422) for the API, the form re-rendered with messages for pages.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ParamsDictionary } from 'express-serve-static-core';
import type { ParsedQs } from 'qs';
import { z } from 'zod';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { AppError, NotFoundError, type FieldDetail } from './errors.js';

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

/** A schema, or one made for the tenant (its currency, its languages). */
export type Shape = z.ZodType | ((tenant: TenantHandle) => z.ZodType);
export interface Shapes {
  params?: Shape;
  query?: Shape;
  body?: Shape;
}

type Parsed<S, Otherwise> = S extends (tenant: TenantHandle) => infer Z
  ? Z extends z.ZodType
    ? z.output<Z>
    : never
  : S extends z.ZodType
    ? z.output<S>
    : Otherwise;

/**
 * A parsed query with numbers, booleans or dates cannot be typed through Express's chain (the
 * other steps type it as ParsedQs): such a handler reads it with parsedQuery().
 */
type QueryType<S> = Parsed<S, ParsedQs> extends ParsedQs ? Parsed<S, ParsedQs> : ParsedQs;

export type ValidatedHandler<S extends Shapes> = RequestHandler<
  Parsed<S['params'], ParamsDictionary>,
  unknown,
  Parsed<S['body'], unknown>,
  QueryType<S['query']>
> & { shapes: S };

/**
 * The request a handler gets after validate(shapes), for handlers written apart from their chain
 * (a chain that ends with showFormAgain(), an error step, leaves Express unable to type an inline one).
 */
export type ValidatedRequest<S extends Shapes> = Parameters<ValidatedHandler<S>>[0];

/** What was posted before validate() parsed it: a refused form shows the text as typed. */
const posted = new WeakMap<Request, unknown>();

export function postedBody(req: Request): unknown {
  return posted.has(req) ? posted.get(req) : req.body;
}

/** The query validate() parsed with `schema`, typed (for queries with numbers, booleans, dates). */
export function parsedQuery<S extends z.ZodType>(req: Request, _schema: S): z.output<S> {
  return req.query as z.output<S>;
}

/** The schema a shape stands for under this tenant (the API document passes its own). */
export function shapeFor(shape: Shape, tenant: TenantHandle | undefined): z.ZodType {
  if (typeof shape !== 'function' || shape instanceof z.ZodType) return shape;
  if (!tenant) throw new Error('a tenant-shaped schema needs a tenant');
  return shape(tenant);
}

/**
 * A step of the route's chain: parses the path parameters, the query and the body with their
 * schemas, and hands the handler typed values. A path that names nothing valid (not a UUID) is a
 * 404, like any record that does not exist; a bad query or body is a 422 field by field, which
 * the API answers as problem+json and a form page turns into messages (http/forms.ts).
 */
export function validate<S extends Shapes>(shapes: S): ValidatedHandler<S> {
  const step = (req: Request, _res: Response, next: NextFunction) => {
    if (shapes.params) {
      const parsed = shapeFor(shapes.params, req.tenant).safeParse(req.params);
      if (!parsed.success) return next(new NotFoundError());
      req.params = parsed.data as ParamsDictionary;
    }
    if (shapes.query) {
      const query = parseInput(shapeFor(shapes.query, req.tenant), req.query);
      // Express 5 computes req.query on each read; the parsed value replaces it for this request.
      Object.defineProperty(req, 'query', { value: query, writable: true, configurable: true });
    }
    if (shapes.body) {
      posted.set(req, req.body);
      req.body = parseInput(shapeFor(shapes.body, req.tenant), req.body ?? {});
    }
    next();
  };
  return Object.assign(step, { shapes }) as unknown as ValidatedHandler<S>;
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
