/**
 * The route table: every route of a router tree with what its steps declare (policy, validate()
 * schemas, API operation). The OpenAPI document, the route-policy test and the list of pages
 * (for a crawler) are all read from it, so none of them can drift from the routes.
 */
import type { Router } from 'express';
import type { OperationSpec } from './operation.js';
import type { Shapes } from './validate.js';

export interface RouteEntry {
  method: string;
  /** Express path, e.g. `/notices/:id/bids`. */
  path: string;
  policy?: string;
  shapes?: Shapes;
  operation?: OperationSpec;
}

interface Step {
  policy?: string;
  shapes?: Shapes;
  operation?: OperationSpec;
  stack?: Layer[];
}
interface Layer {
  route?: { path: string; methods?: Record<string, boolean>; stack: { method?: string; handle: Step }[] };
  handle: Step;
}

function entries(stack: Layer[], prefix: string): RouteEntry[] {
  return stack.flatMap((layer) => {
    const route = layer.route;
    if (!route) return layer.handle.stack ? entries(layer.handle.stack, prefix) : [];
    const steps = route.stack.map((s) => s.handle);
    const methods = [...new Set(route.stack.map((s) => s.method).filter((m): m is string => !!m))];
    return methods.map((method) => ({
      method,
      path: `${prefix}${route.path}`,
      policy: steps.find((s) => s.policy)?.policy,
      shapes: steps.find((s) => s.shapes)?.shapes,
      operation: steps.find((s) => s.operation)?.operation,
    }));
  });
}

/** Routers mounted with `use(router)` (no path) are walked into; `prefix` is prepended to every path. */
export function routeTable(router: Router, prefix = ''): RouteEntry[] {
  return entries(router.stack as unknown as Layer[], prefix);
}

/** The pages (GET routes) with the policy that says who may open each: what a page crawler walks. */
export function pageList(pages: Router): RouteEntry[] {
  return routeTable(pages).filter((r) => r.method === 'get');
}
