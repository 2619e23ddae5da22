/**
 * What an approval is: a change asked for by one person (a tenant user, or a platform agent at the
 * call center) that waits for the decision of another, who holds the role its kind names. The
 * kinds (kinds.ts) say who decides, how the change reads and how it is made.
 */
import type { TFunction } from 'i18next';
import type { Knex } from 'knex';
import type { AuditContext } from '../audit/trail.js';
import type { Deps } from '../deps.js';
import type { TenantRole } from '../identity/roles.js';
import type { Language } from '../i18n/languages.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';

export const APPROVAL_STATUSES = ['pending', 'approved', 'refused', 'withdrawn'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** Where the request comes from, shown with it (the call center's ticket number). */
export interface ApprovalContext {
  ticketNo?: string;
  ticketId?: string;
}

export interface Requester {
  type: 'user' | 'platform';
  id: string;
  /** The e-mail address of the person, as the audit trail names them. */
  label: string;
}

export interface Approval {
  id: string;
  kind: string;
  targetType: string;
  targetId: string;
  /** What will change, as data: a kind's describe() reads it as a sentence. Never shown raw. */
  summary: Record<string, unknown>;
  /** Why the requester asks. */
  reason: string;
  context: ApprovalContext;
  requestedBy: Requester;
  approverRole: TenantRole;
  /** The agency whose second person decides (a mutual check); null: any holder of the role. */
  agencyId: string | null;
  status: ApprovalStatus;
  decidedBy: string | null;
  decidedByLabel: string | null;
  decisionReason: string | null;
  requestedAt: Date;
  decidedAt: Date | null;
}

export interface ApprovalRow {
  id: string;
  kind: string;
  target_type: string;
  target_id: string;
  summary: Record<string, unknown>;
  reason: string;
  context: ApprovalContext;
  requested_by_type: 'user' | 'platform';
  requested_by_id: string;
  requested_by_label: string;
  approver_role: TenantRole;
  agency_id: string | null;
  status: ApprovalStatus;
  decided_by: string | null;
  decided_by_label: string | null;
  decision_reason: string | null;
  requested_at: Date;
  decided_at: Date | null;
}

export function toApproval(row: ApprovalRow): Approval {
  return {
    id: row.id,
    kind: row.kind,
    targetType: row.target_type,
    targetId: row.target_id,
    summary: row.summary,
    reason: row.reason,
    context: row.context,
    requestedBy: { type: row.requested_by_type, id: row.requested_by_id, label: row.requested_by_label },
    approverRole: row.approver_role,
    agencyId: row.agency_id,
    status: row.status,
    decidedBy: row.decided_by,
    decidedByLabel: row.decided_by_label,
    decisionReason: row.decision_reason,
    requestedAt: row.requested_at,
    decidedAt: row.decided_at,
  };
}

/** Where a request is read: the reader's language, and the tenant (its zone, currency and digits). */
export interface Reading {
  lng: Language;
  tenant: TenantHandle;
}

/** What requesting a change uses. */
export type RequestDeps = Pick<Deps, 'audit' | 'mailer' | 'i18n' | 'publicUrl'>;

/** What deciding and applying a change use (a notice's publication seals its tender and plans its opening). */
export type ApprovalDeps = RequestDeps & Pick<Deps, 'sealedBox' | 'relay'>;

/** The decision being applied: who decides (for the audit trail) and how to link to the tenant's pages. */
export interface Decision {
  audit: AuditContext;
  /** The absolute address of a path of this tenant (`/login`), for e-mails. */
  link: (path: string) => string;
}

/**
 * What a request of one kind is, without how it is applied: what the feature that asks needs
 * (the feature's own apply would import it back). `apply` joins it in kinds.ts.
 */
export interface ApprovalKindSpec {
  /** The name requests carry (`second-factor-reset`, `notice-publish`…). */
  name: string;
  /** The tenant role whose holders decide (never the requester, nor the person the change is about). */
  approverRole: TenantRole;
  /** What a request of this kind is about (`user`, `notice`, `supplier`…). */
  targetType: string;
  /** Whether the requester must say why (a call-center request); a mutual check's change speaks for itself. */
  reasonRequired: boolean;
  /**
   * Checks the target when the request is made (it exists, the change makes sense) and returns
   * the summary to keep: what the approver will read. `summary` is what the requester gave.
   * Without it, the summary is kept as given (a mutual check's feature builds it from its records).
   */
  prepare?(
    tx: Knex.Transaction,
    tenant: TenantHandle,
    target: { id: string; summary: Record<string, unknown> },
  ): Promise<Record<string, unknown>>;
  /** The change as one sentence in the reader's language, from the kept summary. */
  describe(t: TFunction, approval: Pick<Approval, 'summary' | 'targetId'>, reading: Reading): string;
  /** The page of the request's target within the tenant (`/notices-desk/<id>`), for the checker to read it whole. */
  pagePath?(approval: Pick<Approval, 'targetId'>): string;
}

/** One kind of change that needs a second person's approval. */
export interface ApprovalKind extends ApprovalKindSpec {
  /** Makes the change in the transaction that records the approval, and audits it. */
  apply(
    tx: Knex.Transaction,
    deps: ApprovalDeps,
    tenant: TenantHandle,
    approval: Approval,
    decision: Decision,
  ): Promise<void>;
  /** Lets go of what the request held (files kept for it) when it is returned: nothing else changes. */
  discard?(tx: Knex.Transaction, approval: Approval): Promise<void>;
}

/**
 * The approvals' e-mails, whose texts live in this feature's namespace (`approvals:mail_<name>_subject`
 * and `_body`), as the Mailer takes a namespaced template.
 */
export const mailTemplate = (name: 'requested' | 'factor_reset' | 'approved' | 'returned'): string =>
  `approvals:mail_${name}`;
