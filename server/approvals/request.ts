/**
 * Asking for a change that needs a second person: the request is stored, audited and announced
 * to the people who may decide it, all in the caller's transaction, so a request exists exactly
 * when what caused it (a call-center ticket's action) does.
 */
import type { Knex } from 'knex';
import type { AuditContext } from '../audit/trail.js';
import { isUuid } from '../http/params.js';
import { ValidationError } from '../http/validate.js';
import { tenantTranslator } from '../i18n/terminology.js';
import { mailLanguage } from '../mail/outbox.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import {
  mailTemplate,
  toApproval,
  type Approval,
  type ApprovalContext,
  type ApprovalKindSpec,
  type ApprovalRow,
  type RequestDeps,
  type Requester,
} from './approval.js';
import { ApprovalPendingError, ReasonRequiredError } from './errors.js';
import { tenantBasePath } from '../http/origin.js';
import { requesterText } from './wording.js';

export const REASON_MAX = 2000;

export interface ApprovalRequest {
  kind: ApprovalKindSpec;
  /** What the change is about; must be the kind's target type (`user` for a second-factor reset). */
  targetType: string;
  targetId: string;
  /**
   * What will change, as data. A kind may build it from the target itself (a second-factor reset
   * reads the account's name and address, and ignores this).
   */
  summary?: Record<string, unknown>;
  /** Why the requester asks; required where the kind says so. */
  reason?: string;
  /** The agency whose second person decides (a mutual check); absent: any holder of the role. */
  agencyId?: string | null;
  /** Where the request comes from (the call center's ticket), shown with it and kept in the trail. */
  context?: ApprovalContext;
  /**
   * The site's address as the caller's request reached it (`https://procure.example`), for the
   * link in the e-mail to the approvers; PUBLIC_URL wins when it is set.
   */
  origin?: string;
}

const isUniqueViolation = (error: unknown) => (error as { code?: unknown } | null)?.code === '23505';

/** The requester as the audit context names them: a signed-in user, or a platform staff member. */
function requesterOf(audit: AuditContext): Requester {
  const { type, id, label } = audit.actor;
  if ((type !== 'user' && type !== 'platform') || !id || !label)
    throw new Error('an approval is requested by a signed-in user or a platform staff member');
  return { type, id, label };
}

/** Only the context's known members, as text. */
function contextOf(context: ApprovalContext | undefined): ApprovalContext {
  const kept: ApprovalContext = {};
  if (typeof context?.ticketNo === 'string' && context.ticketNo) kept.ticketNo = context.ticketNo;
  if (typeof context?.ticketId === 'string' && context.ticketId) kept.ticketId = context.ticketId;
  return kept;
}

function reasonOf(reason: string | undefined, required: boolean): string {
  const text = (reason ?? '').trim();
  if (!text && required) throw new ReasonRequiredError();
  if (text.length > REASON_MAX)
    throw new ValidationError([{ field: 'reason', key: 'validation:too_long', params: { max: REASON_MAX } }]);
  return text;
}

/**
 * The request still waiting for a decision about this target (of this kind, when given). A pending
 * request of any kind blocks the other changes to its target (mutual-checks.ts).
 */
export async function findPendingApproval(
  tx: Knex.Transaction,
  target: { targetType: string; targetId: string; kind?: string },
): Promise<Approval | undefined> {
  const row = await tx<ApprovalRow>('approvals')
    .where({
      status: 'pending',
      target_type: target.targetType,
      target_id: target.targetId,
      ...(target.kind ? { kind: target.kind } : {}),
    })
    .orderBy('requested_at')
    .first();
  return row ? toApproval(row) : undefined;
}

/** The waiting request as a page shows it: with the requester's name (their address when not a user here). */
export async function pendingApprovalShown(
  tx: Knex.Transaction,
  target: { targetType: string; targetId: string },
): Promise<(Approval & { requesterName: string }) | undefined> {
  const waiting = await findPendingApproval(tx, target);
  if (!waiting) return undefined;
  const requester =
    waiting.requestedBy.type === 'user'
      ? await tx('users')
          .where({ id: waiting.requestedBy.id })
          .first<{ display_name: string } | undefined>('display_name')
      : undefined;
  return { ...waiting, requesterName: requester?.display_name ?? waiting.requestedBy.label };
}

/** One request, whatever its state (the call center follows its own). */
export async function readApproval(tx: Knex.Transaction, id: string): Promise<Approval | undefined> {
  const row = isUuid(id) ? await tx<ApprovalRow>('approvals').where({ id }).first() : undefined;
  return row ? toApproval(row) : undefined;
}

