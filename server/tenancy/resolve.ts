/**
 * Finds the request's tenant: by path (`/t/<slug>/...`, always) or by host name (when the tenant's
 * config lists hosts). Unknown or malformed → 404, suspended → 503; never a 500.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { TenantNotFoundError, TenantUnavailableError } from '../http/errors.js';
import type { Tenancy } from './tenancy.js';
import type { TenantHandle } from './tenant-handle.js';

function admit(tenant: TenantHandle | undefined, label: string): TenantHandle {
  if (!tenant || tenant.status === 'archived') throw new TenantNotFoundError(label);
  if (tenant.status !== 'active') throw new TenantUnavailableError(tenant.slug, tenant.status);
  return tenant;
}

/** Mounted at `/t/:slug`. */
export function tenantFromPath(tenancy: Tenancy): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const raw = String(req.params.slug ?? '');
    req.tenant = admit(await tenancy.resolve(raw), raw.slice(0, 60));
    next();
  };
}

/** Serves `router` for requests whose Host names a tenant; passes everything else on. */
export function tenantFromHost(tenancy: Tenancy, router: RequestHandler): RequestHandler {
  return async (req, res, next) => {
    const tenant = await tenancy.resolveHost(req.hostname);
    if (!tenant) return next();
    req.tenant = admit(tenant, tenant.slug);
    router(req, res, next);
  };
}
