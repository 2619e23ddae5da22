/**
 * A target's page shows the change waiting for a second person's check (as a sentence, who asked
 * and when), and, right after the maker's action (`?sent=check`), that it went for the check.
 * views/partials/pending-check.hbs shows both.
 */
import type { Request } from 'express';
import type { Approval } from './approval.js';
import { kindOf } from './kinds.js';

/** The page's reader; `query` holds `sent=check` right after the maker's action. */
type Reader = Pick<Request, 't' | 'lng' | 'actor'> & { query?: Request['query'] };

/** The waiting request, with the requester's name where the page knows it (their address otherwise). */
export function pendingCheckView(req: Reader, pending: (Approval & { requesterName: string }) | undefined) {
  return {
    sentForCheck:
      req.query?.sent === 'check' && pending !== undefined
        ? req.t(pending.approverRole === 'tenant-admin' ? 'approvals:sent_for_check_admin' : 'approvals:sent_for_check')
        : undefined,
    pendingCheck: pending && {
      change: kindOf(pending.kind).describe(req.t, pending, { lng: req.lng, tenant: req.actor.tenant }),
      requestedBy: pending.requesterName,
      requestedAt: pending.requestedAt,
    },
  };
}
