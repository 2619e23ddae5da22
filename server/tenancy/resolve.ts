/**
 * Finds the request's tenant: by path (`/t/<slug>/...` for a partner government, `/s/<slug>/...` for
 * a training sandbox, so that an address alone tells them apart) or by host name (when the
 * tenant's config lists hosts; never a sandbox's). Unknown or malformed → 404, suspended → 503;
 * a write while the tenant is being moved → 503 with Retry-After; never a 500.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { TenantMovingError, TenantNotFoundError, TenantUnavailableError } from '../http/errors.js';
import type { Tenancy } from './tenancy.js';
import type { TenantHandle, TenantKind } from './tenant-handle.js';

/** Methods that change nothing: served from the source while a move copies the tenant. */
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

function admit(tenant: TenantHandle | undefined, label: string, method: string): TenantHandle {
  if (!tenant || tenant.status === 'archived') throw new TenantNotFoundError(label);
  if (tenant.status !== 'active') throw new TenantUnavailableError(tenant.slug, tenant.status);
  // Refused here, before any handler opens a transaction: a write accepted now would be lost.
  if (tenant.moving && !READS.has(method)) throw new TenantMovingError(tenant.slug);
  return tenant;
}

/** Where each kind of tenant lives. */
export const PATH_PREFIX: Record<TenantKind, string> = { partner: '/t', sandbox: '/s' };

/**
 * Mounted at `/t/:slug` (partners) and `/s/:slug` (sandboxes). A tenant asked for under the other
 * prefix is sent to its own (308 keeps the method and body).
 */
export function tenantFromPath(tenancy: Tenancy, kind: TenantKind): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const raw = String(req.params.slug ?? '');
    const tenant = admit(await tenancy.resolve(raw), raw.slice(0, 60), req.method);
    if (tenant.kind !== kind) return res.redirect(308, `${PATH_PREFIX[tenant.kind]}/${tenant.slug}${req.url}`);
    req.tenant = tenant;
    next();
  };
}

/** Serves `router` for requests whose Host names a tenant; passes everything else on. */
export function tenantFromHost(tenancy: Tenancy, router: RequestHandler): RequestHandler {
  return async (req, res, next) => {
    const tenant = await tenancy.resolveHost(req.hostname);
    if (!tenant || tenant.kind === 'sandbox') return next();
    req.tenant = admit(tenant, tenant.slug, req.method);
    router(req, res, next);
  };
}
