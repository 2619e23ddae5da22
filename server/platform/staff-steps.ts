/**
 * Who acts on the staff desk (/platform): the staff member signed in by the desk's own session
 * (staff-routes.ts), never a tenant's user. Pages check the role with requireStaff; services are
 * given a StaffActor, whose audit context is written to the trail of the tenant looked into.
 */
import type { NextFunction, Request, Response } from 'express';
import type { AuditContext } from '../audit/trail.js';
import { AppError } from '../http/errors.js';
import type { TaggedHandler } from '../identity/policy.js';
import type { StaffMember, StaffRole } from './staff.js';

declare module 'express-serve-static-core' {
  interface Request {
    staff?: StaffMember;
  }
}

export class StaffForbiddenError extends AppError {
  constructor() {
    super('forbidden', 403, 'errors:forbidden');
  }
}

/** Requires a signed-in staff member (of a role, when given); without one, the sign-in page. */
export function requireStaff(
  policy: 'staff:desk' | 'staff:lookup' | 'staff:sandboxes',
  roles: StaffRole[] = ['operator', 'agent'],
): TaggedHandler {
  const handler = (req: Request, res: Response, next: NextFunction) => {
    if (!req.staff) return res.redirect('/platform/login');
    if (!roles.includes(req.staff.role)) return next(new StaffForbiddenError());
    next();
  };
  return Object.assign(handler, { policy });
}

export interface StaffActor {
  staff: StaffMember;
  /** Who looked or acted, for the audit trail of the tenant concerned. */
  audit: AuditContext;
}

/** The signed-in staff member (after requireStaff). */
export function staffActor(req: Request): StaffActor {
  const staff = req.staff!;
  return {
    staff,
    audit: {
      actor: { type: 'platform', id: staff.id, label: staff.email },
      requestId: typeof req.id === 'string' ? req.id : null,
      clientAddress: req.ip ?? null,
    },
  };
}
