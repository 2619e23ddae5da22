/**
 * Who may do what: one explicit policy call per action, `can(user, 'suppliers:review')`, used by
 * the route (through requirePolicy) and again inside the service. Every route declares its policy
 * (or that it is public); a test walks the router and fails on any route that does not.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from '../http/errors.js';
import '../http/request-types.js';
import { SecondFactorEnrolmentRequiredError } from './errors.js';
import type { TenantRole } from './roles.js';
import { tenantRequiresSecondFactor } from '../regulations/second-factor.js';
import type { SessionUser } from './users.js';

const has = (user: SessionUser, ...roles: TenantRole[]) => user.roles.some((r) => roles.includes(r));

const RULES = {
  'account:use': () => true,
  'users:manage': (u: SessionUser) => has(u, 'tenant-admin'),
  'agencies:manage': (u: SessionUser) => has(u, 'tenant-admin'),
  'suppliers:review': (u: SessionUser) => has(u, 'tenant-admin'),
  /** Mail kept locally holds reset links and who bid where: the tenant's administrators only. */
  'outbox:read': (u: SessionUser) => has(u, 'tenant-admin'),
  'suppliers:debar': (u: SessionUser) => has(u, 'tenant-admin'),
  /**
   * Requests waiting for a second person: whoever holds a role some kind of request names as its
   * approver (approvals/kinds.ts); the approvals service checks the request's own role.
   */
  'approvals:decide': (u: SessionUser) => has(u, 'tenant-admin', 'officer'),
  'supplier:read-own': (u: SessionUser, supplierId?: unknown) =>
    has(u, 'supplier', 'supplier-admin') && !!u.supplierId && (supplierId === undefined || supplierId === u.supplierId),
  'supplier:manage-own': (u: SessionUser, supplierId?: unknown) =>
    has(u, 'supplier-admin') && !!u.supplierId && (supplierId === undefined || supplierId === u.supplierId),
  /** Saved searches and their alerts belong to one supplier user. */
  'alerts:manage-own': (u: SessionUser) => has(u, 'supplier', 'supplier-admin') && !!u.supplierId,
  /** Bidding is for the users of a supplier company (standing is checked by the bid service). */
  'bids:submit': (u: SessionUser) => has(u, 'supplier', 'supplier-admin') && !!u.supplierId,
  /** Evaluators take part in the evaluations they are assigned to (checked by the service). */
  'evaluation:take-part': (u: SessionUser) => has(u, 'evaluator'),
  /** A bidder's users may complain about an award (the service checks they bid). */
  'complaints:file': (u: SessionUser) => has(u, 'supplier', 'supplier-admin') && !!u.supplierId,
  /** Signing binds the company: its administrators sign. */
  'contracts:sign-own': (u: SessionUser, supplierId?: unknown) =>
    has(u, 'supplier-admin') && !!u.supplierId && (supplierId === undefined || supplierId === u.supplierId),
  'invoices:submit': (u: SessionUser, supplierId?: unknown) =>
    has(u, 'supplier', 'supplier-admin') && !!u.supplierId && (supplierId === undefined || supplierId === u.supplierId),
  /** Auditors (and tenant administrators) verify contract signatures. */
  'contracts:verify': (u: SessionUser) => has(u, 'auditor', 'tenant-admin'),
  'audit:read': (u: SessionUser) => has(u, 'auditor'),
  /** The integrity red flags name suppliers before any finding: auditors and the tenant's administrators. */
  'integrity:read': (u: SessionUser) => has(u, 'auditor', 'tenant-admin'),
  'rules:read': (u: SessionUser) => has(u, 'tenant-admin', 'auditor', 'officer'),
  /** Officers publish notices of their own agency only. */
  'notices:manage': (u: SessionUser, agencyId?: unknown) =>
    has(u, 'officer') && !!u.agencyId && (agencyId === undefined || agencyId === u.agencyId),
  /** Innovative products are designated for the whole tenant: any officer, or a tenant administrator. */
  'innovation:designate': (u: SessionUser) => has(u, 'tenant-admin', 'officer'),
  /** Officers plan for their own agency only. */
  'plans:manage': (u: SessionUser, agencyId?: unknown) =>
    has(u, 'officer') && !!u.agencyId && (agencyId === undefined || agencyId === u.agencyId),
} satisfies Record<string, (user: SessionUser, resource?: unknown) => boolean>;

export type Action = keyof typeof RULES;

export function can(user: SessionUser | undefined, action: Action, resource?: unknown): boolean {
  if (!user) return false;
  return RULES[action](user, resource);
}

export class ForbiddenError extends AppError {
  constructor(action: string) {
    super('forbidden', 403, 'errors:forbidden', { action });
  }
}

export class UnauthenticatedError extends AppError {
  constructor() {
    super('unauthenticated', 401, 'errors:unauthenticated');
  }
}

/** For services: throws unless the user may. */
export function assertCan(
  user: SessionUser | undefined,
  action: Action,
  resource?: unknown,
): asserts user is SessionUser {
  if (!user) throw new UnauthenticatedError();
  if (!can(user, action, resource)) throw new ForbiddenError(action);
}

export type PolicyTag = {
  policy: Action | 'public' | 'signed-in-pending' | 'staff:desk' | 'staff:lookup' | 'staff:sandboxes';
};
export type TaggedHandler = RequestHandler & PolicyTag;

function isApi(req: Request): boolean {
  return /\/api(\/|$)/.test(req.originalUrl.split('?')[0] ?? '');
}

/** Declares a route public: anyone may call it. */
export const publicRoute: TaggedHandler = Object.assign((_req: Request, _res: Response, next: NextFunction) => next(), {
  policy: 'public' as const,
});

/**
 * Declares a route for signed-in users who may still be half-way (second factor to enrol): the
 * enrolment pages and signing out.
 */
export const signedInRoute: TaggedHandler = Object.assign(
  (req: Request, res: Response, next: NextFunction) => {
    if (req.user) return next();
    if (isApi(req)) return next(new UnauthenticatedError());
    res.redirect(`${req.baseUrl}/login?next=${encodeURIComponent(req.originalUrl)}`);
  },
  { policy: 'signed-in-pending' as const },
);

/** Requires a signed-in user allowed to perform `action` (on the resource the request names). */
export function requirePolicy(action: Action, resourceOf?: (req: Request) => unknown): TaggedHandler {
  const handler = (req: Request, res: Response, next: NextFunction) => {
    const user = req.user;
    if (!user) {
      if (isApi(req)) return next(new UnauthenticatedError());
      return res.redirect(`${req.baseUrl}/login?next=${encodeURIComponent(req.originalUrl)}`);
    }
    if (req.tenant && tenantRequiresSecondFactor(req.tenant, user.roles) && !user.secondFactorEnabled) {
      if (isApi(req)) return next(new SecondFactorEnrolmentRequiredError());
      return res.redirect(`${req.baseUrl}/account/second-factor`);
    }
    if (!can(user, action, resourceOf?.(req))) return next(new ForbiddenError(action));
    next();
  };
  return Object.assign(handler, { policy: action });
}
