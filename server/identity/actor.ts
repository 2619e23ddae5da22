/**
 * Who is acting, in which tenant: the one value a service needs besides its input. A middleware
 * builds `req.actor` once per request on the tenant routers; jobs and the CLI build theirs with
 * systemActor(). Services check the user with assertCan(actor.user, …), which also narrows it.
 */
import type { NextFunction, Request, Response } from 'express';
import { SYSTEM_ACTOR, type AuditContext } from '../audit/trail.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { auditContextOf } from './passport.js';
import type { SessionUser } from './users.js';

export interface Actor {
  tenant: TenantHandle;
  /** Absent for anonymous visitors and the system. */
  readonly user?: SessionUser;
  /** Who and where, as the audit trail records it. */
  readonly audit: AuditContext;
}

export interface SignedInActor extends Actor {
  readonly user: SessionUser;
}

/**
 * Sets req.actor. The user and the audit context are read through, so a request that signs in
 * (or out) half-way sees the change.
 */
export function actorStep(req: Request, _res: Response, next: NextFunction): void {
  const tenant = req.tenant;
  if (!tenant) throw new Error('actorStep runs on tenant routes only');
  req.actor = {
    tenant,
    get user() {
      return req.user;
    },
    get audit() {
      return auditContextOf(req);
    },
  };
  next();
}

/** The tenant's own background work (jobs, the CLI), recorded as "system". */
export function systemActor(tenant: TenantHandle, audit: AuditContext = SYSTEM_ACTOR): Actor {
  return { tenant, audit };
}