/**
 * An e-mail to each person who may decide, in their own language: the change as a sentence, who
 * asked and why, and the link to the approvals page. Not to the requester, nor to the person the
 * change is about: neither may decide it.
 */
async function tellApprovers(
  tx: Knex.Transaction,
  deps: RequestDeps,
  tenant: TenantHandle,
  message: { approval: Approval; kind: ApprovalKindSpec; origin?: string },
): Promise<void> {
  const { approval, kind } = message;
  const excluded = [
    ...(approval.requestedBy.type === 'user' ? [approval.requestedBy.id] : []),
    ...(approval.targetType === 'user' ? [approval.targetId] : []),
  ];
  const approvers = await tx('users')
    .where({ status: 'active' })
    .whereNotNull('email_verified_at')
    .whereRaw('? = any(roles)', [approval.approverRole])
    .modify((q) => {
      if (approval.agencyId) void q.where({ agency_id: approval.agencyId });
    })
    .whereNotIn('id', excluded)
    .select<{ email: string; display_name: string; locale: string | null }[]>('email', 'display_name', 'locale');
  const requesterName =
    approval.requestedBy.type === 'user'
      ? ((
          await tx('users')
            .where({ id: approval.requestedBy.id })
            .first<{ display_name: string } | undefined>('display_name')
        )?.display_name ?? null)
      : null;
  const origin = (deps.publicUrl ?? message.origin ?? '').replace(/\/$/, '');
  const link = `${origin}${tenantBasePath(tenant)}/admin/approvals`;
  for (const approver of approvers) {
    const lng = mailLanguage(tenant, approver.locale);
    const t = tenantTranslator(deps.i18n, tenant, lng, 'approvals');
    await deps.mailer.queue(tx, tenant, {
      to: approver.email,
      locale: approver.locale,
      template: mailTemplate('requested'),
      params: {
        name: approver.display_name,
        change: kind.describe(t, approval, { lng, tenant }),
        requester: requesterText(t, approval.requestedBy, requesterName),
        reason: approval.reason ? t('approvals:mail_reason', { reason: approval.reason }) : '',
        ticket: approval.context.ticketNo ? t('approvals:mail_ticket', { ticketNo: approval.context.ticketNo }) : '',
        link,
      },
    });
  }
}

/**
 * Asks for a change that a second person must approve, inside the caller's transaction (bound to
 * `tenant`): checks the target (the kind's prepare), refuses a request while another change to the
 * same target waits (409, `approvals:already_pending`), stores the request, records `approval.requested` in
 * the tenant's audit trail and e-mails the people who may decide. `audit` names the requester:
 * a tenant user, or platform staff (`{ actor: { type: 'platform', id, label: email } }`).
 * Returns the new request's id.
 */
export async function requestApproval(
  tx: Knex.Transaction,
  deps: RequestDeps,
  tenant: TenantHandle,
  audit: AuditContext,
  input: ApprovalRequest,
): Promise<string> {
  const { kind } = input;
  if (input.targetType !== kind.targetType)
    throw new Error(`a ${kind.name} request is about a ${kind.targetType}, not a ${input.targetType}`);
  const requester = requesterOf(audit);
  const reason = reasonOf(input.reason, kind.reasonRequired);
  const context = contextOf(input.context);
  if (await findPendingApproval(tx, { targetType: input.targetType, targetId: input.targetId }))
    throw new ApprovalPendingError();
  const given = input.summary ?? {};
  const summary = kind.prepare ? await kind.prepare(tx, tenant, { id: input.targetId, summary: given }) : given;
  const [row] = await tx('approvals')
    .insert({
      kind: kind.name,
      target_type: input.targetType,
      target_id: input.targetId,
      summary: JSON.stringify(summary),
      reason,
      context: JSON.stringify(context),
      requested_by_type: requester.type,
      requested_by_id: requester.id,
      requested_by_label: requester.label,
      approver_role: kind.approverRole,
      agency_id: input.agencyId ?? null,
    })
    .returning<ApprovalRow[]>('*')
    .catch((error: unknown) => {
      // Two requests at once: the partial unique index keeps one.
      throw isUniqueViolation(error) ? new ApprovalPendingError() : error;
    });
  const approval = toApproval(row!);
  await deps.audit.record(tx, tenant, audit, {
    action: 'approval.requested',
    target: { type: approval.targetType, id: approval.targetId },
    summary: { approvalId: approval.id, kind: approval.kind, reason, context },
    at: approval.requestedAt,
  });
  await tellApprovers(tx, deps, tenant, { approval, kind, origin: input.origin });
  return approval.id;
}
