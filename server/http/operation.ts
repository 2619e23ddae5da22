/**
 * What an API route tells its readers: a step at the head of the chain that does nothing at run
 * time and carries the operation's id, summary and responses. The OpenAPI document is built from
 * these steps together with the route's validate() schemas and its policy (http/openapi.ts).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import type { TenantHandle } from '../tenancy/tenant-handle.js';

export interface ResponseSpec {
  description: string;
  /** The JSON body's schema (2xx), or a tenant-shaped one. */
  schema?: z.ZodType | ((tenant: TenantHandle) => z.ZodType);
  /** A file rather than JSON, e.g. 'application/pdf'. */
  file?: string;
}

export interface OperationSpec {
  /** Unique across the API, camelCase: `submitBid`. */
  id: string;
  summary: string;
  /** The feature, e.g. 'bids'. */
  tag: string;
  /** multipart/form-data is accepted too, with files in this field. */
  upload?: string;
  /** Success and the refusals particular to this operation; 401, 403, 404 and 422 are added from the route. */
  responses: Record<number, string | ResponseSpec>;
}

export type OperationStep = RequestHandler & { operation: OperationSpec };

export function operation(spec: OperationSpec): OperationStep {
  const step = (_req: Request, _res: Response, next: NextFunction) => next();
  return Object.assign(step, { operation: spec });
}

/** One feature's operations share their tag: `const op = operations('bids')`. */
export function operations(tag: string) {
  return (spec: Omit<OperationSpec, 'tag'>): OperationStep => operation({ ...spec, tag });
}
